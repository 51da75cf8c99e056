from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.parcours_base.tools.age import age_on

from ..tools.activity_report import age_band
from ..tools.intake import in_territory, weeks_since


class ParcoursPathway(models.Model):
    _inherit = "parcours.pathway"

    covid_intake = fields.Boolean(related="programme_id.covid_intake")
    covid_channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("other", "Other")],
        string="Channel",
        tracking=True,
    )
    covid_requester = fields.Selection(
        [("patient", "Patient"), ("relative", "Relative"), ("professional", "Professional")],
        string="Requester",
        compute="_compute_covid_requester",
        store=True,
    )
    covid_onset_date = fields.Date(string="Symptom Onset", tracking=True)
    covid_weeks_since_onset = fields.Integer(
        string="Weeks Since Onset", compute="_compute_covid_window", store=True
    )
    covid_eligible = fields.Boolean(
        string="Eligible (Onset)", compute="_compute_covid_window", store=True
    )
    covid_beyond_window = fields.Boolean(
        string="Beyond the Usual Window", compute="_compute_covid_window", store=True
    )
    covid_axis_ids = fields.Many2many("parcours.covid.axis", string="Symptom Axes")
    covid_complexity = fields.Selection(
        [("simple", "Simple"), ("complex", "Complex")], string="Situation", tracking=True
    )
    covid_gp_consulted = fields.Boolean(
        string="GP Already Consulted", help="The GP has already been consulted for these symptoms."
    )
    covid_department = fields.Char(related="patient_id.department", string="Patient Département")
    covid_resident = fields.Boolean(
        string="Resident of the Territory",
        compute="_compute_covid_resident",
        store=True,
        readonly=False,
    )
    covid_sex = fields.Selection(related="patient_id.sex", store=True, string="Patient Sex")
    covid_age_band = fields.Selection(
        [
            ("0_18", "0-18"),
            ("19_29", "19-29"),
            ("30_49", "30-49"),
            ("50_75", "50-75"),
            ("over_75", "Over 75"),
        ],
        string="Age Band at Request",
        compute="_compute_covid_age_band",
        store=True,
    )
    covid_orientation_id = fields.Many2one(
        "parcours.covid.orientation", string="Orientation", tracking=True
    )
    covid_orientation_date = fields.Date(string="Oriented On", tracking=True, copy=False)
    covid_orientation_delay = fields.Integer(
        string="Days to Orientation",
        compute="_compute_covid_orientation_delay",
        store=True,
        aggregator="avg",
    )
    covid_referral_ids = fields.One2many(
        "parcours.covid.referral", "pathway_id", string="Referrals"
    )
    covid_suggested_resource_ids = fields.Many2many(
        "parcours.covid.resource",
        compute="_compute_covid_suggested_resource_ids",
        string="Resources Near the Patient",
    )
    covid_previous_id = fields.Many2one(
        "parcours.pathway",
        string="Previous Request",
        readonly=True,
        copy=False,
        help="An earlier request of the same patient to the cell.",
    )
    covid_gp_not_informed_reason = fields.Text(
        string="GP Not Informed Because",
        tracking=True,
        help="Required to close a request whose GP information sheet was not sent.",
    )

    @api.depends("referral_source")
    def _compute_covid_requester(self):
        for pathway in self:
            source = pathway.referral_source
            if source in ("patient", "relative"):
                pathway.covid_requester = source
            else:
                pathway.covid_requester = source and "professional"

    @api.depends(
        "covid_onset_date",
        "request_date",
        "programme_id.covid_eligible_weeks",
        "programme_id.covid_flag_weeks",
    )
    def _compute_covid_window(self):
        for pathway in self:
            weeks = weeks_since(pathway.covid_onset_date, pathway.request_date)
            programme = pathway.programme_id
            known = bool(pathway.covid_onset_date)
            pathway.covid_weeks_since_onset = weeks
            pathway.covid_eligible = known and weeks >= programme.covid_eligible_weeks
            pathway.covid_beyond_window = known and weeks > programme.covid_flag_weeks

    @api.depends("patient_id")
    def _compute_covid_resident(self):
        # Residence is captured at request time: a later move does not rewrite the report.
        for pathway in self:
            pathway.covid_resident = in_territory(
                pathway.patient_id.department, pathway.company_id.covid_territory
            )

    @api.depends("patient_id.birth_date", "request_date")
    def _compute_covid_age_band(self):
        for pathway in self:
            birth, day = pathway.patient_id.birth_date, pathway.request_date
            age = age_on(birth, day)
            pathway.covid_age_band = age_band(age) if age is not None else False

    @api.depends("request_date", "covid_orientation_date")
    def _compute_covid_orientation_delay(self):
        for pathway in self:
            start, end = pathway.request_date, pathway.covid_orientation_date
            pathway.covid_orientation_delay = (end - start).days if start and end else 0

    @api.depends("covid_department", "covid_axis_ids", "covid_orientation_id")
    def _compute_covid_suggested_resource_ids(self):
        for pathway in self:
            pathway.covid_suggested_resource_ids = (
                pathway._covid_suggested_resources() if pathway.covid_intake else False
            )

    def _covid_suggested_resources(self):
        """Resources of the patient's département covering one of the request's axes."""
        self.ensure_one()
        domain = [
            ("department", "=", self.covid_department),
            "|",
            ("company_id", "=", False),
            ("company_id", "=", self.company_id.id),
        ]
        if self.covid_axis_ids:
            domain.append(("axis_ids", "in", self.covid_axis_ids.ids))
        if self.covid_orientation_id.resource_kind:
            domain.append(("kind", "=", self.covid_orientation_id.resource_kind))
        return self.env["parcours.covid.resource"].search(domain)

    def write(self, vals):
        if "covid_orientation_id" in vals and "covid_orientation_date" not in vals:
            # The decision is dated the day it is chosen (delay request → orientation).
            today = fields.Date.context_today(self)
            vals = dict(vals, covid_orientation_date=vals["covid_orientation_id"] and today)
        result = super().write(vals)
        if vals.get("covid_orientation_id"):
            self.filtered(
                lambda pathway: pathway.covid_intake and pathway.state in ("draft", "requested")
            )._follow_lifecycle("covid_oriented")
        return result

    def action_covid_print_gp_sheet(self):
        """Produce the GP information sheet, keep it, and record that the GP is informed."""
        self.ensure_one()
        self.check_access("write")
        action = self._log_document("parcours_covid.action_report_covid_gp_sheet")
        if not self.gp_informed_date:
            self.gp_informed_date = fields.Date.context_today(self)
        return action

    def _close(self, reason, end_date, comment=False):
        for pathway in self:
            if (
                pathway.covid_intake
                and not pathway.gp_informed_date
                and not pathway.covid_gp_not_informed_reason
            ):
                raise UserError(
                    self.env._(
                        "%s: the GP must be informed before the request is closed. Produce the "
                        "GP information sheet, or write why the GP is not informed.",
                        pathway.display_name,
                    )
                )
        return super()._close(reason, end_date, comment)
