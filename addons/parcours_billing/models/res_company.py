from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    parcours_second_validation = fields.Boolean(
        string="Payouts Validated by a Second Person",
        default=True,
        help="A payout run reaching the amount below is validated by someone other than "
        "the person who computed it.",
    )
    parcours_second_validation_amount = fields.Monetary(
        string="Second Validation from",
        currency_field="currency_id",
        default=10000,
        help="Accrued amount of a payout run from which a second person validates it "
        "(0: every run).",
    )
