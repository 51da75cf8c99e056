from odoo import fields, models


class ParcoursStepReplan(models.TransientModel):
    _name = "parcours.step.replan"
    _description = "Preview and apply a re-planned follow-up schedule"

    pathway_ids = fields.Many2many("parcours.pathway", required=True)
    line_ids = fields.One2many("parcours.step.replan.line", "replan_id", string="Changes")

    def _open_for(self, pathways):
        """A preview of what moves for `pathways`, in a dialog."""
        wizard = self.create({"pathway_ids": pathways.ids})
        wizard.line_ids = [
            fields.Command.create(
                {
                    "step_id": step.id if step else False,
                    "pathway_id": pathway.id,
                    "template_id": template.id,
                    "occurrence": occurrence,
                    "old_date": old_date,
                    "new_date": new_date,
                }
            )
            for step, pathway, template, occurrence, old_date, new_date in pathways._replan_moves()
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Re-plan the follow-up"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_apply(self):
        self.ensure_one()
        planning = self.env["parcours.pathway.step"].with_context(parcours_planning=True)
        moved = self.line_ids.filtered(lambda line: line.step_id and line.new_date)
        for line in moved:
            line.step_id.with_context(parcours_planning=True).due_date = line.new_date
            line.step_id.activity_id.date_deadline = line.new_date
        self.line_ids.filtered(lambda line: line.step_id and not line.new_date).step_id._cancel()
        created = planning.create(
            [
                {
                    "pathway_id": line.pathway_id.id,
                    "template_id": line.template_id.id,
                    "occurrence": line.occurrence,
                    "name": line.template_id.name,
                    "due_date": line.new_date,
                    "user_id": line.pathway_id._responsible_user(line.template_id.profession_id).id,
                }
                for line in self.line_ids.filtered(lambda line: not line.step_id)
            ]
        )
        created._create_activities()
        return {"type": "ir.actions.act_window_close"}
