from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.data_access import CARE_TEAM


class ParcoursRcpDecision(models.Model):
    _name = "parcours.rcp.decision"
    _description = "RCP agenda item and its decision"
    _order = "rcp_id, sequence, id"
    _rec_name = "pathway_id"
    _inherit = ["parcours.integrity.mixin"]

    rcp_id = fields.Many2one("parcours.rcp", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="rcp_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    pathway_id = fields.Many2one("parcours.pathway", required=True, index=True, ondelete="cascade")
    patient_id = fields.Many2one(related="pathway_id.patient_id")
    # Why a patient is reviewed can be clinical: care team and coordinators only.
    reason = fields.Char(
        string="Why on the Agenda",
        default=lambda self: self.env._("Added manually"),
        groups=CARE_TEAM,
    )
    decision = fields.Selection(
        [
            ("include", "Include"),
            ("continue", "Continue"),
            ("adapt", "Adapt the care plan"),
            ("renew", "Renew"),
            ("suspend", "Suspend"),
            ("stop", "Stop"),
            ("reorient", "Reorient"),
        ],
    )
    end_reason_id = fields.Many2one(
        "parcours.end.reason",
        domain="['|', ('programme_id', '=', False), ('programme_id', '=', programme_id)]",
    )
    programme_id = fields.Many2one(related="pathway_id.programme_id")
    care_plan_id = fields.Many2one(
        "parcours.care.plan",
        string="Care Plan to Validate",
        domain="[('pathway_id', '=', pathway_id), ('state', '=', 'draft')]",
    )
    notes = fields.Html(groups=CARE_TEAM)
    applied = fields.Boolean(readonly=True)
    apply_error = fields.Char(
        string="Not Applied Because",
        readonly=True,
        help="Why the decision could not be carried over when the minutes were validated; "
        "the pathway stays due for the next meeting.",
    )

    _sql_constraints = [
        ("pathway_unique", "unique(rcp_id, pathway_id)", "A pathway is on the agenda once."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.rcp_id._check_unlocked()
        lines.pathway_id.filtered(lambda pathway: pathway.state == "included")._follow_lifecycle(
            "rcp_agenda"
        )
        return lines

    def write(self, vals):
        self.rcp_id._check_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        self.rcp_id._check_unlocked()

    def _lifecycle_fields(self):
        names = super()._lifecycle_fields() | {"applied", "apply_error"}
        if self:
            names |= {"rcp_id", "pathway_id"}
        return names

    def _apply(self):
        """Carry each decision over to its pathway (called when minutes are validated)."""
        for line in self:
            pathway = line.pathway_id
            first_review = not pathway.last_rcp_date
            if line.decision in ("stop", "reorient") and not line.end_reason_id:
                raise UserError(
                    self.env._("Give the end reason decided for %s.", pathway.display_name)
                )
            if line.decision == "include":
                pathway._record_collegial_approval(line.rcp_id)
                pathway.action_include()
            elif line.decision == "adapt":
                plan = (
                    line.care_plan_id
                    or pathway.care_plan_ids.filtered(lambda plan: plan.state == "draft")[:1]
                )
                if not plan:
                    raise UserError(
                        self.env._(
                            "Prepare the new care plan version of %s before validating.",
                            pathway.display_name,
                        )
                    )
                plan._validate(line.rcp_id)
            elif line.decision == "renew":
                pathway.action_renew()
            elif line.decision == "suspend":
                pathway.action_suspend()
            elif line.decision in ("stop", "reorient"):
                pathway._close(line.end_reason_id, line.rcp_id.date.date(), line.rcp_id.name)
            if line.decision in ("continue", "adapt"):
                pathway._follow_lifecycle("first_rcp" if first_review else "rcp_reviewed")
            pathway._write_lifecycle({"last_rcp_date": line.rcp_id.date.date()})
        self._write_lifecycle({"applied": True, "apply_error": False})

    def _post_to_pathways(self):
        """Each pathway's chatter gets its own decision only, never another patient's."""
        for line in self:
            body = self.env["ir.qweb"]._render("parcours_base.rcp_decision_message", {"line": line})
            line.pathway_id.message_post(body=body, subtype_xmlid="mail.mt_note")
