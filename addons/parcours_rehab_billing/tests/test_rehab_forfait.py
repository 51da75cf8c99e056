from odoo.addons.parcours_billing.tests.common import BillingCase


class TestRehabForfait(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rehab = cls.env.ref("parcours_rehab.programme_rehab")
        cls.rehab_rule = cls.env.ref("parcours_rehab_billing.forfait_rule_rehab")
        cls.home_visit = cls.env.ref("parcours_base.encounter_kind_home_visit")
        cls.assessment = cls.env.ref("parcours_base.encounter_kind_assessment")
        cls.physio_user = cls.new_parcours_user(
            "physio",
            "parcours_base.group_parcours_professional",
            profession=cls.env.ref("parcours_base.profession_physiotherapist"),
        )
        cls.dietitian_user = cls.new_parcours_user(
            "dietitian",
            "parcours_base.group_parcours_professional",
            profession=cls.env.ref("parcours_base.profession_dietitian"),
        )
        cls.pulmonologist_user = cls.new_parcours_user(
            "pulmonologist",
            "parcours_base.group_parcours_professional",
            profession=cls.env.ref("parcours_base.profession_pulmonologist"),
        )
        (cls.physio_user | cls.dietitian_user | cls.pulmonologist_user).partner_id.write(
            {"parcours_employment": "self_employed"}
        )

    def test_rule_data(self):
        self.assertEqual(self.rehab_rule.amount, 2300.08)
        self.assertEqual(self.rehab_rule.budget_amount, 2300.08)
        self.assertEqual(self.rehab_rule.period_kind, "inclusion")

    def test_physio_with_three_follow_ups_is_paid_128(self):
        pathway = self.pathway_included_on(
            self.rehab,
            "2026-01-05",
            (self.physio_user, self.dietitian_user, self.pulmonologist_user),
        )
        # The initial session and three follow-ups; the physician's evaluation.
        self.done_encounters(pathway, self.physio_user, self.home_visit, 4)
        self.done_encounters(pathway, self.pulmonologist_user, self.assessment, 1)
        self.done_encounters(pathway, self.dietitian_user, self.consultation, 2)
        run = self.new_run("2027-01-01", "2027-01-31", programme=self.rehab)
        run.action_compute()
        lines = run.line_ids
        paid = {line.partner_id: line.amount for line in lines if not line.retained}
        self.assertEqual(paid[self.physio_user.partner_id], 128.0)
        self.assertEqual(paid[self.dietitian_user.partner_id], 75.0)
        self.assertEqual(paid[self.pulmonologist_user.partner_id], 100.0)
        retained = lines.filtered("retained")
        self.assertEqual(retained.partner_id, self.organisation.partner_id)
        self.assertEqual(retained.amount_cents, 230008 - 12800 - 7500 - 10000)
        self.assertEqual(sum(lines.mapped("amount_cents")), 230008)
        run.action_validate()
        self.assertEqual(len(run.sudo().move_ids), 3)

    def test_physio_is_paid_for_the_sessions_held(self):
        """0..7 sessions: nothing, the initial 50, then 26 per follow-up up to 180."""
        pathways = self.env["parcours.pathway"]
        for sessions in range(8):
            pathway = self.pathway_included_on(
                self.rehab, "2026-01-05", (self.physio_user, self.pulmonologist_user)
            )
            self.done_encounters(pathway, self.physio_user, self.home_visit, sessions)
            pathways |= pathway
        run = self.new_run("2027-01-01", "2027-01-31", programme=self.rehab)
        run.action_compute()
        physio = self.physio_user.partner_id
        paid = dict.fromkeys(pathways, 0)
        for line in run.line_ids.sudo().filtered(lambda line: line.partner_id == physio):
            paid[line.pathway_id] += line.amount_cents
        self.assertEqual(
            [paid[pathway] for pathway in pathways],
            [0, 5000, 7600, 10200, 12800, 15400, 18000, 18000],
        )
        # No evaluation recorded: the physician is paid nothing; the association keeps it.
        self.assertFalse(
            run.line_ids.filtered(
                lambda line: line.partner_id == self.pulmonologist_user.partner_id
            )
        )
        for pathway in pathways:
            lines = run.line_ids.sudo().filtered(lambda line, p=pathway: line.pathway_id == p)
            self.assertEqual(sum(lines.mapped("amount_cents")), 230008)

    def test_physician_is_paid_once_the_evaluation_is_recorded(self):
        pathway = self.pathway_included_on(
            self.rehab, "2026-01-05", (self.pulmonologist_user, self.physio_user)
        )
        self.done_encounters(pathway, self.pulmonologist_user, self.home_visit, 2)
        self.done_encounters(pathway, self.pulmonologist_user, self.assessment, 1)
        run = self.new_run("2027-01-01", "2027-01-31", programme=self.rehab)
        run.action_compute()
        physician = run.line_ids.filtered(
            lambda line: line.partner_id == self.pulmonologist_user.partner_id
        )
        self.assertEqual(physician.amount_cents, 10000)
        self.assertFalse(
            run.line_ids.filtered(lambda line: line.partner_id == self.physio_user.partner_id),
            "no session held, no physiotherapy paid",
        )


class TestRehabBudget(BillingCase):
    """Rehab budgets a yearly number of programmes at the full cost per patient
    (domain.md section 3: 220, 240, 260 programmes at 2,300.08 EUR)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rehab = cls.env.ref("parcours_rehab.programme_rehab")
        cls.rehab_rule = cls.env.ref("parcours_rehab_billing.forfait_rule_rehab")

    def test_annex_with_the_multi_year_total(self):
        self.env["parcours.budget.structure"].with_user(self.manager).create(
            {
                "name": "Association",
                "programme_id": self.rehab.id,
                "opening_date": "2019-01-01",
                "target_ids": [
                    (0, 0, {"year": year, "patients": patients})
                    for year, patients in ((2028, 220), (2029, 240), (2030, 260))
                ],
            }
        )
        annex = (
            self.env["parcours.budget.annex"]
            .with_user(self.manager)
            .create({"programme_id": self.rehab.id, "first_year": 2028})
        )
        self.assertEqual(annex.rule_id, self.rehab_rule)
        action = annex.action_show()
        Line = self.env["parcours.budget.annex.line"].with_user(self.manager)
        self.assertEqual(
            Line._read_group(action["domain"], ["year"], ["patients:sum", "amount:sum"]),
            [("2028", 220, 506017.6), ("2029", 240, 552019.2), ("2030", 260, 598020.8)],
        )
        [[patients, amount]] = Line._read_group(
            action["domain"], [], ["patients:sum", "amount:sum"]
        )
        self.assertEqual((patients, amount), (720, 1656057.6))

    def test_yearly_rows_of_a_rehab_budget_add_up(self):
        Target = self.env["parcours.budget.target"].with_user(self.accountant)
        for year, programmes in ((2028, 220), (2029, 240), (2030, 260)):
            Target.create(
                {
                    "rule_id": self.rehab_rule.id,
                    "year": year,
                    "new_structures": 0,
                    "existing_structures": 1,
                    "later_year_target": programmes,
                }
            )
        [[patients, amount]] = Target._read_group(
            [("rule_id", "=", self.rehab_rule.id)],
            [],
            ["expected_patients:sum", "budget_amount:sum"],
        )
        self.assertEqual((patients, amount), (720, 1656057.6))
