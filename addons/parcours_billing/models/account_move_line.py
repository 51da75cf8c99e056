from odoo import api, fields, models

# What the lines of a payout run's bill keep from the run (see account_move.py).
RUN_BILL_LINE_FIELDS = {
    "price_unit",
    "quantity",
    "discount",
    "tax_ids",
    "partner_id",
    "move_id",
    "parcours_forfait_component_id",
}


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    parcours_forfait_component_id = fields.Many2one(
        "parcours.forfait.component",
        string="Forfait Component",
        readonly=True,
        help="The forfait component this line of a payout bill pays.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # A product line added to a run's bill; Odoo's own tax and payment term lines
            # (created with their display_type) are left to it.
            moves = self.env["account.move"].browse(
                {
                    vals["move_id"]
                    for vals in vals_list
                    if vals.get("move_id") and vals.get("display_type", "product") == "product"
                }
            )
            moves._check_run_bill_kept()
            if any(vals.get("parcours_forfait_component_id") for vals in vals_list):
                self.env["account.move"]._check_payout_link()
        return super().create(vals_list)

    def write(self, vals):
        if RUN_BILL_LINE_FIELDS & set(vals):
            self.move_id._check_run_bill_kept()
            if "move_id" in vals:
                self.env["account.move"].browse(vals["move_id"])._check_run_bill_kept()
        return super().write(vals)
