from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    parcours_payout_run_id = fields.Many2one(
        "parcours.payout.run", string="Forfait Payout Run", readonly=True, index="btree_not_null"
    )
    parcours_forfait_line_ids = fields.One2many(
        "parcours.forfait.line", "move_id", string="Forfait Lines", readonly=True
    )
