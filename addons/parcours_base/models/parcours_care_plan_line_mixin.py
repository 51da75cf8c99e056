from odoo import api, models


class ParcoursCarePlanLineMixin(models.AbstractModel):
    """Lines of a care plan follow its lock: a validated version never changes."""

    _name = "parcours.care.plan.line.mixin"
    _description = "Line of a care plan"
    _inherit = ["parcours.integrity.mixin"]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.care_plan_id._check_editable()
        return lines

    def write(self, vals):
        self.care_plan_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_from_drafts(self):
        self.care_plan_id._check_editable()
