from odoo import api, fields, models

from ..tools.data_access import CARE_TEAM, has_identity_access


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
    # Goals are written about the patient's life and health: care team and coordinators only.
    description = fields.Char(required=True, groups=CARE_TEAM)
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

    @api.depends("description", "domain")
    @api.depends_context("uid")
    def _compute_display_name(self):
        # Managers read a care plan's goals as counts by domain, never their wording.
        if has_identity_access(self.env):
            super()._compute_display_name()
            return
        domains = dict(self._fields["domain"]._description_selection(self.env))
        for goal in self:
            goal.display_name = "%s #%s" % (domains.get(goal.domain, ""), goal.id or "")
