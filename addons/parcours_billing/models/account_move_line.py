from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    parcours_forfait_component_id = fields.Many2one(
        "parcours.forfait.component",
        string="Forfait Component",
        readonly=True,
        help="The forfait component this line of a payout bill pays.",
    )
