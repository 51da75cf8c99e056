from odoo.exceptions import AccessError

from .common import BillingCase


class TestBillingAccess(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.included_pathway()
        cls.payout_run = cls.env["parcours.payout.run"].create(
            {"programme_id": cls.programme.id, "date_from": "2027-01-01", "date_to": "2027-01-31"}
        )
        cls.payout_run.action_compute()
        cls.other_company = cls.env["res.company"].create({"name": "Other organisation"})
        cls.other_accountant = cls.new_parcours_user(
            "other_accountant", "parcours_base.group_parcours_accountant", company=cls.other_company
        )

    def test_accountant_sees_figures_not_patients(self):
        lines = self.payout_run.line_ids.with_user(self.accountant)
        values = lines.read(["pathway_ref", "amount", "component_id", "partner_id", "state"])
        self.assertEqual(len(values), len(self.payout_run.line_ids))
        self.assertTrue(all(value["pathway_ref"].startswith("PW-") for value in values))
        self.assertNotIn(self.pathway.name, {value["pathway_ref"] for value in values})
        with self.assertRefused(AccessError, "Pathway|pathway"):
            lines.read(["pathway_id"])
        with self.assertRefused(AccessError, "pathway|Pathway"):
            self.pathway.with_user(self.accountant).read(["name"])
        with self.assertRefused(AccessError, "patient|Patient"):
            self.pathway.patient_id.with_user(self.accountant).read(["birth_name"])

    def test_accountant_of_another_organisation_sees_nothing(self):
        lines = self.env["parcours.forfait.line"].with_user(self.other_accountant)
        self.assertFalse(lines.search([]))
        with self.assertRefused(AccessError, "Forfait line|forfait"):
            self.payout_run.line_ids.with_user(self.other_accountant).read(["amount"])
        with self.assertRefused(AccessError, "Payout run|payout"):
            self.payout_run.with_user(self.other_accountant).read(["name"])

    def test_professional_reads_only_what_they_are_paid(self):
        Line = self.env["parcours.forfait.line"].with_user(self.psychologist_user)
        own = Line.search([])
        self.assertTrue(own)
        self.assertEqual(own.partner_id, self.psychologist_user.partner_id)
        self.assertEqual(own.component_id.name, "Psychologist consultations")
        foreign = self.payout_run.line_ids.filtered(
            lambda line: line.partner_id != self.psychologist_user.partner_id
        )
        with self.assertRefused(AccessError, "Forfait line|forfait"):
            foreign.with_user(self.psychologist_user).read(["amount"])
        with self.assertRefused(AccessError, "Payout run|payout"):
            self.payout_run.with_user(self.psychologist_user).read(["name"])

    def test_coordinator_cannot_bill_nor_change_rules(self):
        # The refusals name the model, whatever the reader's language.
        with self.assertRefused(AccessError, "parcours.forfait.rule"):
            self.rule.with_user(self.coordinator).amount = 1
        with self.assertRefused(AccessError, "parcours.payout.run"):
            self.payout_run.with_user(self.coordinator).action_validate()

    def test_accountant_has_a_billing_menu(self):
        menus = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        self.assertIn(self.env.ref("parcours_base.parcours_menu_root").id, menus)
        self.assertIn(self.env.ref("parcours_billing.parcours_payout_run_menu").id, menus)
