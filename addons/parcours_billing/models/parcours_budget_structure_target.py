from odoo import fields, models


class ParcoursBudgetStructureTarget(models.Model):
    _name = "parcours.budget.structure.target"
    _description = "Yearly target negotiated for a structure"
    _order = "structure_id, year"

    structure_id = fields.Many2one(
        "parcours.budget.structure", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="structure_id.company_id", store=True)
    currency_id = fields.Many2one(related="structure_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    patients = fields.Integer(string="Patient Target", required=True)
    amount = fields.Monetary(
        string="Negotiated Amount",
        help="When the funder granted an amount of its own; empty for the patients at the "
        "rule's amount per patient.",
    )

    _sql_constraints = [
        ("year_unique", "unique(structure_id, year)", "A structure has one target a year."),
        ("patients_positive", "CHECK(patients >= 0)", "A patient target is not negative."),
        ("amount_positive", "CHECK(amount IS NULL OR amount >= 0)", "An amount is not negative."),
    ]
