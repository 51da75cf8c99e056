from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import RehabCase


class TestAccess(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-20"):
            cls.own = cls.include_rehab(cls.create_rehab_pathway(), start="2026-02-09")
            cls.foreign = cls.include_rehab(
                cls.create_rehab_pathway(team=(cls.director_user,)), start="2026-02-09"
            )
        cls.own_assessment, cls.foreign_assessment = cls.env["parcours.rehab.assessment"].create(
            [
                {"pathway_id": cls.own.id, "kind": "w0", "crq_dyspnoea": 3.0},
                {"pathway_id": cls.foreign.id, "kind": "w0", "crq_dyspnoea": 3.0},
            ]
        )
        spare = cls.create_bike("ERG-SPARE")
        Loan = cls.env["parcours.rehab.ergocycle.loan"]
        cls.own_loan = Loan.create(
            {"pathway_id": cls.own.id, "ergocycle_id": cls.bike.id, "date_start": "2026-02-09"}
        )
        cls.foreign_loan = Loan.create(
            {"pathway_id": cls.foreign.id, "ergocycle_id": spare.id, "date_start": "2026-02-09"}
        )

    def test_referent_sees_the_measurements_of_their_patients_only(self):
        Assessment = self.env["parcours.rehab.assessment"].with_user(self.referent_user)
        self.assertEqual(Assessment.browse(self.own_assessment.id).crq_dyspnoea, 3.0)
        with self.assertRefused(AccessError, "parcours.rehab.assessment"):
            Assessment.browse(self.foreign_assessment.id).crq_dyspnoea  # noqa: B018
        with self.assertRefused(AccessError, "parcours.rehab.assessment"):
            Assessment.create({"pathway_id": self.foreign.id, "kind": "w12"})
        created = Assessment.create({"pathway_id": self.own.id, "kind": "w12", "crq_fatigue": 4})
        self.assertEqual(created.pathway_id, self.own)

    def test_referent_reads_the_loans_of_their_patients_only(self):
        Loan = self.env["parcours.rehab.ergocycle.loan"].with_user(self.referent_user)
        self.assertEqual(Loan.search([]), self.own_loan)
        with self.assertRefused(AccessError, "parcours.rehab.ergocycle.loan"):
            Loan.browse(self.foreign_loan.id).date_start  # noqa: B018
        with self.assertRefused(AccessError, "Exercise bike lent"):
            self.own_loan.with_user(self.referent_user).date_planned_pickup = "2026-05-04"

    def test_clinical_fields_are_for_the_care_team(self):
        with self.assertRefused(AccessError, "rehab_bmi"):
            self.own.with_user(self.manager).rehab_bmi  # noqa: B018
        self.own.with_user(self.referent_user).rehab_bmi = 24.0
        self.assertEqual(self.own.rehab_bmi, 24.0)

    def test_scores_are_clinical_data(self):
        self.own_assessment.write({"endurance_seconds": 300, "satisfaction": "8"})
        scores = ["crq_dyspnoea", "crq_fatigue", "crq_emotion", "crq_mastery"]
        scores += ["endurance_seconds", "satisfaction", "satisfaction_score"]
        as_referent = self.own_assessment.with_user(self.referent_user)
        self.assertEqual(as_referent.read(scores)[0]["endurance_seconds"], 300)
        Assessment = self.env["parcours.rehab.assessment"]
        for user in (self.manager, self.accountant, self.assistant_user):
            for field in scores:
                with self.assertRaises(AccessError):
                    self.own_assessment.with_user(user).read([field])
        with self.assertRaises(AccessError):
            Assessment.with_user(self.manager).search([("crq_dyspnoea", "<", 4)])
        with self.assertRaises(AccessError):
            Assessment.with_user(self.manager).read_group([], ["satisfaction_score:avg"], [])
        self.assertTrue(self.own_assessment.with_user(self.manager).read(["kind", "date"]))

    def test_professionals_cannot_register_bikes(self):
        with self.assertRefused(AccessError, "Exercise bike"):
            self.env["parcours.rehab.ergocycle"].with_user(self.referent_user).create(
                {"name": "ERG-X", "model": "Cyclo"}
            )
        self.assertTrue(
            self.env["parcours.rehab.ergocycle"]
            .with_user(self.assistant_user)
            .create({"name": "ERG-Y", "model": "Cyclo"})
        )
