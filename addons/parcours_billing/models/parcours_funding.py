from odoo import api, fields, models

from ..tools.forfait_split import to_cents


class ParcoursFunding(models.Model):
    _name = "parcours.funding"
    _description = "Forfait funding received"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    funder_id = fields.Many2one("res.partner", required=True)
    programme_id = fields.Many2one("parcours.programme", required=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    run_id = fields.Many2one(
        "parcours.payout.run",
        string="Payout Run",
        index=True,
        check_company=True,
        domain="[('programme_id', '=', programme_id)]",
        help="The period this funding pays for.",
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    amount = fields.Monetary(required=True)
    amount_cents = fields.Integer(compute="_compute_amount_cents", store=True)
    note = fields.Text()

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A funding received is a positive amount."),
    ]

    @api.depends("amount")
    def _compute_amount_cents(self):
        for funding in self:
            funding.amount_cents = to_cents(funding.amount)
