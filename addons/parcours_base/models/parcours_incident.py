from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.data_access import MEDICAL


class ParcoursIncident(models.Model):
    _name = "parcours.incident"
    _description = "Intercurrent event"
    # The data-category mixin first: its tracking filter must run before mail.thread's.
    _inherit = ["parcours.data.category.mixin", "mail.thread", "parcours.integrity.mixin"]
    _order = "date desc, id desc"
    _parcours_programme_path = "programme_id"

    pathway_id = fields.Many2one("parcours.pathway", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    programme_id = fields.Many2one(related="pathway_id.programme_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    type_id = fields.Many2one(
        "parcours.incident.type",
        required=True,
        domain="['|', ('programme_id', '=', False), ('programme_id', '=', programme_id)]",
    )
    severity = fields.Selection(
        [("minor", "Minor"), ("moderate", "Moderate"), ("severe", "Severe (hospitalisation)")],
        required=True,
        default="minor",
        tracking=True,
    )
    description = fields.Html(groups=MEDICAL)
    informed_partner_ids = fields.Many2many("res.partner", string="Informed")
    decision = fields.Selection(
        [("continue", "Continue"), ("suspend", "Suspend"), ("interrupt", "Interrupt")],
        tracking=True,
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decision_date = fields.Date(readonly=True)
    end_reason_id = fields.Many2one(
        "parcours.end.reason",
        domain="['|', ('programme_id', '=', False), ('programme_id', '=', programme_id)]",
        help="Why the pathway ends when the decision is to interrupt it.",
    )
    follow_up = fields.Text(groups=MEDICAL)
    state = fields.Selection(
        [("open", "Open"), ("decided", "Decided")], default="open", required=True, readonly=True
    )

    @api.depends("type_id", "date")
    def _compute_display_name(self):
        for incident in self:
            incident.display_name = "%s %s" % (
                incident.type_id.name or "",
                fields.Date.to_string(incident.date) if incident.date else "",
            )

    @api.constrains("date", "pathway_id")
    def _check_date(self):
        for incident in self:
            pathway = incident.pathway_id
            if pathway.request_date and incident.date < pathway.request_date:
                raise ValidationError(
                    self.env._("An incident cannot predate the request of its pathway.")
                )
            if incident.date > fields.Date.context_today(self):
                raise ValidationError(self.env._("An incident cannot be dated in the future."))

    def _lifecycle_fields(self):
        names = super()._lifecycle_fields() | {"state", "decided_by_id", "decision_date"}
        if self.filtered(lambda incident: incident.state == "decided"):
            # What was decided and applied is a fact: a new incident records a new decision.
            names |= {"decision", "end_reason_id", "pathway_id", "date"}
        return names

    def action_apply_decision(self):
        """Apply the decision to the pathway: continue, suspend or interrupt (close)."""
        self._check_coordinator()
        for incident in self:
            if incident.state != "open" or not incident.decision:
                raise UserError(self.env._("Record the decision first, on an open incident."))
            pathway = incident.pathway_id
            if incident.decision == "suspend":
                pathway.action_suspend()
            elif incident.decision == "interrupt":
                if not incident.end_reason_id:
                    raise UserError(
                        self.env._("Interrupting %s needs an end reason.", pathway.display_name)
                    )
                pathway._close(incident.end_reason_id, incident.date, incident.display_name)
            incident._write_lifecycle(
                {
                    "state": "decided",
                    "decided_by_id": self.env.user.id,
                    "decision_date": fields.Date.context_today(self),
                }
            )
