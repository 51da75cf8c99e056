from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.age import age_on
from ..tools.data_access import IDENTITY, has_identity_access
from ..tools.identity import (
    INS_OIDS,
    check_ins_matricule,
    first_first_name,
    normalise_name,
)

# The five strict traits of the national health identity (INS), in the order of the
# national identity-vigilance reference (RNIV).
STRICT_TRAITS = ("birth_name", "first_names", "sex", "birth_date", "birth_place_code")
# Identity facts written only by the actions that own them.
IDENTITY_FACTS = {
    "identity_status",
    "identity_proof_kind",
    "identity_checked_by_id",
    "identity_checked_on",
    "ins_matricule",
    "ins_oid",
    "merged_into_id",
    "national_identifier",
    "national_identifier_oid",
}


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
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "parcours.integrity.mixin",
        "parcours.access.logged.mixin",
    ]
    _order = "birth_name, first_names, id"
    _rec_name = "birth_name"
    _rec_names_search = ["birth_name", "used_name", "first_names", "identity_search"]
    # In the access log: the patient itself, no pathway.
    _access_log_pathway_column = None
    _access_log_patient_column = "id"

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
    birth_place = fields.Char(
        help="Birth place as the patient says it (city, country).", groups=IDENTITY
    )
    birth_place_code = fields.Char(
        string="Birth Place Code (INSEE)",
        tracking=True,
        help="INSEE/COG code of the commune of birth (2A/2B for Corsica), or 99 and the "
        "country code for people born abroad: one of the five strict identity traits.",
        groups=IDENTITY,
    )
    identity_status = fields.Selection(
        [
            ("provisional", "Provisional"),
            ("recovered", "Recovered"),
            ("validated", "Validated"),
            ("qualified", "Qualified"),
        ],
        required=True,
        default="provisional",
        readonly=True,
        tracking=True,
        help="Provisional: declared. Recovered: returned by the national INSi teleservice, "
        "not yet checked on an ID document. Validated: checked on a high-trust ID document. "
        "Qualified: both; only then is the INS shown, used and exported.",
    )
    identity_proof_kind = fields.Selection(
        [
            ("id_card", "National identity card"),
            ("passport", "Passport"),
            ("residence_permit", "Residence permit"),
            ("birth_certificate", "Birth certificate or family record book (minor)"),
        ],
        string="Identity Proof Seen",
        readonly=True,
        tracking=True,
    )
    identity_checked_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    identity_checked_on = fields.Datetime(readonly=True)
    ins_matricule = fields.Char(
        string="INS Matricule (stored)",
        readonly=True,
        copy=False,
        index=True,
        groups="base.group_system",
        help="The NIR or NIA returned by INSi, kept even while the identity is not "
        "qualified; users see it through the INS field, only once qualified.",
    )
    ins_oid = fields.Char(
        string="INS OID (stored)", readonly=True, copy=False, groups="base.group_system"
    )
    national_identifier = fields.Char(
        string="INS",
        compute="_compute_national_identifier",
        search="_search_national_identifier",
        help="The national health identifier (NIR or NIA matricule), shown and exported "
        "only when the identity is qualified.",
        groups=IDENTITY,
    )
    national_identifier_oid = fields.Char(
        string="INS OID", compute="_compute_national_identifier", groups=IDENTITY
    )
    identity_event_ids = fields.One2many(
        "parcours.patient.identity.event",
        "patient_id",
        string="Identity History",
        groups=IDENTITY,
    )
    merged_into_id = fields.Many2one(
        "parcours.patient",
        readonly=True,
        index="btree_not_null",
        help="This record was a twin: everything it held moved to that record.",
    )
    identity_search = fields.Char(
        string="Birth Name or INS",
        compute="_compute_identity_search",
        search="_search_identity_search",
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
            "ins_matricule_unique",
            "unique(ins_matricule, company_id)",
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
            patient.age = age_on(patient.birth_date, today) or 0

    @api.depends("birth_name", "first_names", "birth_date")
    def _compute_identity_key(self):
        for patient in self:
            first = [first_first_name(patient.first_names)] if patient.first_names else []
            patient.identity_key = "|".join(
                [normalise_name(patient.birth_name), *first, str(patient.birth_date or "")]
            )

    @api.depends("identity_key", "company_id", "sex", "birth_place_code")
    def _compute_twin_ids(self):
        keys = [key for key in self.mapped("identity_key") if key]
        twins = self.search([("identity_key", "in", keys)]) if keys else self.browse()
        for patient in self:
            patient.twin_ids = twins.filtered(
                lambda twin, patient=patient: twin.id != patient._origin.id
                and patient._same_strict_traits(twin)
            )

    def _same_strict_traits(self, other):
        """Whether `other` is the same person by the strict traits (same organisation).

        Birth name, first first name and birth date are compared normalised (the
        identity key); sex and birth place only count when both records know them.
        """
        self.ensure_one()
        if other.identity_key != self.identity_key or other.company_id != self.company_id:
            return False
        if "unknown" not in (self.sex, other.sex) and self.sex != other.sex:
            return False
        places = {(code or "").upper() for code in (self.birth_place_code, other.birth_place_code)}
        return len(places) == 1 or not all(places)

    @api.depends("identity_status")
    def _compute_national_identifier(self):
        # sudo: the stored matricule is readable by nobody; its qualified value is the
        # field users see, on the records they may read.
        for patient in self:
            qualified = patient.identity_status == "qualified"
            stored = patient.sudo()
            patient.national_identifier = qualified and stored.ins_matricule
            patient.national_identifier_oid = qualified and stored.ins_oid

    def _search_national_identifier(self, operator, value):
        if operator in ("!=", "=") and not value:
            # sudo: which records hold a qualified INS, as a subquery on the stored matricule
            # no user reads; the caller's search still applies the user's record rules.
            matching = self.sudo()._search(
                [("ins_matricule", "!=", False), ("identity_status", "=", "qualified")]
            )
            return [("id", "not in" if operator == "=" else "in", matching)]
        if operator not in ("=", "ilike", "=ilike", "like", "=like"):
            raise UserError(self.env._("This search on the INS is not supported."))
        compact = "".join((value or "").split()).upper()
        # sudo: matched on the stored matricule, qualified identities only; the result is
        # still filtered by the user's record rules.
        matching = self.sudo()._search(
            [("ins_matricule", "=", compact), ("identity_status", "=", "qualified")]
        )
        return [("id", "in", matching)]

    def _compute_identity_search(self):
        for patient in self:
            patient.identity_search = patient.birth_name

    def _search_identity_search(self, operator, value):
        if operator not in ("ilike", "=", "like", "=ilike") or not isinstance(value, str):
            raise UserError(self.env._("This search on the birth name is not supported."))
        # The identity key starts with the normalised birth name: a prefix search on it
        # finds "Lefèvre" when "LEFEVRE" or "lefevre" is typed, whatever the accents.
        names = normalise_name(value).replace("%", "").replace("_", "")
        if not names:
            return [("id", "=", 0)]
        pattern = names + ("|%" if operator in ("=", "=ilike") else "%|%")
        return ["|", ("identity_key", "=like", pattern), ("national_identifier", "=", value)]

    def _compute_pathway_count(self):
        counts = dict(
            self.env["parcours.pathway"]._read_group(
                [("patient_id", "in", self.ids)], ["patient_id"], ["__count"]
            )
        )
        for patient in self:
            patient.pathway_count = counts.get(patient, 0)

    @api.constrains("ins_matricule", "ins_oid")
    def _check_ins_matricule(self):
        # sudo: the stored matricule (read by nobody) of the records being written only;
        # nothing but the refusal leaves this check.
        for patient in self.sudo():
            if not patient.ins_matricule:
                continue
            try:
                check_ins_matricule(patient.ins_matricule)
            except ValueError as error:
                raise ValidationError(self._ins_error_message(error)) from None
            if patient.ins_oid not in INS_OIDS:
                raise ValidationError(
                    self.env._("The OID of the INS must be the NIR's or the NIA's.")
                )

    def _ins_error_message(self, error):
        if str(error) == "key":
            return self.env._("The key of this INS matricule is wrong: check the last two digits.")
        return self.env._(
            "An INS matricule has 15 characters: sex, year, month, département (2A/2B in "
            "Corsica), commune, order number and a 2-digit key."
        )

    @api.constrains("birth_place_code")
    def _check_birth_place_code(self):
        for patient in self:
            code = (patient.birth_place_code or "").upper()
            if code and not (
                len(code) == 5
                and (code.isdigit() or (code[:2] in ("2A", "2B") and code[2:].isdigit()))
            ):
                raise ValidationError(
                    self.env._(
                        "A birth place code is the 5-character INSEE code of the commune "
                        "(2A or 2B for Corsica, 99 and the country code abroad)."
                    )
                )

    @api.constrains("birth_date")
    def _check_birth_date(self):
        today = fields.Date.context_today(self)
        for patient in self:
            if patient.birth_date and patient.birth_date > today:
                raise ValidationError(self.env._("A birth date cannot be in the future."))
            if patient.birth_date and patient.birth_date.year < 1900:
                raise ValidationError(self.env._("A birth date cannot be before 1900."))

    def _non_blank_fields(self):
        return super()._non_blank_fields() | {"birth_name", "first_names"}

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
        if not self.env.su:
            for vals in vals_list:
                facts = IDENTITY_FACTS & set(vals)
                if facts - {"identity_status"} or vals.get("identity_status", "provisional") != (
                    "provisional"
                ):
                    raise UserError(self._identity_facts_message())
        for vals in vals_list:
            if vals.get("birth_place_code"):
                vals["birth_place_code"] = vals["birth_place_code"].strip().upper()
        patients = super().create(vals_list)
        patients._check_no_twin()
        return patients

    def write(self, vals):
        if IDENTITY_FACTS & set(vals) and not self.env.su:
            raise UserError(self._identity_facts_message())
        if vals.get("birth_place_code"):
            vals["birth_place_code"] = vals["birth_place_code"].strip().upper()
        before = (
            {
                patient: {trait: patient[trait] for trait in STRICT_TRAITS}
                for patient in self
                if patient.identity_status != "provisional"
            }
            if set(STRICT_TRAITS) & set(vals)
            else {}
        )
        result = super().write(vals)
        for patient, traits in before.items():
            changed = [trait for trait in STRICT_TRAITS if patient[trait] != traits[trait]]
            if changed:
                patient._downgrade_identity(changed)
        if {
            "birth_name",
            "first_names",
            "birth_date",
            "company_id",
            "sex",
            "birth_place_code",
        } & set(vals):
            self._check_no_twin()
        return result

    def _identity_facts_message(self):
        return self.env._(
            "The identity status, its proof and the INS are set only by the identity "
            "actions (check of an ID document, INSi call), never written directly."
        )

    def _check_no_twin(self):
        """Refuse a second record for the same person: link the existing one instead."""
        # sudo: twins must be found even when the current user's care teams do not
        # include the existing record; only its reference is revealed, never its data.
        twins = self.sudo().search(
            [("identity_key", "in", self.mapped("identity_key")), ("id", "not in", self.ids)]
        )
        for patient in self:
            twin = twins.filtered(patient.sudo()._same_strict_traits)[:1]
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

    # Identity actions -----------------------------------------------------------------

    def _check_identity_manager(self):
        """Identity facts are recorded by coordinators, on patients they may edit."""
        if not self.env.user.has_group("parcours_base.group_parcours_coordinator"):
            raise AccessError(
                self.env._("Only coordinators record identity checks and INS results.")
            )
        self.check_access("write")

    def _identity_traits(self):
        self.ensure_one()
        return {
            "birth_name": self.birth_name,
            "first_names": self.first_names,
            "sex": self.sex,
            "birth_date": self.birth_date,
            "birth_place_code": self.birth_place_code,
        }

    def _check_strict_traits_complete(self):
        for patient in self:
            if patient.sex not in ("female", "male") or not all(
                patient[trait] for trait in STRICT_TRAITS
            ):
                raise UserError(
                    self.env._(
                        "Enter the five strict traits of %s first: birth name, first names "
                        "as on the ID, sex, birth date and birth place code.",
                        patient.display_name,
                    )
                )

    def action_validate_identity(self, proof_kind):
        """Record that a coordinator checked the identity on a high-trust ID document.

        A provisional identity becomes validated; a recovered one (INSi) becomes qualified.
        """
        self._check_identity_manager()
        kinds = dict(self._fields["identity_proof_kind"]._description_selection(self.env))
        if proof_kind not in kinds:
            raise UserError(self.env._("Choose the kind of ID document that was seen."))
        self._check_strict_traits_complete()
        for patient in self:
            new_status = (
                "qualified"
                if patient.identity_status in ("recovered", "qualified")
                else ("validated")
            )
            patient._set_identity(
                new_status,
                "document",
                {
                    "identity_proof_kind": proof_kind,
                    "identity_checked_by_id": self.env.user.id,
                    "identity_checked_on": fields.Datetime.now(),
                },
            )
        return True

    def action_insi_lookup(self):
        """Ask the national INSi teleservice for the INS of these traits."""
        self._check_identity_manager()
        self._check_strict_traits_complete()
        for patient in self:
            identity, status = self.env["parcours.insi"]._fetch_identity(patient._identity_traits())
            patient._record_insi_identity(identity, status)
        return True

    def _record_insi_identity(self, identity, status):
        """Store what INSi returned for this patient (called by action_insi_lookup)."""
        self.ensure_one()
        if status != "found" or not identity:
            raise UserError(
                self.env._(
                    "INSi returned no single identity for %s: keep the identity provisional "
                    "and check the traits on the ID document.",
                    self.display_name,
                )
            )
        try:
            matricule = check_ins_matricule(identity.get("matricule"))
        except ValueError as error:
            raise UserError(self._ins_error_message(error)) from None
        mine = self._identity_traits()
        differing = [
            trait
            for trait in STRICT_TRAITS
            if (normalise_name(str(identity.get(trait) or "")) != normalise_name(str(mine[trait])))
        ]
        if differing:
            raise UserError(
                self.env._(
                    "The identity returned by INSi differs from the record on: %s. Check the ID "
                    "document and correct the traits before calling INSi again.",
                    ", ".join(
                        self._fields[trait].get_description(self.env)["string"]
                        for trait in differing
                    ),
                )
            )
        # sudo: the matricule is stored in a field no user writes; its uniqueness within
        # the organisation is checked first so the refusal is a clear message.
        clash = self.sudo().search_count(
            [
                ("ins_matricule", "=", matricule),
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self.id),
            ]
        )
        if clash:
            raise UserError(
                self.env._(
                    "Another patient of this organisation already has this INS: review the "
                    "probable twins before going on."
                )
            )
        new_status = (
            "qualified" if self.identity_status in ("validated", "qualified") else "recovered"
        )
        self._set_identity(
            new_status, "insi", {"ins_matricule": matricule, "ins_oid": identity.get("oid")}
        )

    def _set_identity(self, new_status, kind, values, note=False):
        """Write identity facts and log the event (private: the actions check who and when)."""
        self.ensure_one()
        old_status = self.identity_status
        # sudo: identity facts are refused to every user's write; this private path is
        # reached only through the identity actions, which checked role and access.
        self.sudo().write({"identity_status": new_status, **values})
        self.env["parcours.patient.identity.event"].sudo().create(
            {
                "patient_id": self.id,
                "kind": kind,
                "old_status": old_status,
                "new_status": new_status,
                "proof_kind": values.get("identity_proof_kind") or False,
                "note": note,
            }
        )

    def _downgrade_identity(self, traits):
        """A strict trait changed: the checks were about the old traits, start again."""
        labels = ", ".join(
            self._fields[trait].get_description(self.env)["string"] for trait in traits
        )
        self._set_identity(
            "provisional",
            "downgrade",
            {
                "identity_proof_kind": False,
                "identity_checked_by_id": False,
                "identity_checked_on": False,
            },
            note=labels,
        )

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
