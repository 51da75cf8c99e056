from odoo import api, fields, models


class ParcoursForfaitLineCorrect(models.TransientModel):
    _name = "parcours.forfait.line.correct"
    _description = "Correct a validated forfait line"

    line_id = fields.Many2one("parcours.forfait.line", required=True, readonly=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    current_amount = fields.Monetary(related="line_id.amount", string="Amount in Force")
    amount = fields.Monetary(string="Corrected Amount", required=True)
    reason = fields.Char(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "parcours.forfait.line":
            values["line_id"] = self.env.context.get("active_id")
        return values

    def action_confirm(self):
        self.ensure_one()
        self.line_id.action_correct(self.amount, self.reason)
        return {"type": "ir.actions.act_window_close"}
