from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import ValidationError

from .common import RehabCase


class TestMeasurements(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-20"):
            cls.pathway = cls.include_rehab(cls.create_rehab_pathway(), start="2026-02-09")

    def _measure(self, kind, crq, endurance, satisfaction=False):
        return (
            self.env["parcours.rehab.assessment"]
            .with_user(self.referent_user)
            .create(
                {
                    "pathway_id": self.pathway.id,
                    "kind": kind,
                    "date": "2026-02-09",
                    "crq_dyspnoea": crq[0],
                    "crq_fatigue": crq[1],
                    "crq_emotion": crq[2],
                    "crq_mastery": crq[3],
                    "endurance_seconds": endurance,
                    "satisfaction": satisfaction,
                }
            )
        )

    def test_crq_and_endurance_improvement_flags(self):
        self._measure("w0", (3.0, 3.5, 4.0, 4.2), 300)
        self.assertFalse(self.pathway.rehab_crq_measured)
        w12 = self._measure("w12", (3.5, 4.0, 4.6, 4.7), 450, satisfaction="9")
        self.assertTrue(self.pathway.rehab_crq_measured)
        self.assertTrue(self.pathway.rehab_crq_improved)
        self.assertTrue(self.pathway.rehab_endurance_improved)
        w12.crq_fatigue = 3.8
        self.assertFalse(self.pathway.rehab_crq_improved)
        w12.endurance_seconds = 380
        self.assertFalse(self.pathway.rehab_endurance_improved)
        # Thresholds are data.
        self.rehab.write({"rehab_crq_threshold": 0.3, "rehab_endurance_threshold": 60})
        self.assertTrue(self.pathway.rehab_crq_improved)
        self.assertTrue(self.pathway.rehab_endurance_improved)

    def test_satisfaction_is_empty_until_asked(self):
        w0 = self._measure("w0", (3.0, 3.5, 4.0, 4.2), 300)
        self.assertFalse(w0.satisfaction)
        self.assertEqual(w0.satisfaction_score, 0)
        w0.satisfaction = "0"
        self.assertEqual(w0.satisfaction, "0")
        self.assertEqual(w0.satisfaction_score, 0)
        w0.satisfaction = "7"
        self.assertEqual(w0.satisfaction_score, 7)

    def test_scores_out_of_range_are_refused(self):
        with self.assertRefused(ValidationError, "from 1 to 7"):
            self._measure("w0", (8.0, 3.0, 3.0, 3.0), 300)
        self.assertFalse(self.pathway.rehab_assessment_ids)

    def test_non_drug_support_proposals(self):
        pathway = self.pathway.with_user(self.referent_user)
        pathway.rehab_bmi = 23.0
        self.assertFalse(pathway.rehab_propose_dietitian)
        pathway.rehab_bmi = 19.5
        self.assertTrue(pathway.rehab_propose_dietitian)
        pathway.rehab_bmi = 28.0
        self.assertTrue(pathway.rehab_propose_dietitian)
        self.rehab.rehab_bmi_high = 29.0
        self.assertFalse(pathway.rehab_propose_dietitian)
        pathway.rehab_smoking = "recent_quit"
        self.assertTrue(pathway.rehab_propose_tobacco)
        self.assertFalse(pathway.rehab_propose_psychologist)
        pathway.rehab_emotional_impact = True
        self.assertTrue(pathway.rehab_propose_psychologist)
        pathway.rehab_psychologist_agreed = True
        self.assertTrue(pathway.rehab_psychologist_agreed)

    def test_training_sessions_reported_at_calls(self):
        call = self.env.ref("parcours_base.encounter_kind_phone_call")
        self.pathway.encounter_ids = [
            Command.create(
                {
                    "kind_id": call.id,
                    "start": fields.Datetime.to_datetime(day),
                    "state": "done",
                    "partner_id": self.referent_user.partner_id.id,
                    "rehab_training_reported": True,
                    "rehab_training_sessions": sessions,
                }
            )
            for day, sessions in (("2026-02-16", 4), ("2026-02-23", 5), ("2026-03-02", 3))
        ]
        self.assertEqual(self.pathway.rehab_sessions_per_week, 4.0)
