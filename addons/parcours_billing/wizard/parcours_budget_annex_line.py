from odoo import fields, models


class ParcoursBudgetAnnexLine(models.TransientModel):
    _name = "parcours.budget.annex.line"
    _description = "Year of a structure or cohort in a budget annex"
    _order = "sequence, year"

    annex_id = fields.Many2one("parcours.budget.annex", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="annex_id.currency_id")
    sequence = fields.Integer()
    kind = fields.Selection(
        [("structure", "Open structure"), ("cohort", "New structures")], required=True
    )
    name = fields.Char(string="Structure or Cohort", required=True)
    structures = fields.Char(string="Names")
    year = fields.Char(required=True)
    patients = fields.Integer(aggregator="sum")
    amount = fields.Monetary(aggregator="sum")
    startup_amount = fields.Monetary(string="Start-up Credit (FIR)", aggregator="sum")
    accrued_amount = fields.Monetary(string="Accrued", aggregator="sum")
    paid_amount = fields.Monetary(string="Paid", aggregator="sum")
