from odoo import fields, models


class ParcoursStepReplanLine(models.TransientModel):
    _name = "parcours.step.replan.line"
    _description = "One change of a re-planned schedule"
    _order = "pathway_id, new_date"

    replan_id = fields.Many2one("parcours.step.replan", required=True, ondelete="cascade")
    step_id = fields.Many2one("parcours.pathway.step", string="Planned Step")
    pathway_id = fields.Many2one("parcours.pathway", required=True)
    template_id = fields.Many2one("parcours.step.template", string="Step", required=True)
    occurrence = fields.Integer()
    old_date = fields.Date(string="Planned On")
    new_date = fields.Date(string="Moves To")
    change = fields.Selection(
        [("move", "Moves"), ("create", "New"), ("cancel", "Cancelled")],
        compute="_compute_change",
    )

    def _compute_change(self):
        for line in self:
            if not line.step_id:
                line.change = "create"
            elif not line.new_date:
                line.change = "cancel"
            else:
                line.change = "move"
