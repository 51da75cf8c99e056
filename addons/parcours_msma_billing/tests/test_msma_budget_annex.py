from odoo.addons.parcours_billing.tests.common import BillingCase


class TestMsmaBudgetAnnex(BillingCase):
    """The annex is built from the microstructures: nothing is typed but the targets the
    funder negotiated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.msma = cls.env.ref("parcours_msma.programme_msma")
        cls.team = (cls.gp_user, cls.psychologist_user, cls.social_worker_user)

        def microstructure(name, start):
            return cls.env["parcours.msma.microstructure"].create(
                {
                    "name": name,
                    "department": "12",
                    "structure_id": cls.csapa.id,
                    "programme_id": cls.msma.id,
                    "start_date": start,
                }
            )

        cls.laguiole = microstructure("MSMA Laguiole", "2017-09-01")
        cls.nailloux = microstructure("MSMA Nailloux", "2027-03-01")
        cls.pathway_included_on(cls.msma, "2026-01-05", cls.team, microstructure_id=cls.laguiole.id)

    def new_annex(self):
        return (
            self.env["parcours.budget.annex"]
            .with_user(self.manager)
            .create({"programme_id": self.msma.id, "first_year": 2026})
        )

    def test_annex_from_the_microstructures(self):
        self.new_run(programme=self.msma).action_compute()
        annex = self.new_annex()
        self.assertEqual(annex.rule_id, self.env.ref("parcours_msma_billing.forfait_rule_msma"))
        annex._compute_annex()
        structure = self.env["parcours.budget.structure"].search(
            [("microstructure_id", "=", self.laguiole.id)]
        )
        self.assertEqual(structure.opening_date.isoformat(), "2017-09-01")
        # The target negotiated for 2027, the only figure a coordinator types.
        structure.with_user(self.manager).target_ids = [(0, 0, {"year": 2027, "patients": 50})]
        self.laguiole.name = "MSMA de Laguiole"
        years, started, lines, totals = self.new_annex()._compute_annex()
        self.assertEqual(started, [2026, 2027])
        # The seed microstructures of Occitanie (open since 2017 and 2020) have a line
        # each; only the new one makes the 2027 cohort.
        [open_line] = [line for line in lines if line["keys"] == structure.ids]
        nailloux = self.env["parcours.budget.structure"].search(
            [("microstructure_id", "=", self.nailloux.id)]
        )
        [cohort] = [line for line in lines if nailloux.id in line["keys"]]
        self.assertEqual(cohort["kind"], "cohort")
        self.assertEqual(open_line["name"], "MSMA de Laguiole")
        self.assertEqual(
            [open_line["years"][year] for year in years],
            [(45, 2380500), (50, 2645000), (45, 2380500)],
        )
        # The patient's first year (2026) accrued on the microstructure following it.
        self.assertEqual(open_line["actuals"], {2026: (52900, 0), 2027: (0, 0)})
        self.assertIn("MSMA Nailloux", cohort["names"])
        # Alone in its cohort here: the demo microstructures may open in other years.
        if len(cohort["keys"]) == 1:
            self.assertEqual(
                [cohort["years"][year] for year in years],
                [(0, 0), (30, 1587000), (45, 2380500)],
            )
            self.assertEqual(cohort["startup_cents"], 200000)
        self.assertEqual(totals["cents"], sum(line["cents"] for line in lines))
        self.assertEqual(totals["actuals"][2026][0], 52900 + self._demo_accrued(2026))

    def test_archived_microstructure_leaves_the_annex(self):
        self.new_annex()._compute_annex()
        self.nailloux.active = False
        __, __, lines, __ = self.new_annex()._compute_annex()
        self.assertNotIn("MSMA Nailloux", [name for line in lines for name in line["names"]])

    def _demo_accrued(self, year):
        """Forfaits of the demo data (when installed) accrued in `year`."""
        return sum(
            self.env["parcours.forfait.line"]
            .search(
                [
                    ("rule_id", "=", self.env.ref("parcours_msma_billing.forfait_rule_msma").id),
                    ("period_start", ">=", "%s-01-01" % year),
                    ("period_start", "<=", "%s-12-31" % year),
                    ("pathway_id.microstructure_id", "!=", self.laguiole.id),
                ]
            )
            .mapped("amount_cents")
        )
