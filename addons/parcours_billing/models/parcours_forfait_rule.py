from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.budget import startup_cents
from ..tools.forfait_split import to_cents


class ParcoursForfaitRule(models.Model):
    _name = "parcours.forfait.rule"
    _description = "Forfait rule"
    _order = "programme_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    programme_id = fields.Many2one(
        "parcours.programme", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        index=True,
        help="Leave empty to apply the rule in every organisation running the programme.",
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    amount = fields.Monetary(
        string="Forfait per Patient and Period",
        required=True,
        help="What the funder pays for one included patient and one period.",
    )
    budget_amount = fields.Monetary(
        string="Budget Reference per Patient",
        help="Full cost per patient used by the budget projection (the forfait when empty).",
    )
    period_kind = fields.Selection(
        [
            ("yearly", "Yearly from the inclusion (renewed on its anniversary)"),
            ("phase", "One per programme phase"),
            ("inclusion", "Once, at inclusion"),
        ],
        required=True,
        default="yearly",
    )
    funder_id = fields.Many2one(
        "res.partner", help="The fund paying the forfait, e.g. FISS or FIR."
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Vendor Bill Journal",
        domain="[('type', '=', 'purchase')]",
        check_company=True,
        help="Purchase journal of the payout bills; the organisation's default when empty.",
    )
    component_ids = fields.One2many(
        "parcours.forfait.component", "rule_id", string="Components", copy=True
    )
    allocated_amount = fields.Monetary(
        compute="_compute_allocated_amount",
        string="Allocated to Components",
        help="Sum of the components' amounts, remainders excluded.",
    )
    note = fields.Text()
    first_year_target = fields.Integer(
        string="Patients of a New Structure",
        help="Budget: patients a structure counts the year it opens (e.g. 30 for an MSMA).",
    )
    later_year_target = fields.Integer(
        string="Patients of an Open Structure",
        help="Budget: patients a structure counts each later year, unless it negotiated a "
        "target of its own (e.g. 45 for an MSMA).",
    )
    startup_hours_per_week = fields.Float(
        string="Start-up Hours per Week", help="Budget: sessions held by a new structure."
    )
    startup_weeks = fields.Integer(string="Start-up Weeks")
    startup_hourly_rate = fields.Monetary(
        string="Start-up Hourly Rate",
        help="Sum of the hourly rates of the professionals holding the sessions, e.g. "
        "31 + 45 EUR for a social worker and a psychologist.",
    )
    startup_computed = fields.Monetary(
        compute="_compute_startup_computed",
        string="Start-up Credit Computed",
        help="Hours per week x weeks x hourly rate: the justification of the credit.",
    )
    startup_amount = fields.Monetary(
        string="Start-up Credit Granted",
        help="What the funder grants each new structure (e.g. 2,000 EUR rounded with travel); "
        "the computed credit when empty.",
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A forfait must be a positive amount."),
        (
            "budget_targets_positive",
            "CHECK(first_year_target >= 0 AND later_year_target >= 0 AND startup_weeks >= 0 "
            "AND startup_hours_per_week >= 0 AND startup_hourly_rate >= 0 "
            "AND startup_amount >= 0)",
            "Budget targets, start-up hours, weeks, rates and credits are not negative.",
        ),
    ]

    @api.depends("component_ids.amount", "component_ids.computation")
    def _compute_allocated_amount(self):
        for rule in self:
            rule.allocated_amount = sum(
                rule.component_ids.filtered(
                    lambda component: component.computation != "remainder"
                ).mapped("amount")
            )

    @api.depends("startup_hours_per_week", "startup_weeks", "startup_hourly_rate")
    def _compute_startup_computed(self):
        for rule in self:
            rule.startup_computed = (
                startup_cents(
                    rule.startup_hours_per_week,
                    rule.startup_weeks,
                    to_cents(rule.startup_hourly_rate),
                )
                / 100
            )

    @api.constrains("amount", "component_ids")
    def _check_components_fit(self):
        for rule in self:
            allocated = sum(
                to_cents(component.amount)
                for component in rule.component_ids
                if component.computation != "remainder"
            )
            if allocated > to_cents(rule.amount):
                raise ValidationError(
                    self.env._(
                        "The components of %(rule)s add up to %(allocated)s, more than the "
                        "forfait of %(amount)s.",
                        rule=rule.name,
                        allocated=rule.allocated_amount,
                        amount=rule.amount,
                    )
                )

    def _period_duration(self):
        """(amount, unit) of a one-off period: the programme's duration."""
        self.ensure_one()
        programme = self.programme_id
        return (programme.duration or 12, programme.duration_unit or "months")

    def _phase_durations(self):
        self.ensure_one()
        return [(phase.duration, phase.duration_unit) for phase in self.programme_id.phase_ids]
