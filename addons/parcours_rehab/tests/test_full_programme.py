from datetime import date, datetime

from freezegun import freeze_time

from odoo import fields

from .common import RehabCase


class TestFullProgramme(RehabCase):
    def _do(self, pathway, xmlid, occurrence=1):
        """The referent marks a planned step's activity done (the nightly planner gave it)."""
        self.env["parcours.pathway.step"]._cron_create_activities()
        template = self.env.ref("parcours_rehab." + xmlid)
        step = pathway.step_ids.filtered(
            lambda s: s.template_id == template and s.occurrence == occurrence
        )
        step.activity_id.with_user(step.user_id).action_feedback(feedback="Done")
        self.assertEqual(step.state, "done")
        return step

    def _encounter(self, pathway, kind, day, **values):
        return (
            self.env["parcours.encounter"]
            .with_user(self.referent_user)
            .create(
                {
                    "pathway_id": pathway.id,
                    "kind_id": self.env.ref("parcours_base.encounter_kind_" + kind).id,
                    "start": datetime.fromisoformat(day + " 10:00"),
                    "state": "done",
                    **values,
                }
            )
        )

    def _measure(self, pathway, kind, day, crq, endurance, satisfaction=False):
        return (
            self.env["parcours.rehab.assessment"]
            .with_user(self.referent_user)
            .create(
                {
                    "pathway_id": pathway.id,
                    "kind": kind,
                    "date": day,
                    "crq_dyspnoea": crq,
                    "crq_fatigue": crq,
                    "crq_emotion": crq,
                    "crq_mastery": crq,
                    "endurance_seconds": endurance,
                    "satisfaction": satisfaction,
                }
            )
        )

    def test_request_to_twelve_month_synthesis(self):
        # The report's figures are this pathway's: demo pathways may fall in its periods.
        self.env["parcours.pathway"].search([]).action_archive()
        assistant = self.assistant_user
        # Request from the pulmonologist: the file lacks documents, they are chased.
        with freeze_time("2026-01-05"):
            pathway = self.create_rehab_pathway()
            pathway.with_user(assistant).action_submit_request()
            self.assertEqual(pathway.stage_id, self.env.ref("parcours_rehab.stage_request"))
            self.assertEqual(len(pathway.activity_ids), 4)
        documents = pathway.checklist_line_ids.filtered(lambda line: line.kind == "document")
        with freeze_time("2026-01-12"):
            self.receive_documents(documents[:2], assistant)
            self.assertFalse(pathway.file_complete_date)
        with freeze_time("2026-01-19"):
            self.receive_documents(documents[2:], assistant)
            self.assertEqual(pathway.file_complete_date, date(2026, 1, 19))
            self.assertFalse(pathway.activity_ids)
        # The medical director validates; the assistant collects consent and plans the start.
        with freeze_time("2026-01-20"):
            pathway.with_user(self.director_user).action_rehab_validate()
            pathway.with_user(assistant).write({"rehab_planned_start_date": "2026-02-09"})
            self.record_consent(pathway, date=date(2026, 1, 20))
            self.tick_checklist(pathway)
            pathway.with_user(assistant).action_mark_eligible()
            self.assertEqual(pathway.stage_id, self.env.ref("parcours_rehab.stage_orientation"))
        # The concertation committee sets the care project and includes the patient.
        with freeze_time("2026-01-22"):
            committee = self.create_committee("2026-01-22 14:00:00")
            committee.with_user(assistant).action_propose_agenda()
            self.assertIn(pathway, committee.decision_ids.pathway_id)
            committee.record_decision(pathway, "include")
            pathway.with_user(self.director_user).write(
                {
                    "rehab_objectives": "<p>Walk to the market without stopping</p>",
                    "rehab_exercise_specifics": "Low load, 20 min",
                    "rehab_safety_instructions": "Stop if SpO2 below 88%",
                }
            )
            committee.with_user(assistant).action_hold()
            committee.with_user(assistant).action_validate()
            loan = (
                self.env["parcours.rehab.ergocycle.loan"]
                .with_user(assistant)
                .create(
                    {
                        "pathway_id": pathway.id,
                        "ergocycle_id": self.bike.id,
                        "date_start": "2026-02-09",
                    }
                )
            )
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.rehab_committee_id, committee)
        self.assertEqual(pathway.inclusion_date, date(2026, 2, 9))
        self.assertEqual(pathway.rehab_start_delay_days, 21)
        self.assertFalse(pathway.rehab_start_late)
        self.assertEqual(pathway.stage_id, self.env.ref("parcours_rehab.stage_intervention"))
        self.assertEqual(loan.date_planned_pickup, date(2026, 5, 4))
        # W0: the bike arrives, inclusion home visit with CRQ and endurance test.
        with freeze_time("2026-02-09"):
            loan.with_user(assistant).action_deliver()
            self._encounter(pathway, "home_visit", "2026-02-09")
            self._measure(pathway, "w0", "2026-02-09", 3.2, 310)
            self._do(pathway, "step_inclusion_visit")
        with freeze_time("2026-02-16"):
            self._encounter(
                pathway,
                "phone_call",
                "2026-02-16",
                rehab_training_reported=True,
                rehab_training_sessions=5,
            )
            self._do(pathway, "step_weekly_call_first")
        # W6 mid-point visit with the satisfaction scale.
        with freeze_time("2026-03-23"):
            self._encounter(pathway, "home_visit", "2026-03-23")
            self._measure(pathway, "w6", "2026-03-23", 3.6, 0, satisfaction="8")
            self._do(pathway, "step_mid_visit")
        # W12 closing visit, then the bike goes back and the remote phase starts.
        with freeze_time("2026-05-04"):
            self._encounter(pathway, "home_visit", "2026-05-04")
            self._measure(pathway, "w12", "2026-05-04", 4.0, 520, satisfaction="9")
            self._do(pathway, "step_closing_visit")
            loan.with_user(assistant).action_return()
            pathway.with_user(assistant).stage_id = self.env.ref("parcours_rehab.stage_remote")
        self.assertTrue(pathway.rehab_crq_improved)
        self.assertTrue(pathway.rehab_endurance_improved)
        self.assertEqual(self.bike.state, "available")
        self.assertEqual(pathway.rehab_sessions_per_week, 5.0)
        # Remote calls at 1, 2, 3, 6 and 9 months; a break in the dynamic in month 4 brings
        # a reinforcement home visit decided by the committee.
        with freeze_time("2026-09-01"):
            action = pathway.with_user(assistant).action_rehab_plan_reinforcement()
        reinforcement = self.env["parcours.encounter"].browse(action["res_id"])
        self.assertEqual(reinforcement.start.date(), date(2026, 9, 8))
        self.assertEqual(reinforcement.partner_id, self.referent_user.partner_id)
        self.assertEqual(reinforcement.state, "planned")
        for occurrence, day in enumerate(("2026-06-04", "2026-07-04", "2026-08-04"), start=1):
            with freeze_time(day):
                self._encounter(pathway, "phone_call", day)
                self._do(pathway, "step_remote_calls_early", occurrence)
        for occurrence, day in enumerate(("2026-11-04", "2027-02-04"), start=1):
            with freeze_time(day):
                self._encounter(pathway, "video", day)
                self._do(pathway, "step_remote_calls_late", occurrence)
        # 12-month synthesis validated by the committee; the programme is completed.
        with freeze_time("2027-02-08"):
            self._do(pathway, "step_final_synthesis")
            wizard = (
                self.env["parcours.pathway.close"]
                .with_user(assistant)
                .create(
                    {
                        "pathway_ids": [fields.Command.set(pathway.ids)],
                        "end_reason_id": self.rehab.rehab_completed_end_reason_id.id,
                        "comment": "12-month synthesis sent to all professionals",
                    }
                )
            )
            wizard.action_close()
        self.assertEqual(pathway.state, "closed")
        self.assertEqual(pathway.end_date, date(2027, 2, 8))
        self.assertEqual(pathway.stage_id, self.env.ref("parcours_rehab.stage_ended"))
        remaining = pathway.step_ids.filtered(lambda step: step.state == "planned")
        self.assertFalse(remaining)
        report = self.env.ref("parcours_rehab.report_rehab")
        report.date_from = "2026-01-01"
        figures = {code: value for (code, _group), value in self.report_figures(report).items()}
        self.assertEqual(figures["REHAB_COMPLETION_RATE"], 100.0)
        # Video calls in 2026: the November one (the February one is in 2027).
        self.assertEqual(figures["REHAB_REMOTE_VIDEO"], 1)
