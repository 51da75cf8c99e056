from odoo.addons.parcours_billing.tests.common import BillingCase


class TestMsmaForfait(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.msma = cls.env.ref("parcours_msma.programme_msma")
        cls.msma_rule = cls.env.ref("parcours_msma_billing.forfait_rule_msma")
        cls.team = (cls.gp_user, cls.psychologist_user, cls.social_worker_user)

    def test_rule_is_the_domain_split(self):
        self.assertEqual(self.msma_rule.programme_id, self.msma)
        self.assertEqual(self.msma_rule.amount, 529.0)
        self.assertEqual(self.msma_rule.period_kind, "yearly")
        amounts = [
            component.amount
            for component in self.msma_rule.component_ids.sorted("sequence")
            if component.computation != "remainder"
        ]
        self.assertEqual(amounts, [225, 186, 5, 11, 6, 4, 38, 54])
        self.assertEqual(sum(amounts), 529)

    def test_patient_year_is_split_to_the_cent(self):
        pathway = self.pathway_included_on(self.msma, "2026-01-05", self.team)
        self.done_encounters(pathway, self.psychologist_user, self.consultation, 5)
        for day in ("2026-03-02", "2026-06-01", "2026-09-01", "2026-12-01"):
            self.validated_rcp(day + " 14:00:00", programme=self.msma)
        run = self.new_run(programme=self.msma)
        run.action_compute()
        lines = run.line_ids.filtered(lambda line: line.rule_id == self.msma_rule)
        self.assertEqual(sum(lines.mapped("amount_cents")), 52900)
        psy = self.psychologist_user.partner_id
        by_partner = {}
        for line in lines:
            by_partner[line.partner_id] = by_partner.get(line.partner_id, 0) + line.amount_cents
        self.assertEqual(by_partner[psy], 22500 + 600)
        self.assertEqual(by_partner[self.gp_user.partner_id], 1100)
        self.assertEqual(by_partner[self.csapa], 18600 + 500 + 400)
        self.assertEqual(by_partner[self.organisation.partner_id], 3800 + 5400)
        run.action_validate()
        self.assertEqual(len(run.sudo().move_ids), 3)
        self.assertEqual(sum(run.sudo().move_ids.mapped("amount_total")), 437.0)

    def test_salaried_psychologist_with_two_consultations(self):
        self.psychologist_user.partner_id.parcours_employment = "salaried"
        pathway = self.pathway_included_on(self.msma, "2026-01-05", self.team)
        self.done_encounters(pathway, self.psychologist_user, self.consultation, 2)
        run = self.new_run(programme=self.msma)
        run.action_compute()
        lines = run.line_ids
        self.assertEqual(sum(lines.mapped("amount_cents")), 52900)
        self.assertFalse(
            lines.filtered(lambda line: line.partner_id == self.psychologist_user.partner_id)
        )
        csapa = sum(
            lines.filtered(lambda line: line.partner_id == self.csapa).mapped("amount_cents")
        )
        # Everything except the coordinations and the GP's (absent) RCP time.
        self.assertEqual(csapa, 52900 - 3800 - 5400)
