from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form

from ..tools.msma_dates import first_weekday_on_or_after, yearly_target
from .common import MsmaCase


class TestMicrostructure(MsmaCase):
    def test_first_weekday(self):
        self.assertEqual(first_weekday_on_or_after(date(2026, 3, 4), "wed"), date(2026, 3, 4))
        self.assertEqual(first_weekday_on_or_after(date(2026, 3, 4), "tue"), date(2026, 3, 10))

    def test_target_first_year_then_later_years(self):
        self.assertEqual(yearly_target(date(2026, 1, 1), date(2026, 12, 31), 30, 45), 30)
        self.assertEqual(yearly_target(date(2026, 1, 1), date(2027, 1, 1), 30, 45), 45)
        self.assertEqual(yearly_target(False, date(2027, 1, 1), 30, 45), 45)
        self.microstructure.start_date = "2026-02-01"
        with freeze_time("2026-06-01"):
            self.microstructure.invalidate_recordset(["patient_target"])
            self.assertEqual(self.microstructure.patient_target, 30)
        with freeze_time("2027-03-01"):
            self.microstructure.invalidate_recordset(["patient_target"])
            self.assertEqual(self.microstructure.patient_target, 45)
        # The figures are the programme's data: a coordinator changes them.
        self.msma.msma_target_later = 50
        with freeze_time("2027-03-01"):
            self.microstructure.invalidate_recordset(["patient_target"])
            self.assertEqual(self.microstructure.patient_target, 50)

    def test_weekly_session_makes_recurring_events(self):
        self.env.user.tz = "Europe/Paris"
        session = self.env["parcours.msma.session"].create(
            {
                "microstructure_id": self.microstructure.id,
                "weekday": "tue",
                "hour_from": 9.0,
                "hour_to": 12.0,
                "date_from": "2026-03-04",
                "weeks": 4,
                "partner_ids": [Command.set(self.psychologist_user.partner_id.ids)],
            }
        )
        events = session.recurrence_id.calendar_event_ids.sorted("start")
        self.assertEqual(len(events), 4)
        self.assertEqual(events[0].start.date(), date(2026, 3, 10))
        self.assertEqual(events[0].start.hour, 8)  # 9:00 in Paris (UTC+1)
        self.assertTrue(all(event.start.weekday() == 1 for event in events))
        self.assertIn(self.psychologist_user.partner_id, events[0].partner_ids)
        old = session.recurrence_id
        session.write({"weekday": "thu", "weeks": 2})
        self.assertFalse(old.exists())
        events = session.recurrence_id.calendar_event_ids
        self.assertEqual(len(events), 2)
        self.assertTrue(all(event.start.weekday() == 3 for event in events))
        recurrence = session.recurrence_id
        session.unlink()
        self.assertFalse(recurrence.exists())

    def test_session_hours_must_make_sense(self):
        with self.assertRefused(ValidationError, "end after it starts"):
            self.env["parcours.msma.session"].create(
                {"microstructure_id": self.microstructure.id, "hour_from": 14, "hour_to": 12}
            )

    def test_team_is_proposed_from_the_microstructure(self):
        with Form(self.env["parcours.pathway"].with_user(self.coordinator)) as form:
            form.patient_id = self.create_patient()
            form.programme_id = self.msma
            form.microstructure_id = self.microstructure
            self.assertEqual(len(form.member_ids), 3)
        pathway = form.record
        self.assertEqual(
            pathway.member_ids.user_id,
            self.gp_user | self.psychologist_user | self.social_worker_user,
        )
