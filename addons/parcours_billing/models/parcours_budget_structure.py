from odoo import api, fields, models

from ..tools.forfait_split import to_cents


class ParcoursBudgetStructure(models.Model):
    _name = "parcours.budget.structure"
    _description = "Structure of a programme in the budget (microstructure, team, association)"
    _order = "programme_id, opening_date, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    programme_id = fields.Many2one(
        "parcours.programme", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    opening_date = fields.Date(
        help="The structure counts the first-year target in the year it opens, and belongs "
        "to the cohort of that year. Empty for a structure open for long."
    )
    closing_date = fields.Date(help="No target after the year it closes.")
    target_ids = fields.One2many(
        "parcours.budget.structure.target",
        "structure_id",
        string="Negotiated Targets",
        copy=True,
        help="Yearly targets negotiated with the funder; the programme's first-year and "
        "later-years targets apply to the other years.",
    )
    startup_amount = fields.Monetary(
        string="Start-up Credit Granted",
        help="When the funder grants this structure another start-up credit than the "
        "rule's; empty for the rule's.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(closing_date IS NULL OR opening_date IS NULL OR closing_date >= opening_date)",
            "A structure closes after it opens.",
        ),
        (
            "startup_positive",
            "CHECK(startup_amount IS NULL OR startup_amount >= 0)",
            "A start-up credit is not negative.",
        ),
    ]

    @api.model
    def _sync_structures(self, programme, company):
        """Create or update the structures a vertical knows of (its microstructures, teams).

        An extension point: the base knows no structure of its own, they are entered here.
        """
        return self.browse()

    def _forfait_line_domain(self):
        """The forfait lines accrued for this structure's patients; empty when the
        structures of the programme cannot be told apart from their pathways (then only
        the annex's total shows what was accrued)."""
        self.ensure_one()
        siblings = self.search_count(
            [
                ("programme_id", "=", self.programme_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        )
        if siblings == 1:
            return [("company_id", "=", self.company_id.id)]
        return None

    def _annex_values(self):
        """The dict `tools.budget.annex_rows` reads for each structure."""
        return [
            {
                "key": structure.id,
                "name": structure.name,
                "opening_year": structure.opening_date and structure.opening_date.year,
                "closing_year": structure.closing_date and structure.closing_date.year,
                "targets": {
                    target.year: (
                        target.patients,
                        to_cents(target.amount) if target.amount else None,
                    )
                    for target in structure.target_ids
                },
                "startup_cents": (
                    to_cents(structure.startup_amount) if structure.startup_amount else None
                ),
            }
            for structure in self
        ]
