from odoo.addons.parcours_base.tests.common import ParcoursCase


class TestAccountantRights(ParcoursCase):
    def test_accountant_can_prepare_vendor_bills(self):
        accountant = self.new_parcours_user("accountant", "parcours_base.group_parcours_accountant")
        self.assertTrue(accountant.has_group("account.group_account_invoice"))
        self.assertTrue(self.env["account.move"].with_user(accountant).has_access("create"))
