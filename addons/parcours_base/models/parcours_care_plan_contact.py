from odoo import fields, models


class ParcoursCarePlanContact(models.Model):
    _name = "parcours.care.plan.contact"
    _description = "Contacts planned by a care plan"
    _inherit = ["parcours.care.plan.line.mixin"]
    _order = "care_plan_id, id"
    _rec_name = "profession_id"

    care_plan_id = fields.Many2one(
        "parcours.care.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="care_plan_id.company_id", store=True)
    profession_id = fields.Many2one("parcours.profession", string="Role", required=True)
    kind_id = fields.Many2one("parcours.encounter.kind")
    count = fields.Integer(required=True, default=1)
    period = fields.Selection(
        [
            ("week", "per week"),
            ("month", "per month"),
            ("quarter", "per quarter"),
            ("year", "per year"),
        ],
        required=True,
        default="month",
    )

    _sql_constraints = [
        ("count_positive", "CHECK(count > 0)", "Plan at least one contact per period."),
    ]
