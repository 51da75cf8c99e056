from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # A step's activity marked done completes the step. Only pathway activities have
        # steps: activities of other models are left to core, whoever marks them done.
        on_pathways = self.filtered(lambda activity: activity.res_model == "parcours.pathway")
        if on_pathways:
            # sudo: whoever may mark the activity done completes the step it stands for;
            # only the steps linked to these activities are touched.
            steps = (
                self.env["parcours.pathway.step"]
                .sudo()
                .search([("activity_id", "in", on_pathways.ids), ("state", "=", "planned")])
            )
            steps.write({"state": "done"})
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
