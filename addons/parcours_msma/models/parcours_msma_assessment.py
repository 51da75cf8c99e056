from odoo import api, fields, models

from odoo.addons.parcours_base.tools.data_access import MEDICAL, SOCIAL

# Items of an assessment, True when having it is the good outcome (used for the evolution).
SOCIAL_ITEMS = {
    "rights_opened": True,
    "housing": True,
    "work_or_school": True,
    "bank_account": True,
    "legal_problems": False,
}
RELATIONAL_ITEMS = {
    "family_contact": True,
    "parental_authority": True,
    "family_problems": False,
    "activities": True,
}
HEALTH_ITEMS = {"screenings_done": True, "treatments_started": True}
RISK_ITEMS = {"use_reduced": True, "use_stopped": True, "smoking_stopped": True}
ASSESSMENT_ITEMS = {**SOCIAL_ITEMS, **RELATIONAL_ITEMS, **HEALTH_ITEMS, **RISK_ITEMS}


class ParcoursMsmaAssessment(models.Model):
    _name = "parcours.msma.assessment"
    _description = "Social and addiction assessment of an MSMA pathway"
    _order = "pathway_id, date, id"
    _check_company_auto = True
    # The data-category mixin first: its tracking filter must run before mail.thread's.
    _inherit = ["parcours.data.category.mixin", "mail.thread", "parcours.integrity.mixin"]

    pathway_id = fields.Many2one(
        "parcours.pathway", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    patient_id = fields.Many2one(related="pathway_id.patient_id")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    kind = fields.Selection(
        [("inclusion", "At inclusion"), ("rcp", "At an RCP")],
        required=True,
        default="rcp",
        tracking=True,
    )
    rcp_id = fields.Many2one("parcours.rcp", string="RCP", ondelete="set null", tracking=True)
    # Social
    rights_opened = fields.Boolean(string="Social Rights Opened", groups=SOCIAL, tracking=True)
    housing = fields.Boolean(string="Stable Housing", groups=SOCIAL, tracking=True)
    work_or_school = fields.Boolean(string="Work or School", groups=SOCIAL, tracking=True)
    bank_account = fields.Boolean(groups=SOCIAL, tracking=True)
    legal_problems = fields.Boolean(groups=SOCIAL, tracking=True)
    # Relational
    family_contact = fields.Boolean(groups=SOCIAL, tracking=True)
    parental_authority = fields.Boolean(
        string="Exercises Parental Authority", groups=SOCIAL, tracking=True
    )
    family_problems = fields.Boolean(groups=SOCIAL, tracking=True)
    activities = fields.Boolean(string="Leisure or Group Activities", groups=SOCIAL, tracking=True)
    # Health
    screenings_done = fields.Boolean(groups=MEDICAL, tracking=True)
    treatments_started = fields.Boolean(groups=MEDICAL, tracking=True)
    # Risk reduction
    use_intensity = fields.Selection(
        [("none", "None"), ("low", "Low"), ("moderate", "Moderate"), ("high", "High")],
        string="Intensity of Use",
        groups=MEDICAL,
        tracking=True,
    )
    use_reduced = fields.Boolean(groups=MEDICAL, tracking=True)
    use_stopped = fields.Boolean(groups=MEDICAL, tracking=True)
    smoking_stopped = fields.Boolean(groups=MEDICAL, tracking=True)
    note = fields.Text(groups=SOCIAL, tracking=True)

    @api.constrains("date")
    def _check_date(self):
        for assessment in self:
            assessment._check_within_horizon(assessment.date, assessment.display_name)

    @api.depends("pathway_id.name", "kind", "date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for assessment in self:
            assessment.display_name = "%s · %s · %s" % (
                assessment.pathway_id.name or "",
                kinds.get(assessment.kind, ""),
                fields.Date.to_string(assessment.date) if assessment.date else "",
            )

    def _item_values(self):
        self.ensure_one()
        return {item: self[item] for item in ASSESSMENT_ITEMS}
