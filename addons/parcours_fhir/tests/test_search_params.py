import doctest

from odoo.tests import BaseCase

from ..tools import search


class TestSearchParams(BaseCase):
    def test_doctests(self):
        failures, tried = doctest.testmod(search)
        self.assertGreater(tried, 0)
        self.assertEqual(failures, 0)

    def test_bad_values_are_refused(self):
        for value in ("yesterday", "2026-13", "2026-01-01T25"):
            with self.assertRaises(ValueError):
                search.date_domain("start", value)
        with self.assertRaises(ValueError):
            search.parse_reference("Practitioner/3", "Patient")
