from odoo import api, fields, models
from odoo.exceptions import UserError


class ParcoursInclusionApproval(models.Model):
    _name = "parcours.inclusion.approval"
    _description = "Approval of a collegial inclusion"
    _order = "approval_date, id"
    _inherit = ["mail.thread", "parcours.integrity.mixin"]

    pathway_id = fields.Many2one("parcours.pathway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    role_id = fields.Many2one(
        "parcours.programme.role",
        required=True,
        ondelete="restrict",
        domain="[('programme_id', '=', parent.programme_id), ('approves_inclusion', '=', True)]",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Approved By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    approval_date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    rcp_id = fields.Many2one(
        "parcours.rcp",
        string="Decided in Meeting",
        ondelete="restrict",
        help="The approval is this participant's vote in the meeting that decided the inclusion.",
    )

    _sql_constraints = [
        (
            "role_unique",
            "unique(pathway_id, role_id)",
            "This role has already approved the inclusion.",
        ),
    ]

    def _lifecycle_fields(self):
        # Recorded by the approver only, as themself, through the pathway's
        # action_approve_inclusion; never created or changed by hand.
        return super()._lifecycle_fields() | {
            "pathway_id",
            "role_id",
            "user_id",
            "approval_date",
            "rcp_id",
        }

    def _lifecycle_locked(self):
        return self

    def _lifecycle_lock_message(self, record):
        return self.env._("An inclusion approval is a fact: it is never changed.")

    @api.ondelete(at_uninstall=False)
    def _unlink_only_own_before_inclusion(self):
        for approval in self:
            if approval.pathway_id.state in ("included", "suspended", "closed") or (
                not self.env.su and approval.user_id != self.env.user
            ):
                raise UserError(
                    self.env._(
                        "Only %s may withdraw this approval, before the inclusion.",
                        approval.user_id.name,
                    )
                )
