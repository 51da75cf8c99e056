from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from ..tools.mail_composer import composer_action
from ..tools.states import ensure_state


class ParcoursRcp(models.Model):
    _name = "parcours.rcp"
    _description = "Multidisciplinary meeting (RCP)"
    _inherit = ["mail.thread", "mail.activity.mixin", "parcours.integrity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("RCP"), tracking=True)
    kind = fields.Selection(
        [
            ("rcp", "Multidisciplinary meeting (RCP)"),
            ("committee", "Concertation committee"),
            ("case_review", "Case review"),
        ],
        required=True,
        default="rcp",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    duration = fields.Float(
        string="Duration (Hours)", default=lambda self: self.env.company.parcours_rcp_duration
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    programme_ids = fields.Many2many(
        "parcours.programme",
        string="Programmes",
        required=True,
        domain="[('company_ids', 'in', company_id)]",
    )
    facilitator_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, domain=[("share", "=", False)]
    )
    attendee_ids = fields.One2many("parcours.rcp.attendee", "rcp_id", string="Participants")
    decision_ids = fields.One2many("parcours.rcp.decision", "rcp_id", string="Agenda")
    amendment_ids = fields.One2many(
        "parcours.rcp.amendment",
        "rcp_id",
        string="Amendments",
        help="Corrections of the validated minutes; the minutes themselves stay as validated.",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("validated", "Minutes validated")],
        required=True,
        default="planned",
        tracking=True,
        readonly=True,
    )
    general_notes = fields.Html(help="Notes about the meeting itself; never a patient's data.")
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    quorum_reached = fields.Boolean(compute="_compute_quorum")
    missing_quorum_profession_ids = fields.Many2many(
        "parcours.profession", compute="_compute_quorum", string="Missing for Quorum"
    )

    _sql_constraints = [
        ("duration_positive", "CHECK(duration >= 0)", "A duration cannot be negative."),
    ]

    @api.depends("attendee_ids.attendance", "attendee_ids.profession_id", "programme_ids")
    def _compute_quorum(self):
        for rcp in self:
            present = rcp.attendee_ids.filtered(lambda a: a.attendance == "present").profession_id
            missing = rcp.programme_ids.quorum_profession_ids - present
            rcp.missing_quorum_profession_ids = missing
            rcp.quorum_reached = not missing

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("default_allday") and values.get("date"):
            # A click on a day of the calendar: the organisation's usual hour and length,
            # not the calendar's all-day 07:00-19:00.
            values.update(self._usual_slot(fields.Datetime.to_datetime(values["date"])))
        return values

    @api.model
    def _usual_slot(self, moment):
        """{date, duration} of a meeting on the local day of `moment` at the usual hour."""
        company = self.env.company
        day = fields.Datetime.context_timestamp(self, moment).date()
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        local = datetime.combine(day, time()) + timedelta(hours=company.parcours_rcp_hour)
        start = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        return {"date": start, "duration": company.parcours_rcp_duration}

    @api.constrains("duration")
    def _check_attendance_within_duration(self):
        self.attendee_ids._check_minutes_attended()

    @api.model_create_multi
    def create(self, vals_list):
        meetings = super().create(vals_list)
        meetings._sync_calendar_event()
        return meetings

    def write(self, vals):
        result = super().write(vals)
        if {"date", "duration", "name", "attendee_ids"} & set(vals):
            self._sync_calendar_event()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if self.filtered(lambda rcp: rcp.state == "validated"):
            raise UserError(self.env._("Validated minutes cannot be deleted."))

    def _lifecycle_fields(self):
        return super()._lifecycle_fields() | {"state", "calendar_event_id"}

    def _lifecycle_locked(self):
        return self.filtered(lambda rcp: rcp.state == "validated")

    def _lifecycle_lock_message(self, record):
        return self.env._(
            "The minutes of %s are validated and locked: record a correction as an amendment "
            "(the original stays as validated).",
            record.name,
        )

    def _value_bounds(self):
        return dict(super()._value_bounds(), duration=(0, 24))

    def _non_blank_fields(self):
        return super()._non_blank_fields() | {"name"}

    def _check_unlocked(self):
        """Refuse changing validated minutes (their lines included), except by their actions."""
        locked = self._lifecycle_locked()
        if locked and not self.env.su:
            raise UserError(self._lifecycle_lock_message(locked[0]))

    def _sync_calendar_event(self):
        """Keep the meeting in Calendar with its participants invited."""
        for rcp in self:
            values = {
                "name": rcp.name,
                "start": rcp.date,
                "stop": rcp.date + timedelta(hours=rcp.duration or 1),
                "partner_ids": [fields.Command.set(rcp.attendee_ids.partner_id.ids)],
                "user_id": rcp.facilitator_id.id,
            }
            if rcp.calendar_event_id:
                rcp.calendar_event_id.write(values)
            else:
                rcp._write_lifecycle(
                    {"calendar_event_id": self.env["calendar.event"].create(values).id}
                )

    def action_propose_agenda(self):
        """Add every pathway due for review under its programme's rules (say so when none)."""
        added = 0
        for rcp in self:
            ensure_state(rcp, ("planned", "held"))
            on_agenda = rcp.decision_ids.pathway_id
            lines = []
            for programme in rcp.programme_ids:
                for pathway, reason in programme._rcp_agenda_candidates(rcp).items():
                    if pathway not in on_agenda:
                        on_agenda |= pathway
                        lines.append({"rcp_id": rcp.id, "pathway_id": pathway.id, "reason": reason})
            self.env["parcours.rcp.decision"].create(lines)
            added += len(lines)
            rcp._propose_participants()
        if not added:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._(
                        "No pathway is due for review: nothing was added to the agenda."
                    ),
                },
            }
        return True

    def _propose_participants(self):
        """Invite the professionals of the care teams of the pathways on the agenda."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        members = self.decision_ids.pathway_id.member_ids.filtered(
            lambda member: member._is_current(today) and member.partner_id
        )
        invited = self.attendee_ids.partner_id
        values = []
        for member in members:
            if member.partner_id not in invited:
                invited |= member.partner_id
                values.append(
                    {
                        "rcp_id": self.id,
                        "partner_id": member.partner_id.id,
                        "profession_id": member.profession_id.id,
                    }
                )
        self.env["parcours.rcp.attendee"].create(values)

    def action_hold(self):
        self._check_coordinator()
        for rcp in self:
            ensure_state(rcp, ("planned",))
        self._write_lifecycle({"state": "held"})

    def action_validate(self):
        """Validate the minutes: apply each decision to its pathway, then lock.

        A decision that cannot be carried over does not block the others: its line keeps
        the reason, stays on the minutes unapplied, and the pathway stays due.
        """
        today = fields.Date.context_today(self)
        not_applied = self.env["parcours.rcp.decision"]
        self._check_coordinator()
        for rcp in self:
            ensure_state(rcp, ("held",))
            if fields.Datetime.context_timestamp(rcp, rcp.date).date() > today:
                raise UserError(
                    self.env._(
                        "%s has not taken place yet: its minutes can be validated on the day "
                        "of the meeting or later.",
                        rcp.name,
                    )
                )
            if not rcp.quorum_reached:
                raise UserError(
                    self.env._(
                        "No quorum: %(missing)s must attend before the decisions of %(rcp)s "
                        "can be validated. The pathways stay on the next agenda.",
                        missing=", ".join(rcp.missing_quorum_profession_ids.mapped("name")),
                        rcp=rcp.name,
                    )
                )
            applied = self.env["parcours.rcp.decision"]
            for line in rcp.decision_ids.filtered("decision"):
                try:
                    with self.env.cr.savepoint():
                        line._apply()
                    applied |= line
                except (UserError, ValidationError) as error:
                    # The reference, not the patient's name: the minutes are read by every
                    # participant.
                    pathway = line.pathway_id
                    line._write_lifecycle(
                        {"apply_error": error.args[0].replace(pathway.display_name, pathway.name)}
                    )
                    not_applied |= line
            rcp._write_lifecycle({"state": "validated"})
            applied._post_to_pathways()
            if rcp.decision_ids - applied:
                rcp._post_not_applied(rcp.decision_ids - applied)
        if not_applied:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Some decisions were not applied"),
                    "message": "\n".join(
                        "%s: %s" % (line.pathway_id.name, line.apply_error) for line in not_applied
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return True

    def _post_not_applied(self, lines):
        """Say in the meeting's chatter which lines were not applied and why."""
        self.ensure_one()
        body = self.env["ir.qweb"]._render(
            "parcours_base.rcp_not_applied_message", {"lines": lines}
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def record_decision(self, pathway, decision, **values):
        """Record `decision` for `pathway`, which must be on this meeting's agenda."""
        self.ensure_one()
        line = self.decision_ids.filtered(lambda line: line.pathway_id == pathway)
        if not line:
            raise UserError(
                self.env._(
                    "%(pathway)s is not on the agenda of %(rcp)s: add it to the agenda first.",
                    pathway=pathway.display_name,
                    rcp=self.name,
                )
            )
        line.write({"decision": decision, **values})
        return line

    def action_open_amend_wizard(self):
        self.ensure_one()
        self._check_coordinator()
        ensure_state(self, ("validated",))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Amend the minutes"),
            "res_model": "parcours.rcp.amend",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_rcp_id": self.id},
        }

    def action_amend(self, reason, text, decision_id=False):
        """Record an amendment to validated minutes, by a coordinator, as themself.

        The minutes, their decisions and attendees stay as validated; the amendment says
        who corrected what, when and why, is shown with the minutes and never changes.
        """
        self.ensure_one()
        self._check_coordinator()
        self.check_access("write")
        ensure_state(self, ("validated",))
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("An amendment needs a reason."))
        if not isinstance(text, str) or is_html_empty(text):
            raise UserError(self.env._("An amendment needs the amended text."))
        decision = self.env["parcours.rcp.decision"]
        if decision_id:
            decision = decision.browse(decision_id).exists()
            if decision.rcp_id != self:
                raise UserError(self.env._("An amendment corrects a decision of the same minutes."))
        self.env["parcours.rcp.amendment"]._create_lifecycle(
            [
                {
                    "rcp_id": self.id,
                    "decision_id": decision.id,
                    "author_id": self.env.uid,
                    "date": fields.Datetime.now(),
                    "reason": reason.strip(),
                    "text": text,
                }
            ]
        )
        # The chatter says that and by whom, not what: the text is for the care team.
        body = (
            self.env._(
                "Minutes amended by %(author)s on the agenda line of %(pathway)s.",
                author=self.env.user.name,
                pathway=decision.pathway_id.name,
            )
            if decision
            else self.env._("Minutes amended by %s.", self.env.user.name)
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def action_send_minutes(self):
        """Open the mail composer with the validated minutes as PDF, to the participants."""
        self.ensure_one()
        self.check_access("write")
        ensure_state(self, ("validated",))
        template = self.env.ref("parcours_base.mail_template_rcp_minutes")
        return composer_action(self, template)

    def action_open_mssante_send(self):
        """Send the validated minutes by MSSanté."""
        self.ensure_one()
        self.check_access("write")
        ensure_state(self, ("validated",))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send by MSSanté"),
            "res_model": "parcours.mssante.send",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_rcp_id": self.id, "default_document": "rcp_minutes"},
        }

    def action_print_minutes(self):
        return self.env.ref("parcours_base.action_report_rcp_minutes").report_action(self)
