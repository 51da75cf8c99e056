from odoo import fields, models


class ParcoursCarePlanGoal(models.Model):
    _name = "parcours.care.plan.goal"
    _description = "Goal of a care plan"
    _inherit = ["parcours.care.plan.line.mixin"]
    _order = "care_plan_id, sequence, id"
    _rec_name = "description"

    care_plan_id = fields.Many2one(
        "parcours.care.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="care_plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    domain = fields.Selection(
        [
            ("health", "Health"),
            ("social", "Social"),
            ("relational", "Relational"),
            ("risk_reduction", "Risk reduction"),
            ("autonomy", "Autonomy and daily life"),
            ("other", "Other"),
        ],
        required=True,
        default="health",
    )
    description = fields.Char(required=True)
    target_date = fields.Date()
    status = fields.Selection(
        [
            ("open", "In progress"),
            ("achieved", "Achieved"),
            ("partly", "Partly achieved"),
            ("dropped", "Dropped"),
        ],
        required=True,
        default="open",
    )
