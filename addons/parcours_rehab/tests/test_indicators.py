from datetime import date

from freezegun import freeze_time

from odoo.addons.parcours_rehab.tools import rehab

from .common import RehabCase


class TestIndicatorFormulas(RehabCase):
    def test_plain_formulas(self):
        before = {"dyspnoea": 3.0, "fatigue": 4.0, "emotion": None, "mastery": 4.0}
        after = {"dyspnoea": 3.5, "fatigue": 4.6, "emotion": 5.0, "mastery": 4.5}
        self.assertTrue(rehab.crq_improved(before, after, 0.5))
        self.assertFalse(rehab.crq_improved(before, after, 0.6))
        self.assertIsNone(rehab.crq_improved({}, after, 0.5))
        self.assertIsNone(rehab.endurance_improved(0, 400, 105))
        self.assertEqual(
            rehab.proposed_support(20.0, 21, 27, "active", False, False, True),
            {"dietitian", "tobacco", "psychologist"},
        )
        self.assertEqual(rehab.start_delay(date(2026, 1, 1), date(2026, 1, 29)), 28)
        self.assertFalse(rehab.start_is_late(date(2026, 1, 1), date(2026, 1, 29), None, 28))
        self.assertTrue(rehab.start_is_late(date(2026, 1, 1), None, date(2026, 1, 30), 28))
        self.assertTrue(rehab.intervals_overlap(date(2026, 1, 1), None, date(2026, 3, 1), None))
        self.assertFalse(
            rehab.intervals_overlap(
                date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 1), date(2026, 3, 1)
            )
        )
        self.assertIsNone(rehab.percentage(1, 0))
        self.assertEqual(rehab.mean([10, None, 20]), 15.0)


class TestIndicators(RehabCase):
    def test_programme_indicators(self):
        with freeze_time("2026-01-20"):
            done = self.include_rehab(self.create_rehab_pathway(), start="2026-02-09")
            running = self.include_rehab(self.create_rehab_pathway(), start="2026-03-09")
            reoriented = self.create_rehab_pathway()
            reoriented.action_submit_request()
            self.complete_file(reoriented)
            reoriented.with_user(self.director_user).action_rehab_propose_smr()
        Assessment = self.env["parcours.rehab.assessment"]
        for pathway, w12 in ((done, 4.5), (running, 3.1)):
            for kind, score, endurance in (("w0", 3.0, 300), ("w12", w12, 500)):
                Assessment.create(
                    {
                        "pathway_id": pathway.id,
                        "kind": kind,
                        "date": "2026-05-04",
                        "crq_dyspnoea": score,
                        "crq_fatigue": score,
                        "crq_emotion": score,
                        "crq_mastery": score,
                        "endurance_seconds": endurance,
                    }
                )
        done.rehab_hospital_days_before = 12
        done.rehab_hospital_days_after = 3
        self.env["parcours.incident"].create(
            {
                "pathway_id": running.id,
                "date": "2026-03-20",
                "type_id": self.env.ref("parcours_rehab.incident_type_musculoskeletal").id,
                "decision": "continue",
            }
        )
        with freeze_time("2027-02-08"):
            done._close(self.rehab.rehab_completed_end_reason_id, date(2027, 2, 8))
        figures = self.rehab.with_user(self.manager)._rehab_indicators(
            date(2026, 1, 1), date(2026, 12, 31)
        )
        self.assertEqual(figures["requests"], 3)
        self.assertEqual(figures["started"], 2)
        self.assertEqual(figures["completed"], 1)
        self.assertEqual(figures["completion_rate"], 50.0)
        self.assertEqual(figures["mean_start_delay"], 34.0)
        self.assertEqual(figures["crq_improvement_rate"], 50.0)
        self.assertEqual(figures["endurance_improvement_rate"], 100.0)
        self.assertEqual(figures["smr_reorientation_rate"], 33.3)
        self.assertEqual(figures["hospital_days_before"], 12)
        self.assertEqual(figures["hospital_days_after"], 3)
        self.assertEqual(figures["incidents"], {("Musculoskeletal", "continue"): 1})
        self.assertEqual(figures["professionals_involved"], 3)
