"""The pure functions of parcours_base/tools, without a database."""

import doctest
from datetime import date

from odoo.tests import BaseCase

from ..tools import age
from ..tools.age import age_band, age_on


class TestAge(BaseCase):
    def test_age_in_completed_years(self):
        born = date(1970, 6, 15)
        self.assertEqual(age_on(born, date(2026, 6, 14)), 55)
        self.assertEqual(age_on(born, date(2026, 6, 15)), 56)
        self.assertEqual(age_on(date(2024, 2, 29), date(2027, 2, 28)), 2)
        self.assertEqual(age_on(date(2024, 2, 29), date(2027, 3, 1)), 3)
        self.assertIsNone(age_on(False, date(2026, 1, 1)))
        self.assertIsNone(age_on(born, None))

    def test_age_bands(self):
        self.assertEqual(
            [age_band(a) for a in (5, 18, 19, 49, 75, 76)],
            ["0-18", "0-18", "19-29", "30-49", "50-75", "76+"],
        )
        self.assertEqual(age_band(None), "")

    def test_documented_examples(self):
        self.assertEqual(doctest.testmod(age).failed, 0)
