from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.forfait_split import parse_schedule


class ParcoursForfaitComponent(models.Model):
    _name = "parcours.forfait.component"
    _description = "Component of a forfait"
    _inherit = ["analytic.mixin"]
    _order = "rule_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code shown in exports.")
    sequence = fields.Integer(default=10)
    rule_id = fields.Many2one(
        "parcours.forfait.rule", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    currency_id = fields.Many2one(related="rule_id.currency_id")
    computation = fields.Selection(
        [
            ("fixed", "Fixed amount"),
            ("per_encounter", "Base + rate per done encounter"),
            ("initial", "Initial session + rate per follow-up session held"),
            ("schedule", "Amount per done encounter, session by session"),
            ("pooled", "Share of a pooled cost (RCP hours x rate / patients)"),
            ("remainder", "Remainder of the forfait"),
        ],
        required=True,
        default="fixed",
    )
    amount = fields.Monetary(
        string="Amount per Patient",
        help="The component's share of the forfait and the most it pays for one patient and "
        "period. For a remainder: its weight when several remainders share what is left.",
    )
    base_amount = fields.Monetary(help="Paid once the professional is on the care team.")
    rate = fields.Monetary(string="Rate per Encounter")
    max_count = fields.Integer(
        string="Encounters Counted at Most",
        help="0: every done encounter counts. For an initial session and follow-ups: the "
        "follow-up sessions paid at most.",
    )
    min_count = fields.Integer(
        string="Done Encounters Required",
        help="A fixed amount is paid only once the professional holding the role has done "
        "this many encounters of the kind below in the period (e.g. the physician's "
        "evaluation); 0: paid for being on the care team.",
    )
    pooled_payment = fields.Selection(
        [
            ("computed", "The computed share"),
            ("stated", "The component's amount (the funder's rounded figure)"),
        ],
        string="Pooled Amount Paid",
        required=True,
        default="computed",
        help="Stated: the professional who attended the structure's RCPs is paid the amount "
        "above; the computed share is shown beside it as its justification.",
    )
    schedule = fields.Char(
        string="Amounts per Session",
        help="Amount of the 1st, 2nd, ... done encounter separated by semicolons, e.g. "
        "45; 30; 30; 45.",
    )
    encounter_kind_id = fields.Many2one(
        "parcours.encounter.kind", help="Only done, billable encounters of this kind count."
    )
    hourly_rate = fields.Monetary(
        help="Pooled cost: hours attended in validated RCPs x this rate, shared over the "
        "patients of the structure that held them (the microstructure, or the patients of "
        "the professional's care teams) followed in the period."
    )
    beneficiary_kind = fields.Selection(
        [
            ("member", "Care-team member holding the role"),
            ("employer", "Employer of the member holding the role"),
            ("structure", "Named structure"),
            ("organisation", "The organisation itself (retained)"),
        ],
        required=True,
        default="member",
    )
    profession_id = fields.Many2one("parcours.profession", string="Role")
    partner_id = fields.Many2one("res.partner", string="Structure")
    self_employed_only = fields.Boolean(
        string="Pay Self-employed Directly Only",
        help="A salaried member is not paid directly: their employer receives the amount.",
    )
    early_exit = fields.Selection(
        [("prorata", "Prorata of the time followed"), ("full", "Full amount")],
        string="On Early Exit",
        required=True,
        default="full",
    )
    account_id = fields.Many2one(
        "account.account",
        string="Expense Account",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        help="Account of the vendor bill line; the journal's default when empty.",
    )

    _sql_constraints = [
        ("amount_not_negative", "CHECK(amount >= 0)", "An amount cannot be negative."),
        (
            "max_count_not_negative",
            "CHECK(max_count >= 0 AND min_count >= 0)",
            "A count cannot be negative.",
        ),
    ]

    @api.constrains("computation", "beneficiary_kind", "profession_id", "partner_id")
    def _check_beneficiary(self):
        for component in self:
            needs_role = component.beneficiary_kind in ("member", "employer") or (
                component.computation in ("per_encounter", "initial", "schedule", "pooled")
                or component.min_count
            )
            if needs_role and not component.profession_id:
                raise ValidationError(
                    self.env._("The component %s needs a care-team role.", component.name)
                )
            if component.beneficiary_kind == "structure" and not component.partner_id:
                raise ValidationError(
                    self.env._("The component %s needs a structure to pay.", component.name)
                )

    @api.constrains("amount", "computation")
    def _check_fits_in_forfait(self):
        self.rule_id._check_components_fit()

    @api.constrains("schedule")
    def _check_schedule(self):
        for component in self:
            try:
                parse_schedule(component.schedule)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "The amounts per session of %(component)s must be numbers separated "
                        "by semicolons, e.g. 45; 30; 30; 45 (got %(text)s).",
                        component=component.name,
                        text=component.schedule,
                    )
                ) from error

    def _beneficiary(self, partner, company):
        """Who is paid for this component, given the partner holding its role (or none)."""
        self.ensure_one()
        if self.beneficiary_kind == "structure":
            return self.partner_id
        if self.beneficiary_kind == "organisation":
            return company.partner_id
        if not partner:
            return self.env["res.partner"]
        if self.beneficiary_kind == "employer" or (
            self.self_employed_only and partner.parcours_employment != "self_employed"
        ):
            return partner.parcours_employer_id
        return partner
