from odoo import api, fields, models

from ..tools.budget import expected_cents, expected_patients
from ..tools.forfait_split import to_cents


class ParcoursBudgetTarget(models.Model):
    _name = "parcours.budget.target"
    _description = "Yearly activity target of a forfait rule"
    _order = "rule_id, year"

    rule_id = fields.Many2one(
        "parcours.forfait.rule", string="Forfait Rule", required=True, ondelete="cascade"
    )
    programme_id = fields.Many2one(related="rule_id.programme_id", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="rule_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    new_structures = fields.Integer(help="Structures opening this year (first-year target).")
    existing_structures = fields.Integer(help="Structures already open (later-year target).")
    first_year_target = fields.Integer(
        string="Patients per New Structure", default=30, help="E.g. 30 for a new MSMA."
    )
    later_year_target = fields.Integer(
        string="Patients per Existing Structure", default=45, help="E.g. 45 for an MSMA."
    )
    # Stored, so that the yearly rows of a multi-year budget add up when grouped.
    expected_patients = fields.Integer(compute="_compute_expected", store=True)
    expected_amount = fields.Monetary(compute="_compute_expected", store=True)
    budget_amount = fields.Monetary(
        compute="_compute_expected",
        store=True,
        string="Expected Full Cost",
        help="Budget reference.",
    )
    actual_amount = fields.Monetary(
        compute="_compute_projection", string="Accrued", help="Forfait lines in force this year."
    )
    variance_amount = fields.Monetary(compute="_compute_projection", string="Accrued - Expected")

    _sql_constraints = [
        (
            "year_unique",
            "unique(rule_id, company_id, year)",
            "A rule has one target per organisation and year.",
        ),
    ]

    @api.depends(
        "rule_id.amount",
        "rule_id.budget_amount",
        "new_structures",
        "existing_structures",
        "first_year_target",
        "later_year_target",
    )
    def _compute_expected(self):
        for target in self:
            patients = expected_patients(
                target.new_structures,
                target.existing_structures,
                target.first_year_target,
                target.later_year_target,
            )
            rule = target.rule_id
            target.expected_patients = patients
            target.expected_amount = expected_cents(patients, to_cents(rule.amount)) / 100
            target.budget_amount = (
                expected_cents(patients, to_cents(rule.budget_amount or rule.amount)) / 100
            )

    @api.depends("expected_amount", "year")
    def _compute_projection(self):
        actual = {
            (rule.id, company.id, year): cents
            for rule, company, year, cents in self.env["parcours.forfait.line"]._read_group(
                [
                    ("rule_id", "in", self.rule_id.ids),
                    ("company_id", "in", self.company_id.ids),
                ],
                ["rule_id", "company_id", "period_start:year"],
                ["amount_cents:sum"],
            )
        }
        for target in self:
            rule = target.rule_id
            cents = sum(
                value
                for (rule_id, company_id, year), value in actual.items()
                if rule_id == rule.id
                and company_id == target.company_id.id
                and year
                and year.year == target.year
            )
            target.actual_amount = cents / 100
            target.variance_amount = (cents - to_cents(target.expected_amount)) / 100
