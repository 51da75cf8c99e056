from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # A step's activity marked done completes the step.
        steps = self.env["parcours.pathway.step"].search([("activity_id", "in", self.ids)])
        steps.write({"state": "done"})
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
