from odoo import api, fields, models
from odoo.exceptions import AccessError


class AccountMove(models.Model):
    _inherit = "account.move"

    parcours_payout_run_id = fields.Many2one(
        "parcours.payout.run", string="Forfait Payout Run", readonly=True, index="btree_not_null"
    )
    parcours_forfait_line_ids = fields.One2many(
        "parcours.forfait.line", "move_id", string="Forfait Lines", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any("parcours_payout_run_id" in vals for vals in vals_list):
            self._check_payout_link()
        return super().create(vals_list)

    def write(self, vals):
        if "parcours_payout_run_id" in vals:
            self._check_payout_link()
        return super().write(vals)

    def _check_payout_link(self):
        # Only the payout run links its bills (as superuser): a bill moved to another run
        # would be paid twice or not at all.
        if not self.env.su:
            raise AccessError(self.env._("Only a payout run links vendor bills to itself."))
