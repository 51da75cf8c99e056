from datetime import date

from freezegun import freeze_time

from .common import MsmaCase


@freeze_time("2026-02-02")
class TestScreening(MsmaCase):
    def _due_dates(self, pathway, xmlid):
        template = self.env.ref(xmlid)
        steps = pathway.step_ids.filtered(
            lambda step: step.template_id == template and step.state == "planned"
        )
        return steps.sorted("due_date").mapped("due_date")

    def test_non_injecting_user_is_screened_yearly(self):
        pathway = self.include_msma(self.create_msma_pathway())
        serology = self._due_dates(pathway, "parcours_msma.step_serology_yearly")
        self.assertEqual(serology[:2], [date(2026, 3, 2), date(2027, 3, 2)])
        self.assertFalse(self._due_dates(pathway, "parcours_msma.step_serology_injecting"))
        # No alcoholic fibrosis, no HCV: no Fibroscan.
        self.assertFalse(self._due_dates(pathway, "parcours_msma.step_fibroscan_yearly"))
        step = pathway.step_ids.filtered(
            lambda s: s.template_id == self.env.ref("parcours_msma.step_serology_yearly")
        )[:1]
        self.assertEqual(step.user_id, self.gp_user)
        self.assertEqual(
            step.activity_id.activity_type_id,
            self.env.ref("parcours_msma.mail_activity_type_screening"),
        )

    def test_injecting_user_is_screened_every_six_months(self):
        pathway = self.include_msma(self.create_msma_pathway(msma_injecting=True))
        serology = self._due_dates(pathway, "parcours_msma.step_serology_injecting")
        self.assertEqual(serology[:3], [date(2026, 3, 2), date(2026, 9, 2), date(2027, 3, 2)])
        fibroscan = self._due_dates(pathway, "parcours_msma.step_fibroscan_injecting")
        self.assertEqual(fibroscan[:2], [date(2026, 3, 2), date(2026, 9, 2)])
        self.assertFalse(self._due_dates(pathway, "parcours_msma.step_serology_yearly"))
        self.assertFalse(self._due_dates(pathway, "parcours_msma.step_fibroscan_yearly"))

    def test_profile_change_replans_the_reminders(self):
        pathway = self.include_msma(self.create_msma_pathway())
        pathway.with_user(self.gp_user).msma_alcoholic_fibrosis = True
        fibroscan = self._due_dates(pathway, "parcours_msma.step_fibroscan_yearly")
        self.assertEqual(fibroscan[:2], [date(2026, 3, 2), date(2027, 3, 2)])
        pathway.with_user(self.gp_user).msma_injecting = True
        self.assertFalse(self._due_dates(pathway, "parcours_msma.step_serology_yearly"))
        self.assertFalse(self._due_dates(pathway, "parcours_msma.step_fibroscan_yearly"))
        self.assertEqual(
            self._due_dates(pathway, "parcours_msma.step_serology_injecting")[:2],
            [date(2026, 3, 2), date(2026, 9, 2)],
        )

    def test_positive_serology_mobilises_the_gp_at_once(self):
        pathway = self.include_msma(self.create_msma_pathway())
        alert_type = self.env.ref("parcours_msma.mail_activity_type_positive_serology")
        pathway.with_user(self.psychologist_user).msma_hcv_status = "positive"
        alerts = pathway.activity_ids.filtered(lambda a: a.activity_type_id == alert_type)
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts.user_id, self.gp_user)
        self.assertEqual(alerts.date_deadline, date(2026, 2, 2))
        self.assertIn("HCV", alerts.summary)
        # HCV carrier: yearly Fibroscan now planned.
        self.assertTrue(self._due_dates(pathway, "parcours_msma.step_fibroscan_yearly"))
        # Saving the same status again does not raise a second alert.
        pathway.write({"msma_hcv_status": "positive", "msma_hcv_treated": True})
        alerts = pathway.activity_ids.filtered(lambda a: a.activity_type_id == alert_type)
        self.assertEqual(len(alerts), 1)
