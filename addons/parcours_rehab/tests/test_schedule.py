from freezegun import freeze_time

from .common import RehabCase


class TestSchedule(RehabCase):
    def _due(self, pathway, xmlid):
        template = self.env.ref("parcours_rehab." + xmlid)
        return [
            step.due_date.isoformat()
            for step in pathway.step_ids.filtered(lambda s: s.template_id == template).sorted(
                "occurrence"
            )
        ]

    @freeze_time("2026-01-20")
    def test_schedule_dates(self):
        pathway = self.include_rehab(self.create_rehab_pathway(), start="2026-02-09")
        self.assertEqual(pathway.inclusion_date.isoformat(), "2026-02-09")
        self.assertEqual(pathway.planned_end_date.isoformat(), "2027-02-08")
        self.assertEqual(self._due(pathway, "step_inclusion_visit"), ["2026-02-09"])
        self.assertEqual(
            self._due(pathway, "step_weekly_call_first"),
            ["2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16"],
        )
        self.assertEqual(self._due(pathway, "step_mid_visit"), ["2026-03-23"])
        self.assertEqual(
            self._due(pathway, "step_weekly_call_second"),
            ["2026-03-30", "2026-04-06", "2026-04-13", "2026-04-20", "2026-04-27"],
        )
        self.assertEqual(self._due(pathway, "step_closing_visit"), ["2026-05-04"])
        self.assertEqual(
            self._due(pathway, "step_remote_calls_early"),
            ["2026-06-04", "2026-07-04", "2026-08-04"],
        )
        self.assertEqual(self._due(pathway, "step_remote_calls_late"), ["2026-11-04", "2027-02-04"])
        self.assertEqual(self._due(pathway, "step_final_synthesis"), ["2027-02-08"])
        # The referent holds the calls and visits.
        w0 = self.env.ref("parcours_rehab.step_inclusion_visit")
        visit = pathway.step_ids.filtered(lambda s: s.template_id == w0)
        self.assertEqual(visit.user_id, self.referent_user)
        self.assertEqual(visit.activity_id.date_deadline.isoformat(), "2026-02-09")

    def test_incident_suspension_shifts_the_remaining_schedule(self):
        with freeze_time("2026-01-20"):
            pathway = self.include_rehab(self.create_rehab_pathway(), start="2026-02-09")
        with freeze_time("2026-03-03"):
            incident = self.env["parcours.incident"].create(
                {
                    "pathway_id": pathway.id,
                    "type_id": self.env.ref("parcours_rehab.incident_type_respiratory").id,
                    "severity": "severe",
                    "decision": "suspend",
                }
            )
            incident.with_user(self.assistant_user).action_apply_decision()
            self.assertEqual(pathway.state, "suspended")
        with freeze_time("2026-03-17"):
            pathway.with_user(self.assistant_user).action_resume()
        self.assertEqual(pathway.state, "included")
        # Steps before the suspension stay, the remaining ones move by 14 days.
        self.assertEqual(
            self._due(pathway, "step_weekly_call_first"),
            ["2026-02-16", "2026-02-23", "2026-03-02", "2026-03-23", "2026-03-30"],
        )
        self.assertEqual(self._due(pathway, "step_mid_visit"), ["2026-04-06"])
        self.assertEqual(self._due(pathway, "step_closing_visit"), ["2026-05-18"])
        self.assertEqual(self._due(pathway, "step_final_synthesis"), ["2027-02-22"])
        self.assertEqual(pathway.planned_end_date.isoformat(), "2027-02-22")
        closing = pathway.step_ids.filtered(
            lambda s: s.template_id == self.env.ref("parcours_rehab.step_closing_visit")
        )
        # Its to-do comes with the nightly planner, four weeks ahead, at the shifted date.
        self.assertFalse(closing.activity_id)
        with freeze_time("2026-04-25"):
            self.env["parcours.pathway.step"]._cron_create_activities()
        self.assertEqual(closing.activity_id.date_deadline.isoformat(), "2026-05-18")

    def test_steps_read_in_the_language_of_whom_they_are_for(self):
        # The planner (here the superuser, at night no one) has no language: the referent's
        # step and to-do carry the template's name in the referent's language.
        self.env["res.lang"]._activate_lang("fr_FR")
        w0 = self.env.ref("parcours_rehab.step_inclusion_visit")
        w0.with_context(lang="fr_FR").name = "Visite d'inclusion S0"
        self.referent_user.lang = "fr_FR"
        with freeze_time("2026-01-20"):
            pathway = self.include_rehab(self.create_rehab_pathway(), start="2026-02-09")
        visit = pathway.step_ids.filtered(lambda s: s.template_id == w0)
        self.assertEqual(visit.user_id, self.referent_user)
        self.assertEqual(visit.name, "Visite d'inclusion S0")
        self.assertEqual(visit.activity_id.summary, "Visite d'inclusion S0")
