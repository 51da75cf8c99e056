"""What a coordinator and a professional meet along a journey: meetings at usual hours,
encounters that close their step, to-dos planned a few weeks ahead."""

from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.tests import Form

from .common import ParcoursCase


class TestRcpDefaults(ParcoursCase):
    def test_calendar_click_makes_a_meeting_at_the_usual_hour(self):
        self.coordinator.tz = "Europe/Paris"
        # The calendar sends its all-day slot, 07:00 local for 12 hours.
        values = (
            self.env["parcours.rcp"]
            .with_user(self.coordinator)
            .with_context(
                tz="Europe/Paris",
                default_allday=True,
                default_date="2026-12-03 06:00:00",
                default_duration=12,
            )
            .default_get(["date", "duration"])
        )
        self.assertEqual(values["date"], datetime(2026, 12, 3, 13, 0))  # 14:00 in Paris
        self.assertEqual(values["duration"], 1.5)
        self.organisation.parcours_rcp_hour = 9.5
        values = (
            self.env["parcours.rcp"]
            .with_user(self.coordinator)
            .with_context(tz="Europe/Paris", default_allday=True, default_date="2026-07-01 05:00")
            .default_get(["date"])
        )
        self.assertEqual(values["date"], datetime(2026, 7, 1, 7, 30))  # 09:30 in summer

    def test_participants_come_from_the_care_teams_with_the_meeting_time(self):
        pathway = self.create_pathway(team=(self.gp_user, self.psychologist_user))
        pathway.action_submit_request()
        rcp = (
            self.env["parcours.rcp"]
            .with_user(self.coordinator)
            .create(
                {
                    "date": datetime(2026, 4, 14, 14, 0),
                    "duration": 1.5,
                    "programme_ids": [Command.set(self.programme.ids)],
                }
            )
        )
        rcp.action_propose_agenda()
        self.assertEqual(
            rcp.attendee_ids.partner_id,
            self.gp_user.partner_id | self.psychologist_user.partner_id,
        )
        self.assertEqual(rcp.attendee_ids.mapped("minutes_attended"), [90, 90])
        self.assertEqual(
            rcp.attendee_ids.profession_id, self.gp_profession | self.psychologist_profession
        )
        rcp.attendee_ids[0].attendance = "excused"
        self.assertEqual(rcp.attendee_ids[0].minutes_attended, 0)


class TestEncounterJourney(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consultation = cls.env.ref("parcours_base.encounter_kind_consultation")
        cls.env["parcours.step.template"].create(
            {
                "programme_id": cls.programme.id,
                "name": "Psychologist consultation",
                "kind_id": cls.consultation.id,
                "profession_id": cls.psychologist_profession.id,
                "offset": 2,
                "offset_unit": "weeks",
                "repeat_every": 1,
                "repeat_unit": "months",
                "repeat_count": 3,
            }
        )
        with freeze_time("2026-01-05"):
            cls.pathway = cls.include(
                cls.create_pathway(
                    team=(cls.gp_user, cls.psychologist_user), request_date="2026-01-05"
                )
            )

    def test_encounter_list_opens_the_form(self):
        arch = etree.fromstring(self.env.ref("parcours_base.parcours_encounter_view_list").arch)
        self.assertFalse(arch.get("editable"))

    def test_professional_defaults_to_the_user_only_when_a_professional(self):
        Encounter = self.env["parcours.encounter"].with_context(default_pathway_id=self.pathway.id)
        form = Form(Encounter.with_user(self.psychologist_user))
        self.assertEqual(form.partner_id, self.psychologist_user.partner_id)
        form = Form(Encounter.with_user(self.coordinator))
        self.assertFalse(form.partner_id)

    def test_held_consultation_closes_the_step_it_fulfils(self):
        first, second = self.pathway.step_ids.sorted("due_date")[:2]
        self.assertTrue(first.activity_id)
        with freeze_time("2026-01-20 10:00"):
            encounter = (
                self.env["parcours.encounter"]
                .with_user(self.psychologist_user)
                .create(
                    {
                        "pathway_id": self.pathway.id,
                        "kind_id": self.consultation.id,
                        "start": datetime(2026, 1, 20, 10, 0),
                    }
                )
            )
            self.assertEqual(first.state, "planned")
            encounter.action_mark_done()
        self.assertEqual(first.state, "done")
        self.assertFalse(first.activity_id)
        self.assertEqual(encounter.step_id, first)
        self.assertEqual(second.state, "planned")


class TestRollingHorizon(ParcoursCase):
    """An inclusion gives the to-dos of the next weeks; the others come as time passes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["parcours.step.template"].create(
            {
                "programme_id": cls.programme.id,
                "name": "Monthly call",
                "kind_id": cls.env.ref("parcours_base.encounter_kind_phone_call").id,
                "offset": 1,
                "offset_unit": "weeks",
                "repeat_every": 1,
                "repeat_unit": "months",
                "repeat_count": 12,
            }
        )

    def test_to_dos_planned_a_few_weeks_ahead(self):
        self.assertEqual(self.programme.activity_horizon_days, 28)
        with freeze_time("2026-01-05"):
            pathway = self.include(
                self.create_pathway(
                    team=(self.gp_user, self.psychologist_user), request_date="2026-01-05"
                )
            )
        self.assertEqual(len(pathway.step_ids), 12)
        with_todo = pathway.step_ids.filtered("activity_id")
        self.assertEqual(with_todo.mapped("due_date"), [date(2026, 1, 12)])
        with freeze_time("2026-01-20"):
            self.env["parcours.pathway.step"]._cron_create_activities()
        self.assertEqual(
            pathway.step_ids.filtered("activity_id").mapped("due_date"),
            [date(2026, 1, 12), date(2026, 2, 12)],
        )
        # Nothing twice, and a to-do the user cancelled is not given again.
        pathway.step_ids.filtered("activity_id")[0].activity_id.unlink()
        with freeze_time("2026-01-21"):
            self.env["parcours.pathway.step"]._cron_create_activities()
        self.assertEqual(len(pathway.step_ids.filtered("activity_id")), 1)
        self.assertEqual(len(pathway.activity_ids), 1)
