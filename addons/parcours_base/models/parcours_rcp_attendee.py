from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ParcoursRcpAttendee(models.Model):
    _name = "parcours.rcp.attendee"
    _description = "Participant of an RCP"
    _inherit = ["mail.thread", "parcours.professional.mixin", "parcours.integrity.mixin"]
    _order = "rcp_id, id"
    _rec_name = "partner_id"

    rcp_id = fields.Many2one("parcours.rcp", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="rcp_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(required=True, tracking=True)
    attendance = fields.Selection(
        [("present", "Present"), ("excused", "Excused"), ("absent", "Absent")],
        required=True,
        default="present",
        tracking=True,
    )
    minutes_attended = fields.Integer(
        string="Time Attended (Minutes)",
        compute="_compute_minutes_attended",
        store=True,
        readonly=False,
        precompute=True,
        help="Attendance is paid: billing reads the time each professional attended. A "
        "participant present is proposed the meeting's duration.",
        tracking=True,
    )

    _sql_constraints = [
        ("partner_unique", "unique(rcp_id, partner_id)", "This professional is already listed."),
    ]

    @api.depends("attendance", "rcp_id")
    def _compute_minutes_attended(self):
        for attendee in self:
            if attendee.attendance != "present":
                attendee.minutes_attended = 0
            elif not attendee.minutes_attended:
                attendee.minutes_attended = round((attendee.rcp_id.duration or 0) * 60)

    def _value_bounds(self):
        return dict(super()._value_bounds(), minutes_attended=(0, 24 * 60))

    @api.constrains("minutes_attended", "attendance")
    def _check_minutes_attended(self):
        for attendee in self:
            if attendee.minutes_attended < 0:
                raise ValidationError(self.env._("A time attended cannot be negative."))
            if attendee.minutes_attended > round(attendee.rcp_id.duration * 60):
                raise ValidationError(
                    self.env._(
                        "%(professional)s cannot have attended %(minutes)s minutes of a meeting "
                        "of %(length)s minutes.",
                        professional=attendee.partner_id.display_name,
                        minutes=attendee.minutes_attended,
                        length=round(attendee.rcp_id.duration * 60),
                    )
                )
            if attendee.attendance != "present" and attendee.minutes_attended:
                raise ValidationError(
                    self.env._(
                        "%s did not attend: no time can be recorded.",
                        attendee.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        attendees = super().create(vals_list)
        attendees.rcp_id._check_unlocked()
        attendees.rcp_id._sync_calendar_event()
        return attendees

    def write(self, vals):
        self.rcp_id._check_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        self.rcp_id._check_unlocked()
