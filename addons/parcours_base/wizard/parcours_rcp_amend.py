from odoo import fields, models


class ParcoursRcpAmend(models.TransientModel):
    _name = "parcours.rcp.amend"
    _description = "Amend validated RCP minutes"

    rcp_id = fields.Many2one("parcours.rcp", string="RCP", required=True, readonly=True)
    decision_id = fields.Many2one(
        "parcours.rcp.decision",
        string="Agenda Line",
        domain="[('rcp_id', '=', rcp_id)]",
        help="Leave empty to amend the minutes as a whole.",
    )
    reason = fields.Char(required=True)
    text = fields.Html(string="Amended Text", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.rcp_id.action_amend(self.reason, self.text, self.decision_id.id)
        return {"type": "ir.actions.act_window_close"}
