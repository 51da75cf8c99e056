from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# What a payout run's vendor bill keeps from the run: who is paid, on which bank account,
# how much and in which currency. Reset to draft, such a bill is cancelled and the run
# bills its lines again; it is never rewritten by hand.
RUN_BILL_FIELDS = {
    "partner_id",
    "partner_bank_id",
    "currency_id",
    "move_type",
    "company_id",
    "invoice_line_ids",
    "line_ids",
}


class AccountMove(models.Model):
    _inherit = "account.move"

    parcours_payout_run_id = fields.Many2one(
        "parcours.payout.run", string="Forfait Payout Run", readonly=True, index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any("parcours_payout_run_id" in vals for vals in vals_list):
            self._check_payout_link()
        return super().create(vals_list)

    def write(self, vals):
        if "parcours_payout_run_id" in vals:
            self._check_payout_link()
        if RUN_BILL_FIELDS & set(vals):
            self._check_run_bill_kept()
        return super().write(vals)

    def _check_payout_link(self):
        # Only the payout run links its bills (as superuser): a bill moved to another run
        # would be paid twice or not at all.
        if not self.env.su:
            raise AccessError(self.env._("Only a payout run links vendor bills to itself."))

    def _check_run_bill_kept(self):
        """Refuse changing the beneficiary or the amounts of a payout run's bill by hand."""
        if self.env.su:
            return
        # sudo: whether a bill comes from a run, whoever may read the run.
        bills = self.sudo().filtered("parcours_payout_run_id")
        if bills:
            raise UserError(
                self.env._(
                    "%s was made by a payout run: its beneficiary and amounts come from the "
                    "run. Cancel the bill and bill the run again, or correct the forfait lines.",
                    bills[0].name or bills[0].ref,
                )
            )
