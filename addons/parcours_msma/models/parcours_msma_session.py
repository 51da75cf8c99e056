from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.msma_dates import WEEKDAYS, first_weekday_on_or_after


class ParcoursMsmaSession(models.Model):
    _name = "parcours.msma.session"
    _description = "Weekly session of a microstructure"
    _order = "microstructure_id, weekday, hour_from"

    microstructure_id = fields.Many2one(
        "parcours.msma.microstructure", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="microstructure_id.company_id", store=True, index=True)
    weekday = fields.Selection(
        [
            ("mon", "Monday"),
            ("tue", "Tuesday"),
            ("wed", "Wednesday"),
            ("thu", "Thursday"),
            ("fri", "Friday"),
            ("sat", "Saturday"),
            ("sun", "Sunday"),
        ],
        required=True,
        default="mon",
    )
    hour_from = fields.Float(string="From", required=True, default=9.0)
    hour_to = fields.Float(string="To", required=True, default=12.0)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Professionals",
        domain="[('parcours_profession_id', '!=', False)]",
        help="Psychologist and social worker holding the session; invited to its events.",
    )
    date_from = fields.Date(string="Starting", required=True, default=fields.Date.context_today)
    weeks = fields.Integer(
        string="Weeks Planned", default=52, help="How many weekly events go into the calendar."
    )
    recurrence_id = fields.Many2one("calendar.recurrence", readonly=True, copy=False)

    @api.constrains("hour_from", "hour_to", "weeks")
    def _check_hours(self):
        for session in self:
            if not 0 <= session.hour_from < session.hour_to <= 24:
                raise ValidationError(
                    self.env._("A session must end after it starts, within the same day.")
                )
            if session.weeks < 1:
                raise ValidationError(self.env._("Plan at least one week of sessions."))

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._generate_events()
        return sessions

    def write(self, vals):
        result = super().write(vals)
        if {"weekday", "hour_from", "hour_to", "partner_ids", "date_from", "weeks"} & set(vals):
            self._generate_events()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_events(self):
        self._remove_events()

    def _remove_events(self):
        # The sessions hold no patient data: removing their events never loses care records.
        self.recurrence_id.calendar_event_ids.unlink()
        self.recurrence_id.unlink()

    def _event_values(self):
        """Values of the first event of the weekly series, in the user's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.env.user.tz or "Europe/Paris")
        day = first_weekday_on_or_after(self.date_from, self.weekday)
        local_start = datetime.combine(day, time()) + timedelta(hours=self.hour_from)
        start = tz.localize(local_start).astimezone(pytz.utc).replace(tzinfo=None)
        return {
            "name": self.env._("MSMA session · %s", self.microstructure_id.name),
            "start": start,
            "stop": start + timedelta(hours=self.hour_to - self.hour_from),
            "partner_ids": [fields.Command.set(self.partner_ids.ids)],
            "recurrency": True,
            "rrule_type": "weekly",
            "interval": 1,
            "end_type": "count",
            "count": self.weeks,
            "event_tz": tz.zone,
            **{weekday: weekday == self.weekday for weekday in WEEKDAYS},
        }

    def _generate_events(self):
        """(Re)create the recurring calendar events of each session."""
        Event = self.env["calendar.event"].with_context(no_mail_to_attendees=True, dont_notify=True)
        for session in self:
            session._remove_events()
            event = Event.create(session._event_values())
            session.recurrence_id = event.recurrence_id
