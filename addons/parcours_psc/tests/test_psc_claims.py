import doctest

from odoo.tests import BaseCase

from ..tools import psc_claims


class TestPscClaims(BaseCase):
    def test_doctests(self):
        result = doctest.testmod(psc_claims)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)
