from odoo import Command
from odoo.exceptions import AccessError

from .common import BillingCase


class TestSudoBoundaries(BillingCase):
    """The billing paths that read or write as superuser, tried by the users of a second
    organisation: nothing of the first organisation is read or written through them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_org = cls.env["res.company"].create({"name": "Cellule Hérault"})
        cls.other_manager = cls.new_parcours_user(
            "manager_b", "parcours_base.group_parcours_manager", company=cls.other_org
        )
        cls.other_accountant = cls.new_parcours_user(
            "accountant_b", "parcours_base.group_parcours_accountant", company=cls.other_org
        )
        # The programme and its shared rule run in both organisations: only the
        # organisation rules stand between them.
        cls.programme.company_ids = [Command.link(cls.other_org.id)]
        cls.included_pathway()
        cls.payout = (
            cls.env["parcours.payout.run"]
            .with_user(cls.accountant)
            .create(
                {
                    "programme_id": cls.programme.id,
                    "date_from": "2027-01-01",
                    "date_to": "2027-01-31",
                }
            )
        )
        cls.payout.action_compute()
        cls.lines = cls.payout.line_ids
        cls.payout.with_user(cls.second_accountant).action_validate()

    def test_annex_of_another_organisation_reads_no_amount(self):
        Annex = self.env["parcours.budget.annex"].with_user(self.other_manager)
        annex = Annex.create({"programme_id": self.programme.id, "first_year": 2027})
        self.assertEqual(annex.company_id, self.other_org)
        # Its own annex shows nothing accrued: the amounts are the first organisation's.
        __, __, __, totals = annex._compute_annex()
        self.assertEqual(totals["actuals"], {2027: (0, 0)})
        # Pointed at the first organisation after the fact (a transient record's write is
        # checked on its values before the write), it is refused.
        with self.assertRaises(AccessError):
            annex.company_id = self.organisation
            annex.action_show()
        with self.assertRaises(AccessError):
            annex.company_id = self.organisation
            annex.action_export_xlsx()

    def test_correction_of_another_organisation_line_is_refused(self):
        line = self.lines.filtered(lambda line: line.amount)[:1]
        count = self.env["parcours.forfait.line"].search_count([])
        with self.assertRaises(AccessError):
            line.with_user(self.other_accountant).action_correct(1, "Wrong amount")
        self.assertEqual(self.env["parcours.forfait.line"].search_count([]), count)
        self.assertTrue(line.is_current)

    def test_background_job_of_another_organisation_is_refused(self):
        run = self.new_run("2027-02-01", "2027-02-28")
        for action in ("action_compute_later", "action_validate_later"):
            with self.assertRaises(AccessError):
                getattr(run.with_user(self.other_accountant), action)()
        self.assertFalse(run.job_state)
        self.assertFalse(run.job_user_id)

    def test_payout_of_another_organisation_accrues_nothing_of_the_first(self):
        # The accrual reads pathways, teams, encounters and RCPs as superuser: for the
        # run's organisation only.
        run = (
            self.env["parcours.payout.run"]
            .with_user(self.other_accountant)
            .create(
                {
                    "programme_id": self.programme.id,
                    "date_from": "2027-01-01",
                    "date_to": "2027-01-31",
                }
            )
        )
        self.assertEqual(run.company_id, self.other_org)
        run.action_compute()
        self.assertFalse(run.sudo().line_ids)
        self.assertFalse(
            self.env["parcours.forfait.line"].search([("company_id", "=", self.other_org.id)])
        )

    def test_line_states_of_another_organisation_are_not_read(self):
        # The state is computed from the bill as superuser, on lines the rules let read.
        Line = self.env["parcours.forfait.line"].with_user(self.other_accountant)
        self.assertFalse(Line.search([("state", "=", "billed")]))
        with self.assertRaises(AccessError):
            self.lines.with_user(self.other_accountant).read(["state"])
