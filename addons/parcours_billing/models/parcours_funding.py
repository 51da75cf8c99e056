from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.forfait_split import to_cents

# What one funding record may hold: its amount in cents fits PostgreSQL's integer column.
AMOUNT_MAX = 20_000_000


class ParcoursFunding(models.Model):
    _name = "parcours.funding"
    _description = "Forfait funding received"
    _inherit = ["parcours.integrity.mixin"]
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

    @api.constrains("run_id", "programme_id", "company_id")
    def _check_run(self):
        """Funding counts in the reconciliation of a run of its own programme and organisation."""
        for funding in self.filtered("run_id"):
            # sudo: the run's programme and organisation, whoever may read the run.
            run = funding.run_id.sudo()
            if run.programme_id != funding.programme_id or run.company_id != funding.company_id:
                raise ValidationError(
                    self.env._(
                        "%(funding)s pays for %(run)s, a payout run of another programme or "
                        "organisation.",
                        funding=funding.name,
                        run=run.name,
                    )
                )

    def _lifecycle_fields(self):
        # The cents are computed from the amount: the reconciliation sums them.
        return super()._lifecycle_fields() | {"amount_cents"}

    def _value_bounds(self):
        return dict(super()._value_bounds(), amount=(0.01, AMOUNT_MAX))
