import unicodedata

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.data_access import IDENTITY, has_identity_access


def normalise_name(name):
    """Upper case without accents, hyphens or extra spaces, for twin detection."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.replace("-", " ").replace("'", " ").upper().split())


def department_of(zip_code):
    """The French département of a postcode (2A/2B for Corsica, 3 digits overseas)."""
    code = (zip_code or "").strip()
    if len(code) != 5 or not code.isdigit():
        return False
    if code.startswith("97") or code.startswith("98"):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]


class ParcoursPatient(models.Model):
    _name = "parcours.patient"
    _description = "Patient"
    _inherit = ["mail.thread", "mail.activity.mixin", "parcours.access.logged.mixin"]
    _order = "birth_name, first_names, id"
    _rec_name = "birth_name"
    _rec_names_search = ["birth_name", "used_name", "first_names", "national_identifier"]

    birth_name = fields.Char(required=True, tracking=True, groups=IDENTITY)
    first_names = fields.Char(
        required=True, tracking=True, help="All first names, as on the ID.", groups=IDENTITY
    )
    used_name = fields.Char(tracking=True, groups=IDENTITY)
    used_first_name = fields.Char(groups=IDENTITY)
    birth_date = fields.Date(required=True, tracking=True, groups=IDENTITY)
    sex = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("unknown", "Unknown")],
        required=True,
        default="unknown",
        tracking=True,
    )
    birth_place = fields.Char(help="Birth place (INSEE code or city).", groups=IDENTITY)
    identity_status = fields.Selection(
        [
            ("provisional", "Provisional"),
            ("verified", "Verified"),
            ("qualified", "Qualified"),
        ],
        required=True,
        default="provisional",
        tracking=True,
        help="Provisional: declared; verified: checked on an ID document; qualified: "
        "verified and returned by the national identity service (INSi).",
    )
    national_identifier = fields.Char(
        string="National Health Identifier (INS)",
        tracking=True,
        copy=False,
        help="Stored only once the identity is qualified.",
        groups=IDENTITY,
    )
    phone = fields.Char(groups=IDENTITY)
    email = fields.Char(groups=IDENTITY)
    street = fields.Char(groups=IDENTITY)
    street2 = fields.Char(groups=IDENTITY)
    zip = fields.Char(groups=IDENTITY)
    city = fields.Char(groups=IDENTITY)
    department = fields.Char(
        string="Département",
        compute="_compute_department",
        store=True,
        readonly=False,
        index=True,
    )
    gp_id = fields.Many2one(
        "res.partner",
        string="GP (médecin traitant)",
        domain="[('parcours_profession_id.is_physician', '=', True)]",
        tracking=True,
    )
    trusted_person_name = fields.Char(string="Trusted Person", groups=IDENTITY)
    trusted_person_phone = fields.Char(groups=IDENTITY)
    trusted_person_relation = fields.Char(string="Relation to the Patient", groups=IDENTITY)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    pathway_ids = fields.One2many("parcours.pathway", "patient_id", string="Pathways")
    pathway_count = fields.Integer(compute="_compute_pathway_count")
    active = fields.Boolean(default=True)
    full_name = fields.Char(
        compute="_compute_full_name",
        groups=IDENTITY,
        help="The name letters print; the display name is a reference for those who may not "
        "read identities.",
    )
    age = fields.Integer(compute="_compute_age", compute_sudo=True)
    twin_ids = fields.Many2many(
        "parcours.patient",
        compute="_compute_twin_ids",
        string="Possible Duplicates",
        groups=IDENTITY,
    )
    identity_key = fields.Char(
        compute="_compute_identity_key", store=True, index=True, groups=IDENTITY
    )

    _sql_constraints = [
        (
            "national_identifier_unique",
            "unique(national_identifier, company_id)",
            "Another patient of this organisation has this national health identifier.",
        ),
    ]

    @api.depends("used_name", "birth_name", "first_names", "used_first_name", "birth_date")
    @api.depends_context("uid")
    def _compute_display_name(self):
        if not has_identity_access(self.env):
            # Managers, accountants and stored names (messages, activities) get a reference.
            for patient in self:
                patient.display_name = self.env._("Patient #%s", patient._origin.id or "")
            return
        for patient in self:
            patient.display_name = patient.full_name

    @api.depends("used_name", "birth_name", "first_names", "used_first_name")
    def _compute_full_name(self):
        for patient in self:
            last = patient.used_name or patient.birth_name or ""
            first = patient.used_first_name or (patient.first_names or "").split(" ")[0]
            born = (
                self.env._(" (born %s)", patient.birth_name)
                if patient.used_name and patient.used_name != patient.birth_name
                else ""
            )
            patient.full_name = f"{last.upper()} {first}{born}".strip()

    @api.depends("zip")
    def _compute_department(self):
        for patient in self:
            patient.department = department_of(patient.zip) or patient.department

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for patient in self:
            patient.age = (
                relativedelta(today, patient.birth_date).years if patient.birth_date else 0
            )

    @api.depends("birth_name", "first_names", "birth_date")
    def _compute_identity_key(self):
        for patient in self:
            first = normalise_name(patient.first_names).split(" ")[:1]
            patient.identity_key = "|".join(
                [normalise_name(patient.birth_name), *first, str(patient.birth_date or "")]
            )

    @api.depends("identity_key", "company_id")
    def _compute_twin_ids(self):
        keys = [key for key in self.mapped("identity_key") if key]
        twins = self.search([("identity_key", "in", keys)]) if keys else self.browse()
        for patient in self:
            patient.twin_ids = twins.filtered(
                lambda twin, patient=patient: twin.identity_key == patient.identity_key
                and twin.id != patient._origin.id
                and twin.company_id == patient.company_id
            )

    def _compute_pathway_count(self):
        counts = dict(
            self.env["parcours.pathway"]._read_group(
                [("patient_id", "in", self.ids)], ["patient_id"], ["__count"]
            )
        )
        for patient in self:
            patient.pathway_count = counts.get(patient, 0)

    @api.constrains("national_identifier", "identity_status")
    def _check_national_identifier(self):
        for patient in self:
            if patient.national_identifier and patient.identity_status != "qualified":
                raise ValidationError(
                    self.env._(
                        "The national health identifier of %s can only be stored once the "
                        "identity is qualified.",
                        patient.display_name,
                    )
                )

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for patient in self:
            if patient.birth_date and patient.birth_date > today:
                raise ValidationError(self.env._("A birth date cannot be in the future."))

    @api.model
    def _search_display_name(self, operator, value):
        if has_identity_access(self.env) or self.env.su:
            return super()._search_display_name(operator, value)
        # Without identity access a patient is found by the reference of a pathway only.
        return [("pathway_ids.name", operator, value)]

    @api.model
    def _order_to_sql(self, order, query, alias=None, reverse=False):
        if order == self._order and not self.env.su and not has_identity_access(self.env):
            order = "id"  # the default order sorts by name, which this user may not read
        return super()._order_to_sql(order, query, alias=alias, reverse=reverse)

    @api.model_create_multi
    def create(self, vals_list):
        patients = super().create(vals_list)
        patients._check_no_twin()
        return patients

    def write(self, vals):
        result = super().write(vals)
        if {"birth_name", "first_names", "birth_date", "company_id"} & set(vals):
            self._check_no_twin()
        return result

    def _check_no_twin(self):
        """Refuse a second record for the same person: link the existing one instead."""
        # sudo: twins must be found even when the current user's care teams do not
        # include the existing record; only its reference is revealed, never its data.
        twins = self.sudo().search(
            [("identity_key", "in", self.mapped("identity_key")), ("id", "not in", self.ids)]
        )
        for patient in self:
            twin = twins.filtered(
                lambda twin, patient=patient: twin.identity_key == patient.identity_key
                and twin.company_id == patient.company_id
            )[:1]
            if twin:
                raise ValidationError(
                    self.env._(
                        "This patient already exists in %(organisation)s (same birth name, "
                        "first name and birth date, record #%(reference)s): open the existing "
                        "record instead of creating a twin.",
                        organisation=twin.company_id.name,
                        reference=twin.id,
                    )
                )

    def _access_log_pathway(self):
        return {patient: self.env["parcours.pathway"] for patient in self}

    def action_open_pathways(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_base.parcours_pathway_action"
        )
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {
            "default_patient_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action
