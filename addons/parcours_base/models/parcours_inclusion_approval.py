from odoo import fields, models


class ParcoursInclusionApproval(models.Model):
    _name = "parcours.inclusion.approval"
    _description = "Approval of a collegial inclusion"
    _order = "approval_date, id"

    pathway_id = fields.Many2one("parcours.pathway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    role_id = fields.Many2one(
        "parcours.programme.role",
        required=True,
        ondelete="restrict",
        domain="[('programme_id', '=', parent.programme_id), ('approves_inclusion', '=', True)]",
    )
    user_id = fields.Many2one(
        "res.users", string="Approved By", required=True, default=lambda self: self.env.user
    )
    approval_date = fields.Datetime(required=True, default=fields.Datetime.now)
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
