from odoo.tests import HttpCase, tagged

from .common import BillingCase


@tagged("post_install", "-at_install")
class TestBillingUi(HttpCase, BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant.password = "test_accountant"
        cls.csapa.name = "CSAPA Tour"

    def test_accountant_bills_a_period(self):
        self.included_pathway()
        self.name_in_every_language(self.programme, "Test programme")
        self.start_tour(
            "/odoo/action-parcours_billing.parcours_payout_run_action",
            "parcours_payout_run_tour",
            login="test_accountant",
        )
        run = self.env["parcours.payout.run"].search([("programme_id", "=", self.programme.id)])
        self.assertEqual(len(run), 1, "the run created by the accountant in the browser")
        self.assertEqual(str(run.date_from), "2027-01-01")
        self.assertEqual(str(run.date_to), "2027-01-31")
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.sudo().move_ids), 2, "psychologist and CSAPA; no RCP held")
