from datetime import date

from odoo.tests import BaseCase

from odoo.addons.parcours_rehab.tools import rehab


class TestIndicatorFormulas(BaseCase):
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
        self.assertEqual(rehab.mean([10, None, 20]), 15.0)
