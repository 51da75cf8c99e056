from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.parcours_base.models.parcours_patient import department_of

from ..tools.intake import birth_date_from_age, in_territory, weeks_since


class ParcoursCovidIntake(models.TransientModel):
    _name = "parcours.covid.intake"
    _description = "Long-COVID phone intake"

    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, default=lambda self: self.env.company
    )
    programme_id = fields.Many2one(
        "parcours.programme",
        required=True,
        default=lambda self: self._default_programme_id(),
        domain="[('covid_intake', '=', True), ('company_ids', 'in', company_id)]",
    )
    request_date = fields.Date(required=True, default=fields.Date.context_today)
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail"), ("other", "Other")],
        required=True,
        default="phone",
    )
    requester = fields.Selection(
        [("patient", "Patient"), ("relative", "Relative"), ("professional", "Professional")],
        required=True,
        default="patient",
    )
    professional_source = fields.Selection(
        [
            ("gp", "GP"),
            ("specialist", "Specialist"),
            ("hospital", "Hospital / SMR"),
            ("coordination", "Coordination cell (DAC, CPTS)"),
            ("other", "Other"),
        ],
        string="Which Professional",
    )
    referrer_id = fields.Many2one("res.partner", string="Referring Professional")
    patient_id = fields.Many2one(
        "parcours.patient",
        string="Existing Patient",
        domain="[('company_id', '=', company_id)]",
    )
    birth_name = fields.Char()
    first_names = fields.Char()
    sex = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("unknown", "Unknown")],
        required=True,
        default="unknown",
    )
    birth_date = fields.Date()
    age = fields.Integer(help="When the caller does not give the birth date.")
    phone = fields.Char()
    zip = fields.Char()
    department = fields.Char(
        string="Département", compute="_compute_department", store=True, readonly=False
    )
    resident = fields.Boolean(
        string="In the Cell's Territory", compute="_compute_resident", store=True, readonly=False
    )
    gp_id = fields.Many2one(
        "res.partner",
        string="GP (médecin traitant)",
        domain="[('parcours_profession_id.is_physician', '=', True)]",
    )
    gp_consulted = fields.Boolean(string="GP Already Consulted")
    onset_date = fields.Date(string="Symptom Onset")
    weeks_since_onset = fields.Integer(compute="_compute_onset_window")
    eligible = fields.Boolean(compute="_compute_onset_window")
    beyond_window = fields.Boolean(compute="_compute_onset_window")
    axis_ids = fields.Many2many("parcours.covid.axis", string="Symptom Axes")
    complexity = fields.Selection(
        [("simple", "Simple"), ("complex", "Complex")],
        string="Situation",
        required=True,
        default="simple",
    )
    notes = fields.Text()
    twin_patient_id = fields.Many2one(
        "parcours.patient", compute="_compute_twin_patient_id", string="Known Patient"
    )
    open_request_id = fields.Many2one("parcours.pathway", compute="_compute_open_request_id")

    def _default_programme_id(self):
        return self.env["parcours.programme"].search(
            [("covid_intake", "=", True), ("company_ids", "in", self.env.company.ids)], limit=1
        )

    @api.depends("zip", "patient_id")
    def _compute_department(self):
        for intake in self:
            intake.department = (
                intake.patient_id.department or department_of(intake.zip) or intake.department
            )

    @api.depends("department", "company_id")
    def _compute_resident(self):
        for intake in self:
            intake.resident = in_territory(intake.department, intake.company_id.covid_territory)

    @api.depends("onset_date", "request_date", "programme_id")
    def _compute_onset_window(self):
        for intake in self:
            weeks = weeks_since(intake.onset_date, intake.request_date)
            known = bool(intake.onset_date)
            intake.weeks_since_onset = weeks
            intake.eligible = known and weeks >= intake.programme_id.covid_eligible_weeks
            intake.beyond_window = known and weeks > intake.programme_id.covid_flag_weeks

    @api.depends("birth_name", "first_names", "birth_date", "age", "company_id", "patient_id")
    def _compute_twin_patient_id(self):
        Patient = self.env["parcours.patient"]
        for intake in self:
            key = not intake.patient_id and intake._new_patient_key()
            intake.twin_patient_id = key and Patient.search(
                [("identity_key", "=", key), ("company_id", "=", intake.company_id.id)], limit=1
            )

    @api.depends("patient_id", "twin_patient_id", "programme_id")
    def _compute_open_request_id(self):
        for intake in self:
            intake.open_request_id = intake._open_request(
                intake.patient_id or intake.twin_patient_id
            )

    @api.onchange("requester")
    def _onchange_requester(self):
        if self.requester != "professional":
            self.professional_source = False
            self.referrer_id = False

    def _birth_date(self):
        if self.birth_date:
            return self.birth_date
        if self.age:
            return birth_date_from_age(self.age, self.request_date)
        return False

    def _new_patient_key(self):
        """The twin-detection key the new patient would get, computed by the patient model."""
        if not (self.birth_name and self.first_names and self._birth_date()):
            return False
        return (
            self.env["parcours.patient"]
            .new(
                {
                    "birth_name": self.birth_name,
                    "first_names": self.first_names,
                    "birth_date": self._birth_date(),
                }
            )
            .identity_key
        )

    def _open_request(self, patient):
        if not patient or not self.programme_id:
            return self.env["parcours.pathway"]
        return self.env["parcours.pathway"].search(
            [
                ("patient_id", "=", patient.id),
                ("programme_id", "=", self.programme_id.id),
                ("state", "not in", ("closed", "cancelled")),
            ],
            limit=1,
        )

    def _patient(self):
        """The existing patient, the twin found by identity, or a new provisional record."""
        patient = self.patient_id or self.twin_patient_id
        if patient:
            if self.gp_id and not patient.gp_id:
                patient.gp_id = self.gp_id
            return patient
        if not (self.birth_name and self.first_names and self._birth_date()):
            raise UserError(
                self.env._(
                    "Choose an existing patient, or give the birth name, first name and birth "
                    "date (or age) of the new one."
                )
            )
        return self.env["parcours.patient"].create(
            {
                "birth_name": self.birth_name,
                "first_names": self.first_names,
                "birth_date": self._birth_date(),
                "sex": self.sex,
                "phone": self.phone,
                "zip": self.zip,
                "department": self.department,
                "gp_id": self.gp_id.id,
                "company_id": self.company_id.id,
            }
        )

    def _summary(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        requesters = dict(self._fields["requester"]._description_selection(self.env))
        return self.env._(
            "Request received on %(date)s by %(channel)s from: %(requester)s. %(notes)s",
            date=fields.Date.to_string(self.request_date),
            channel=channels[self.channel],
            requester=requesters[self.requester],
            notes=self.notes or "",
        )

    def action_confirm(self):
        """Log the request: reuse or create the patient, then create or link the pathway."""
        self.ensure_one()
        if self.requester == "professional" and not self.professional_source:
            raise UserError(self.env._("Say which professional calls."))
        patient = self._patient()
        pathway = self._open_request(patient)
        if pathway:
            # A patient calling again while a request is open: log it there, no twin request.
            pathway.message_post(body=self.env._("Repeated request. %s", self._summary()))
        else:
            pathway = self._create_pathway(patient)
        return {
            "type": "ir.actions.act_window",
            "res_model": "parcours.pathway",
            "res_id": pathway.id,
            "view_mode": "form",
            # Opened from the menu over any screen: the request starts a fresh breadcrumb.
            "target": "main",
        }

    def _create_pathway(self, patient):
        previous = self.env["parcours.pathway"].search(
            [("patient_id", "=", patient.id), ("programme_id", "=", self.programme_id.id)],
            order="request_date desc, id desc",
            limit=1,
        )
        pathway = self.env["parcours.pathway"].create(
            {
                "patient_id": patient.id,
                "programme_id": self.programme_id.id,
                "company_id": self.company_id.id,
                "request_date": self.request_date,
                "referral_source": (
                    self.professional_source if self.requester == "professional" else self.requester
                ),
                "referrer_id": self.referrer_id.id,
                "covid_channel": self.channel,
                "covid_onset_date": self.onset_date,
                "covid_axis_ids": [fields.Command.set(self.axis_ids.ids)],
                "covid_complexity": self.complexity,
                "covid_gp_consulted": self.gp_consulted,
                "covid_resident": self.resident,
                "covid_previous_id": previous.id,
                "priority": "1" if self.complexity == "complex" else "0",
            }
        )
        pathway.action_submit_request()
        pathway.message_post(body=self._summary())
        return pathway
