from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.parcours_base.tools.data_access import MEDICAL

from ..tools.rehab import CRQ_DOMAINS

CRQ_HELP = "Chronic Respiratory Questionnaire domain score, 1 (worst) to 7 (best)."
# A scale with no default: empty until the patient is asked (an integer would read 0).
SATISFACTION_SCALE = [(str(score), str(score)) for score in range(11)]


class ParcoursRehabAssessment(models.Model):
    _name = "parcours.rehab.assessment"
    _description = "Rehabilitation measurement (W0, W6, W12)"
    _order = "pathway_id, date, id"
    _check_company_auto = True
    _inherit = ["parcours.integrity.mixin", "parcours.data.category.mixin"]

    pathway_id = fields.Many2one(
        "parcours.pathway",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('rehab_enabled', '=', True)]",
    )
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    patient_id = fields.Many2one(related="pathway_id.patient_id")
    kind = fields.Selection(
        [("w0", "W0 inclusion"), ("w6", "W6 mid-point"), ("w12", "W12 closing")],
        string="Time Point",
        required=True,
        default="w0",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    # Scores and test results are clinical data: managers get them as indicator figures only.
    crq_dyspnoea = fields.Float(string="CRQ Dyspnoea", digits=(2, 1), help=CRQ_HELP, groups=MEDICAL)
    crq_fatigue = fields.Float(string="CRQ Fatigue", digits=(2, 1), help=CRQ_HELP, groups=MEDICAL)
    crq_emotion = fields.Float(
        string="CRQ Emotional Function", digits=(2, 1), help=CRQ_HELP, groups=MEDICAL
    )
    crq_mastery = fields.Float(string="CRQ Mastery", digits=(2, 1), help=CRQ_HELP, groups=MEDICAL)
    endurance_seconds = fields.Integer(
        string="Endurance Test (Seconds)",
        groups=MEDICAL,
        help="Duration of the constant-load endurance test on the exercise bike.",
    )
    satisfaction = fields.Selection(
        SATISFACTION_SCALE,
        string="Satisfaction (0-10)",
        groups=MEDICAL,
        help="Visual analogue scale, 0 (not at all) to 10 (fully); empty when not asked.",
    )
    satisfaction_score = fields.Integer(
        compute="_compute_satisfaction_score",
        store=True,
        groups=MEDICAL,
        help="The satisfaction as a number, for the indicators (0 when not asked).",
    )
    note = fields.Text(groups=MEDICAL)

    _sql_constraints = [
        ("kind_unique", "unique(pathway_id, kind)", "Each time point is measured once."),
        (
            "values_in_range",
            "CHECK(endurance_seconds >= 0)",
            "The endurance time cannot be negative.",
        ),
    ]

    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for assessment in self:
            assessment.satisfaction_score = int(assessment.satisfaction or 0)

    @api.depends("kind", "pathway_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for assessment in self:
            assessment.display_name = "%s · %s" % (
                assessment.pathway_id.name or "",
                kinds.get(assessment.kind, ""),
            )

    @api.constrains("date")
    def _check_not_in_the_future(self):
        today = fields.Date.context_today(self)
        for assessment in self:
            if assessment.date > today:
                raise ValidationError(
                    self.env._(
                        "%(measure)s is dated %(date)s: a measurement is recorded once taken, "
                        "not in advance.",
                        measure=assessment.display_name,
                        date=fields.Date.to_string(assessment.date),
                    )
                )

    def _value_bounds(self):
        return dict(super()._value_bounds(), endurance_seconds=(0, 24 * 3600))

    @api.constrains("date")
    def _check_date(self):
        for assessment in self:
            assessment._check_within_horizon(assessment.date, assessment.display_name)

    @api.constrains(*("crq_%s" % domain for domain in CRQ_DOMAINS))
    def _check_crq_range(self):
        for assessment in self:
            for score in assessment._crq_scores().values():
                if score is not None and not 1 <= score <= 7:
                    raise ValidationError(self.env._("CRQ scores go from 1 to 7 (got %s).", score))

    def _crq_scores(self):
        """{domain: score or None}: 0 means not scored."""
        self.ensure_one()
        return {domain: self["crq_%s" % domain] or None for domain in CRQ_DOMAINS}
