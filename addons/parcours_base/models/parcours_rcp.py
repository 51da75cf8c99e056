from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

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
    duration = fields.Float(string="Duration (Hours)", default=1.5)
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
            "The minutes of %s are validated and locked: record a correction as a decision in "
            "a later meeting.",
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
        """Add every pathway due for review under its programme's rules."""
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

    def action_hold(self):
        self._check_coordinator()
        for rcp in self:
            ensure_state(rcp, ("planned",))
        self._write_lifecycle({"state": "held"})

    def action_validate(self):
        """Validate the minutes: apply each decision to its pathway, then lock."""
        self._check_coordinator()
        for rcp in self:
            ensure_state(rcp, ("held",))
            if not rcp.quorum_reached:
                raise UserError(
                    self.env._(
                        "No quorum: %(missing)s must attend before the decisions of %(rcp)s "
                        "can be validated. The pathways stay on the next agenda.",
                        missing=", ".join(rcp.missing_quorum_profession_ids.mapped("name")),
                        rcp=rcp.name,
                    )
                )
            decided = rcp.decision_ids.filtered("decision")
            decided._apply()
            (rcp.decision_ids - decided).unlink()
            rcp._write_lifecycle({"state": "validated"})
            decided._post_to_pathways()

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

    def action_send_minutes(self):
        """Open the mail composer with the validated minutes as PDF, to the participants."""
        self.ensure_one()
        self.check_access("write")
        ensure_state(self, ("validated",))
        template = self.env.ref("parcours_base.mail_template_rcp_minutes")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

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
