from datetime import date

from freezegun import freeze_time

from odoo import Command

from odoo.addons.parcours_base.tools.schedule import occurrence_dates

from .common import ParcoursCase


class TestOccurrenceDates(ParcoursCase):
    def test_weekly_and_monthly_repetitions(self):
        self.assertEqual(
            occurrence_dates(date(2026, 1, 5), 1, "weeks", 1, "weeks", 3),
            [date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26)],
        )
        # Months repeat from the first date so the 31st does not drift to the 28th.
        self.assertEqual(
            occurrence_dates(date(2026, 1, 31), 0, "days", 1, "months", 3),
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)],
        )
        self.assertEqual(occurrence_dates(date(2026, 1, 5), 3, "days"), [date(2026, 1, 8)])


class TestPhasedSchedule(ParcoursCase):
    """Weekly calls weeks 1-12, then calls 1, 2, 3, 6 and 9 months after the phase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.phone = cls.env.ref("parcours_base.encounter_kind_phone_call")
        cls.programme.write(
            {
                "duration_policy": "phased",
                "phase_ids": [
                    Command.create(
                        {"name": "Intervention", "duration": 12, "duration_unit": "weeks"}
                    ),
                    Command.create({"name": "Remote", "duration": 40, "duration_unit": "weeks"}),
                ],
            }
        )
        intervention = cls.programme.phase_ids[0]
        cls.weekly = cls.env["parcours.step.template"].create(
            {
                "programme_id": cls.programme.id,
                "name": "Weekly call",
                "kind_id": cls.phone.id,
                "profession_id": cls.psychologist_profession.id,
                "anchor": "phase_start",
                "phase_id": intervention.id,
                "offset": 1,
                "offset_unit": "weeks",
                "repeat_every": 1,
                "repeat_unit": "weeks",
                "repeat_count": 12,
            }
        )
        cls.remote = cls.env["parcours.step.template"].create(
            [
                {
                    "programme_id": cls.programme.id,
                    "name": "Remote call M%d" % month,
                    "kind_id": cls.phone.id,
                    "anchor": "phase_end",
                    "phase_id": intervention.id,
                    "offset": month,
                    "offset_unit": "months",
                }
                for month in (1, 2, 3, 6, 9)
            ]
        )
        cls.pathway = cls.create_pathway(
            team=(cls.gp_user, cls.psychologist_user), request_date="2026-01-02"
        )

    def steps(self, name_start):
        return self.pathway.step_ids.filtered(lambda step: step.name.startswith(name_start))

    def test_inclusion_plans_dated_steps_as_activities(self):
        with freeze_time("2026-01-05"):
            self.include(self.pathway)
        weekly = self.steps("Weekly")
        self.assertEqual(len(weekly), 12)
        self.assertEqual(weekly[0].due_date, date(2026, 1, 12))
        self.assertEqual(weekly[-1].due_date, date(2026, 3, 30))
        self.assertEqual(set(weekly.user_id), {self.psychologist_user})
        remote = self.steps("Remote").sorted("due_date")
        # The intervention phase ends on 30 March (12 weeks after 5 January).
        self.assertEqual(
            remote.mapped("due_date"),
            [
                date(2026, 4, 30),
                date(2026, 5, 30),
                date(2026, 6, 30),
                date(2026, 9, 30),
                date(2026, 12, 30),
            ],
        )
        self.assertEqual(remote.user_id, self.pathway.user_id)
        # The 17 steps are planned; only those of the next four weeks get their to-do.
        self.assertEqual(len(self.pathway.activity_ids), 4)
        self.assertEqual(weekly[0].activity_id.date_deadline, date(2026, 1, 12))
        self.assertFalse(weekly[4].activity_id)

    def test_done_activity_completes_the_step(self):
        with freeze_time("2026-01-05"):
            self.include(self.pathway)
        first = self.steps("Weekly")[0]
        first.activity_id.with_user(self.psychologist_user).action_feedback("Called")
        self.assertEqual(first.state, "done")

    def test_replan_previews_then_moves_only_untouched_future_steps(self):
        with freeze_time("2026-01-05"):
            self.include(self.pathway)
        weekly = self.steps("Weekly")
        weekly[0].activity_id.action_feedback("Done")
        weekly[1].due_date = date(2026, 1, 21)  # moved by hand
        self.assertTrue(weekly[1].edited_by_hand)
        self.weekly.offset = 2
        action = self.pathway.with_user(self.coordinator).action_preview_replan()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        moved = wizard.line_ids.filtered(lambda line: line.change == "move")
        self.assertEqual(len(moved), 10)
        self.assertNotIn(weekly[0], moved.step_id)
        self.assertNotIn(weekly[1], moved.step_id)
        # Nothing changed before applying.
        self.assertEqual(weekly[2].due_date, date(2026, 1, 26))
        wizard.with_user(self.coordinator).action_apply()
        self.assertEqual(weekly[2].due_date, date(2026, 2, 2))
        self.assertEqual(weekly[2].activity_id.date_deadline, date(2026, 2, 2))
        self.assertEqual(weekly[1].due_date, date(2026, 1, 21))
        self.assertEqual(weekly[0].state, "done")
        # The 12th occurrence now ends one week later, and a new one appears for week 13.
        self.assertEqual(len(self.steps("Weekly")), 12)

    def test_suspension_shifts_the_remaining_schedule(self):
        with freeze_time("2026-01-05"):
            self.include(self.pathway)
        with freeze_time("2026-02-01"):
            self.pathway.action_suspend()
        with freeze_time("2026-02-15"):
            self.pathway.action_resume()
            self.env["parcours.pathway.step"]._cron_create_activities()
        weekly = self.steps("Weekly")
        self.assertEqual(weekly[2].due_date, date(2026, 1, 26))  # before the suspension
        self.assertEqual(weekly[4].due_date, date(2026, 2, 23))  # 9 February + 14 days
        self.assertEqual(weekly[4].activity_id.date_deadline, date(2026, 2, 23))
        self.assertFalse(weekly[4].edited_by_hand)

    def test_closing_cancels_open_steps(self):
        with freeze_time("2026-01-05"):
            self.include(self.pathway)
        with freeze_time("2026-02-01"):
            self.pathway._close(self.programme.end_reason_ids[0], date(2026, 2, 1))
        self.assertEqual(set(self.pathway.step_ids.mapped("state")), {"cancelled"})
        self.assertFalse(self.pathway.activity_ids)

    def test_step_after_last_encounter_of_a_kind(self):
        visit = self.env.ref("parcours_base.encounter_kind_home_visit")
        self.env["parcours.step.template"].create(
            {
                "programme_id": self.programme.id,
                "name": "Call after the home visit",
                "anchor": "last_encounter",
                "anchor_kind_id": visit.id,
                "offset": 3,
                "offset_unit": "days",
            }
        )
        with freeze_time("2026-01-05"):
            self.include(self.pathway)
        self.assertFalse(self.steps("Call after"))
        with freeze_time("2026-01-20 10:00"):
            self.env["parcours.encounter"].create(
                {"pathway_id": self.pathway.id, "kind_id": visit.id, "state": "done"}
            )
        self.assertEqual(self.steps("Call after").due_date, date(2026, 1, 23))

    def test_lost_to_follow_up_is_flagged_with_an_activity(self):
        self.programme.lost_after_days = 30
        with freeze_time("2026-01-05"):
            self.include(self.pathway)
        with freeze_time("2026-02-01"):
            self.env["parcours.pathway"]._cron_flag_lost_to_follow_up()
        self.assertFalse(self.pathway.lost_to_follow_up)
        with freeze_time("2026-02-10"):
            self.env["parcours.pathway"]._cron_flag_lost_to_follow_up()
            self.env["parcours.pathway"]._cron_flag_lost_to_follow_up()
        self.assertTrue(self.pathway.lost_to_follow_up)
        lost_type = self.env.ref("parcours_base.mail_activity_type_lost_to_follow_up")
        flagged = self.pathway.activity_ids.filtered(lambda a: a.activity_type_id == lost_type)
        self.assertEqual(len(flagged), 1)
        self.assertEqual(flagged.user_id, self.pathway.user_id)
        self.assertIn(
            self.pathway,
            self.env["parcours.pathway"].search([("lost_to_follow_up", "=", True)]),
        )
        with freeze_time("2026-02-11 09:00"):
            self.env["parcours.encounter"].create(
                {"pathway_id": self.pathway.id, "kind_id": self.phone.id, "state": "done"}
            )
            self.env["parcours.pathway"]._cron_flag_lost_to_follow_up()
        self.assertFalse(self.pathway.lost_to_follow_up)


class TestBatchedPlanning(ParcoursCase):
    """Planning many pathways at once costs a bounded number of queries."""

    def plan_queries(self, count):
        self.env["parcours.step.template"].create(
            [
                {
                    "programme_id": self.programme.id,
                    "name": "Step %d" % number,
                    "offset": number,
                    "offset_unit": "weeks",
                }
                for number in range(1, 4)
            ]
        ) if not self.programme.step_template_ids else None
        patients = self.env["parcours.patient"].create(
            [
                {
                    "birth_name": "Batch-%d-%d" % (count, n),
                    "first_names": "X",
                    "birth_date": "1970-01-01",
                }
                for n in range(count)
            ]
        )
        pathways = self.env["parcours.pathway"].create(
            [
                {
                    "patient_id": patient.id,
                    "programme_id": self.programme.id,
                    "state": "included",
                    "inclusion_date": "2026-01-05",
                    "request_date": "2026-01-02",
                }
                for patient in patients
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        steps = pathways._plan_steps()
        self.env.flush_all()
        self.assertEqual(len(steps), 3 * count)
        return self.cr.sql_log_count - before

    def test_planning_1000_pathways_is_batched(self):
        with_10 = self.plan_queries(10)
        with_1000 = self.plan_queries(1000)
        # Not proportional to pathways x steps (3,000 steps): a few queries per batch of
        # records (ids are fetched in chunks), whatever the number of pathways.
        self.assertLess(with_1000, with_10 + 120)
