from odoo import Command

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


class TestMsmaRcpPool(BillingCase):
    """RCP time is shared over the patients of the microstructure that held the RCPs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.msma = cls.env.ref("parcours_msma.programme_msma")
        cls.msma_rule = cls.env.ref("parcours_msma_billing.forfait_rule_msma")
        cls.structures = []
        for index in range(2):
            team = tuple(
                cls.new_parcours_user(
                    "%s_%d" % (code, index),
                    "parcours_base.group_parcours_professional",
                    profession=cls.env.ref("parcours_base.profession_" + code),
                )
                for code in ("gp", "psychologist", "social_worker")
            )
            gp, psychologist, social_worker = team
            (gp | psychologist).partner_id.parcours_employment = "self_employed"
            social_worker.partner_id.write(
                {"parcours_employment": "salaried", "parcours_employer_id": cls.csapa.id}
            )
            microstructure = cls.env["parcours.msma.microstructure"].create(
                {
                    "name": "MSMA %d" % index,
                    "department": "12",
                    "structure_id": cls.csapa.id,
                    "programme_id": cls.msma.id,
                    "gp_ids": gp.partner_id.ids,
                    "psychologist_ids": psychologist.partner_id.ids,
                    "social_worker_ids": social_worker.partner_id.ids,
                }
            )
            for _patient in range(42):
                cls.pathway_included_on(
                    cls.msma, "2026-01-05", team, microstructure_id=microstructure.id
                )
            for day in ("2026-03-02", "2026-06-01", "2026-09-01", "2026-12-01"):
                cls.team_rcp(day + " 14:00:00", team)
            cls.structures.append((microstructure, team))

    @classmethod
    def team_rcp(cls, day, team, programme=None):
        rcp = cls.env["parcours.rcp"].create(
            {
                "name": "RCP %s" % day,
                "date": day,
                "programme_ids": [Command.set((programme or cls.msma).ids)],
                "attendee_ids": [
                    Command.create({"partner_id": user.partner_id.id, "minutes_attended": 90})
                    for user in team
                ],
            }
        )
        rcp.action_hold()
        rcp.action_validate()
        return rcp

    def _rcp_cents(self, run, component_code):
        """{beneficiary: set of cents per patient} of an RCP component."""
        cents = {}
        for line in run.line_ids.filtered(lambda line: line.component_id.code == component_code):
            cents.setdefault(line.partner_id, set()).add(line.amount_cents)
        return cents

    def test_two_msma_pay_the_funder_figure_each(self):
        run = self.new_run(programme=self.msma)
        run.action_compute()
        self.assertEqual(len(set(run.line_ids.mapped("pathway_ref"))), 84)
        self.assertEqual(sum(run.line_ids.mapped("amount_cents")), 84 * 52900)
        for _microstructure, (gp, psychologist, _social_worker) in self.structures:
            # 4 x 1.5 h x 75 / 42 = 10.71, paid as the funder's 11 (not 5.36 over 84).
            self.assertEqual(self._rcp_cents(run, "RCP_GP")[gp.partner_id], {1100})
            self.assertEqual(self._rcp_cents(run, "RCP_PSY")[psychologist.partner_id], {600})
        self.assertEqual(self._rcp_cents(run, "RCP_TS")[self.csapa], {400})
        line = run.line_ids.filtered(lambda line: line.component_id.code == "RCP_GP")[:1]
        # What the sentence shows (in the reader's language): 10.71 each over 42 patients.
        self.assertEqual(line.source_facts["share"], 1071)
        self.assertEqual(line.source_facts["patients"], 42)
        self.assertTrue(line.source_facts["stated"])

    def test_computed_share_is_per_microstructure(self):
        self.msma_rule.component_ids.write({"pooled_payment": "computed"})
        run = self.new_run(programme=self.msma)
        run.action_compute()
        for _microstructure, (gp, psychologist, _social_worker) in self.structures:
            self.assertEqual(self._rcp_cents(run, "RCP_GP")[gp.partner_id], {1071})
            # 4 x 1.5 h x 45 / 42 = 6.43, capped at the component's 6.
            self.assertEqual(self._rcp_cents(run, "RCP_PSY")[psychologist.partner_id], {600})
        # The social worker's 4.43 (capped at 4) goes to the CSAPA employing them.
        self.assertEqual(self._rcp_cents(run, "RCP_TS")[self.csapa], {400})
        self.assertEqual(sum(run.line_ids.mapped("amount_cents")), 84 * 52900)

    def test_other_programmes_share_over_the_professional_patients(self):
        """Without microstructures, a professional's RCP time is shared over the patients of
        their own care teams, not over the organisation's."""
        (gp_a, psy_a, sw_a) = self.structures[0][1]
        (gp_b, psy_b, sw_b) = self.structures[1][1]
        for _patient in range(42):
            self.pathway_included_on(self.programme, "2026-01-05", (gp_a, psy_a, sw_a))
        for _patient in range(21):
            self.pathway_included_on(self.programme, "2026-01-05", (gp_b, psy_b, sw_b))
        for day in ("2026-03-02", "2026-06-01", "2026-09-01", "2026-12-01"):
            self.team_rcp(day + " 15:00:00", (gp_a, gp_b), programme=self.programme)
        run = self.new_run()
        run.action_compute()
        gp_lines = run.line_ids.filtered(lambda line: line.component_id.name == "RCP time, GP")
        self.assertEqual(
            {(line.partner_id, line.amount_cents) for line in gp_lines},
            # 450 / 42 = 10.71 for the first GP; 450 / 21 = 21.43, capped at 11, for the other.
            {(gp_a.partner_id, 1071), (gp_b.partner_id, 1100)},
        )
