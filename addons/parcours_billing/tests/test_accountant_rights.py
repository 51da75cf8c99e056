from odoo.addons.parcours_base.tests.common import ParcoursCase


class TestAccountantRights(ParcoursCase):
    def test_accountant_can_prepare_vendor_bills(self):
        self.assertTrue(self.accountant.has_group("account.group_account_invoice"))
        self.assertTrue(self.env["account.move"].with_user(self.accountant).has_access("create"))
