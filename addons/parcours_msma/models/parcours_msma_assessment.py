from odoo import api, fields, models

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
    _inherit = ["parcours.integrity.mixin"]

    pathway_id = fields.Many2one(
        "parcours.pathway", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    patient_id = fields.Many2one(related="pathway_id.patient_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        [("inclusion", "At inclusion"), ("rcp", "At an RCP")], required=True, default="rcp"
    )
    rcp_id = fields.Many2one("parcours.rcp", string="RCP", ondelete="set null")
    # Social
    rights_opened = fields.Boolean(string="Social Rights Opened")
    housing = fields.Boolean(string="Stable Housing")
    work_or_school = fields.Boolean(string="Work or School")
    bank_account = fields.Boolean()
    legal_problems = fields.Boolean()
    # Relational
    family_contact = fields.Boolean()
    parental_authority = fields.Boolean(string="Exercises Parental Authority")
    family_problems = fields.Boolean()
    activities = fields.Boolean(string="Leisure or Group Activities")
    # Health
    screenings_done = fields.Boolean()
    treatments_started = fields.Boolean()
    # Risk reduction
    use_intensity = fields.Selection(
        [("none", "None"), ("low", "Low"), ("moderate", "Moderate"), ("high", "High")],
        string="Intensity of Use",
    )
    use_reduced = fields.Boolean()
    use_stopped = fields.Boolean()
    smoking_stopped = fields.Boolean()
    note = fields.Text()

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
