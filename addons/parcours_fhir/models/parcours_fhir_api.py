import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.parcours_base.tools.identity import INS_OIDS

from ..tools.search import date_domain, parse_reference, parse_token

_logger = logging.getLogger(__name__)

FHIR_VERSION = "4.0.1"
# National identifier systems (ANS): INS-NIR, IDNPS (RPPS prefixed 8, ADELI prefixed 0), FINESS.
SYSTEM_INS_NIR = "urn:oid:1.2.250.1.213.1.4.8"
SYSTEM_IDNPS = "urn:oid:1.2.250.1.71.4.2.1"
SYSTEM_FINESS = "urn:oid:1.2.250.1.71.4.2.2"
INS_OID_PREFIX = "urn:oid:1.2.250.1.213.1.4."
FINESS_PATH = "parcours_directory_structure_id.finess"
# Local systems of this server.
SYSTEM_PATIENT = "urn:parcours:patient"
SYSTEM_PATHWAY = "urn:parcours:pathway"
SYSTEM_PROGRAMME = "urn:parcours:programme"
SYSTEM_PROFESSION = "urn:parcours:profession"
SYSTEM_GOAL_DOMAIN = "urn:parcours:care-plan-goal-domain"
SYSTEM_ENCOUNTER_KIND = "urn:parcours:encounter-kind"

EPISODE_STATUS = {
    "draft": "planned",
    "requested": "waitlist",
    "eligible": "waitlist",
    "included": "active",
    "suspended": "onhold",
    "closed": "finished",
    "cancelled": "cancelled",
}
CARE_TEAM_STATUS = {
    "draft": "proposed",
    "requested": "proposed",
    "eligible": "proposed",
    "included": "active",
    "suspended": "suspended",
    "closed": "inactive",
    "cancelled": "inactive",
}
CARE_PLAN_STATUS = {"draft": "draft", "validated": "active", "superseded": "completed"}
GOAL_STATUS = {
    "open": ("active", "in-progress"),
    "achieved": ("completed", "achieved"),
    "partly": ("completed", "sustaining"),
    "dropped": ("cancelled", "not-achieved"),
}
CONTACT_PERIOD = {"week": (1, "wk"), "month": (1, "mo"), "quarter": (3, "mo"), "year": (1, "a")}
ENCOUNTER_STATUS = {
    "planned": "planned",
    "done": "finished",
    "cancelled": "cancelled",
    "no_show": "cancelled",
}
ENCOUNTER_CLASS = {
    "in_person": ("AMB", "ambulatory"),
    "home": ("HH", "home health"),
    "phone": ("VR", "virtual"),
    "video": ("VR", "virtual"),
}
APPOINTMENT_STATUS = {"planned": "booked", "held": "fulfilled", "validated": "fulfilled"}
ATTENDANCE_STATUS = {"present": "accepted", "excused": "declined", "absent": "declined"}
MAX_COUNT = 1000
DEFAULT_COUNT = 50


class UnknownResourceType(Exception):
    """The API serves no such resource type."""


def instant(moment):
    """A FHIR instant (UTC) from an Odoo datetime."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00") if moment else None


def day(value):
    return value.isoformat() if value else None


def reverse(mapping):
    result = {}
    for key, value in mapping.items():
        result.setdefault(value, []).append(key)
    return result


def prune(resource):
    """Drop empty values: FHIR forbids empty elements and null values."""
    if isinstance(resource, dict):
        pruned = {key: prune(value) for key, value in resource.items()}
        return {key: value for key, value in pruned.items() if value not in (None, "", [], {})}
    if isinstance(resource, list):
        pruned = [prune(value) for value in resource]
        return [value for value in pruned if value not in (None, "", [], {})]
    return resource


class ParcoursFhirApi(models.AbstractModel):
    """The FHIR R4 view of the care circle, always read as the calling user.

    Every resource type is described in `_fhir_resources`: the Odoo model behind it, the
    domain of its records, whether it is clinical (health professionals and coordinators
    only), the method that maps a record to FHIR and its search parameters. Addons extend
    a mapping by overriding its `_fhir_<type>` method and calling super.
    """

    _name = "parcours.fhir.api"
    _description = "FHIR R4 API"

    # ------------------------------------------------------------------ registry
    def _fhir_resources(self):
        patient_of_pathway = "pathway_id.patient_id"
        return {
            "Patient": {
                "model": "parcours.patient",
                "clinical": True,
                "search": {
                    "identifier": self._search_patient_identifier,
                    "family": lambda value: [
                        "|",
                        ("birth_name", "=ilike", value + "%"),
                        ("used_name", "=ilike", value + "%"),
                    ],
                    "birthdate": lambda value: date_domain("birth_date", value, is_date=True),
                    "gender": lambda value: [("sex", "in", value.split(","))],
                },
            },
            "Practitioner": {
                "model": "res.partner",
                # professionals, and the coordinators named as care managers
                "domain": [
                    "|",
                    ("parcours_profession_id", "!=", False),
                    ("user_ids.share", "=", False),
                ],
                "search": {
                    "identifier": self._search_practitioner_identifier,
                    "name": lambda value: [("name", "ilike", value)],
                },
            },
            "Organization": {
                "model": "res.partner",
                "domain": [("is_company", "=", True)],
                "search": {
                    "identifier": self._search_organization_identifier,
                    "name": lambda value: [("name", "ilike", value)],
                },
            },
            "EpisodeOfCare": {
                "model": "parcours.pathway",
                "clinical": True,
                "search": {
                    "patient": self._search_patient_reference("patient_id"),
                    "status": self._search_status("state", EPISODE_STATUS),
                    "date": lambda value: date_domain("request_date", value, is_date=True),
                    "identifier": lambda value: [("name", "=", parse_token(value)[1])],
                    "type": lambda value: [("programme_id.code", "=", parse_token(value)[1])],
                },
            },
            "CareTeam": {
                "model": "parcours.pathway",
                "clinical": True,
                "search": {
                    "patient": self._search_patient_reference("patient_id"),
                    "status": self._search_status("state", CARE_TEAM_STATUS),
                },
            },
            "CarePlan": {
                "model": "parcours.care.plan",
                "clinical": True,
                "search": {
                    "patient": self._search_patient_reference(patient_of_pathway),
                    "status": self._search_status("state", CARE_PLAN_STATUS),
                    "date": lambda value: date_domain("validation_date", value, is_date=True),
                },
            },
            "Encounter": {
                "model": "parcours.encounter",
                "clinical": True,
                "search": {
                    "patient": self._search_patient_reference(patient_of_pathway),
                    "status": self._search_status("state", ENCOUNTER_STATUS),
                    "date": lambda value: date_domain("start", value),
                    "episode-of-care": lambda value: [
                        ("pathway_id", "=", parse_reference(value, "EpisodeOfCare"))
                    ],
                },
            },
            "Consent": {
                "model": "parcours.consent",
                "clinical": True,
                "search": {
                    "patient": self._search_patient_reference(patient_of_pathway),
                    "status": lambda value: self._search_consent_status(value),
                    "date": lambda value: date_domain("date", value, is_date=True),
                },
            },
            "Appointment": {
                "model": "parcours.rcp",
                "clinical": True,
                "search": {
                    "patient": self._search_patient_reference("decision_ids.pathway_id.patient_id"),
                    "status": self._search_status("state", APPOINTMENT_STATUS),
                    "date": lambda value: date_domain("date", value),
                    "practitioner": lambda value: [
                        ("attendee_ids.partner_id", "=", parse_reference(value, "Practitioner"))
                    ],
                },
            },
        }

    def _fhir_spec(self, resource_type):
        spec = self._fhir_resources().get(resource_type)
        if not spec:
            raise UnknownResourceType(resource_type)
        if spec.get("clinical") and not self.env.user.has_group(
            "parcours_base.group_parcours_professional"
        ):
            raise AccessError(
                self.env._("%s resources are read by the care teams only.", resource_type)
            )
        return spec

    # ------------------------------------------------------------------ interactions
    def _fhir_read(self, resource_type, resource_id):
        """The resource, or None when it does not exist or the user may not read it."""
        spec = self._fhir_spec(resource_type)
        model = self.env[spec["model"]]
        record = model.search([("id", "=", resource_id), *spec.get("domain", [])])
        self._fhir_log_access("read", resource_type, record)
        return record and self._fhir_map(resource_type, record)[0]

    def _fhir_search(self, resource_type, params, base_url):
        """A searchset Bundle of the records the user may read, one page of it."""
        spec = self._fhir_spec(resource_type)
        domain = list(spec.get("domain", []))
        count, offset = DEFAULT_COUNT, 0
        for name, values in params.items():
            for value in values:
                if name == "_count":
                    count = min(max(int(value), 0), MAX_COUNT)
                elif name == "_offset":
                    offset = max(int(value), 0)
                elif name == "_id":
                    domain += [("id", "in", [int(part) for part in value.split(",")])]
                elif name == "_lastUpdated":
                    domain += date_domain("write_date", value)
                elif name in spec["search"]:
                    domain += spec["search"][name](value)
                elif name not in ("_format",):
                    raise ValueError(
                        self.env._(
                            "Unknown search parameter %(name)s for %(type)s.",
                            name=name,
                            type=resource_type,
                        )
                    )
        model = self.env[spec["model"]]
        total = model.search_count(domain)
        records = model.search(domain, limit=count, offset=offset, order="id")
        self._fhir_log_access("search", resource_type, records)
        resources = self._fhir_map(resource_type, records)

        def page_url(page_offset):
            query = [
                (name, value)
                for name, values in params.items()
                if name not in ("_count", "_offset")
                for value in values
            ]
            query += [("_count", count), ("_offset", page_offset)]
            return "%s/%s?%s" % (
                base_url,
                resource_type,
                "&".join("%s=%s" % (name, value) for name, value in query),
            )

        links = [{"relation": "self", "url": page_url(offset)}]
        if offset + count < total:
            links.append({"relation": "next", "url": page_url(offset + count)})
        if offset:
            links.append({"relation": "previous", "url": page_url(max(offset - count, 0))})
        return prune(
            {
                "resourceType": "Bundle",
                "type": "searchset",
                "total": total,
                "link": links,
                "entry": [
                    {
                        "fullUrl": "%s/%s/%s" % (base_url, resource_type, resource["id"]),
                        "resource": resource,
                        "search": {"mode": "match"},
                    }
                    for resource in resources
                ],
            }
        )

    def _fhir_map(self, resource_type, records):
        mapper = getattr(self, "_fhir_%s" % resource_type.lower())
        return [prune(mapper(record)) for record in records]

    def _fhir_log_access(self, interaction, resource_type, records):
        """Every health record the API hands out goes to the access log, as in the client."""
        log = self.env["parcours.access.log"]
        if records and log._is_logged(records._name):
            log._record(records, "fhir")
        _logger.info(
            "FHIR %s %s by user #%s: %s record(s)",
            interaction,
            resource_type,
            self.env.uid,
            len(records),
        )

    # ------------------------------------------------------------------ search helpers
    def _search_patient_reference(self, path):
        return lambda value: [(path, "=", parse_reference(value, "Patient"))]

    def _search_status(self, field, mapping):
        states = reverse(mapping)

        def domain(value):
            wanted = [state for code in value.split(",") for state in states.get(code, [])]
            return [(field, "in", wanted)]

        return domain

    def _search_consent_status(self, value):
        codes = set(value.split(","))
        if codes == {"active"}:
            return [("withdrawal_date", "=", False)]
        if codes == {"inactive"}:
            return [("withdrawal_date", "!=", False)]
        if codes >= {"active", "inactive"}:
            return []
        return [("id", "=", 0)]

    def _search_patient_identifier(self, value):
        system, code = parse_token(value)
        if system and system.startswith(INS_OID_PREFIX):
            # the INS is searchable (and shown) only once the identity is qualified
            return [("national_identifier", "=", code), ("identity_status", "=", "qualified")]
        if system in (None, SYSTEM_PATIENT) and code.isdigit():
            local = [("id", "=", int(code))]
            return local if system else ["|", ("national_identifier", "=", code), *local]
        return [("national_identifier", "=", code)] if system is None else [("id", "=", 0)]

    def _search_practitioner_identifier(self, value):
        system, code = parse_token(value)
        if system not in (None, SYSTEM_IDNPS):
            return [("id", "=", 0)]
        numbers = [code] + ([code[1:]] if len(code) in (10, 12) and code[0] in "08" else [])
        return [("parcours_rpps", "in", numbers)]

    def _search_organization_identifier(self, value):
        system, code = parse_token(value)
        # FINESS numbers come from the directory addon when it is installed.
        if system in (None, SYSTEM_FINESS) and FINESS_PATH.split(".")[0] in self.env["res.partner"]:
            return [(FINESS_PATH, "=", code)]
        return [("id", "=", 0)]

    # ------------------------------------------------------------------ mapping helpers
    def _readable(self, record, field_name):
        """The field's value, or False when the user's data categories hide it."""
        field = record._fields.get(field_name)
        if not field or not field.is_accessible(self.env):
            return False
        return record[field_name]

    def _reference(self, resource_type, record, display=None):
        if not record:
            return None
        return {"reference": "%s/%s" % (resource_type, record.id), "display": display}

    def _organization_reference(self, company):
        return self._reference("Organization", company.partner_id, company.name)

    def _work_telecom(self, partner):
        return [
            {"system": system, "value": value, "use": "work"}
            for system, value in (("phone", partner.phone), ("email", partner.email))
            if value
        ]

    def _coding(self, system, code, display):
        return {"coding": [{"system": system, "code": code, "display": display}], "text": display}

    def _meta(self, record):
        return {"lastUpdated": instant(record.write_date)}

    # ------------------------------------------------------------------ resources
    def _fhir_patient(self, patient):
        read = self._readable
        identifiers = [{"use": "secondary", "system": SYSTEM_PATIENT, "value": str(patient.id)}]
        # The INS goes out with its OID only once the identity is qualified (INSi).
        if read(patient, "identity_status") == "qualified" and read(patient, "national_identifier"):
            # The matricule is a NIR or an NIA (a temporary number): its OID says which.
            oid = read(patient, "national_identifier_oid") or SYSTEM_INS_NIR[8:]
            kind = "NIA" if INS_OIDS.get(oid, "").startswith("NIA") else "NIR"
            identifiers.insert(
                0,
                {
                    "use": "official",
                    "type": self._coding(
                        "http://interopsante.org/CodeSystem/v2-0203", "INS-" + kind, kind
                    ),
                    "system": "urn:oid:%s" % oid,
                    "value": patient.national_identifier,
                },
            )
        names = []
        if read(patient, "birth_name"):
            # Strict traits: birth name and every first name, as on the identity document.
            names.append(
                {
                    "use": "official",
                    "family": patient.birth_name,
                    "given": (read(patient, "first_names") or "").split(),
                }
            )
        if read(patient, "used_name") or read(patient, "used_first_name"):
            names.append(
                {
                    "use": "usual",
                    "family": patient.used_name or None,
                    "given": [patient.used_first_name] if patient.used_first_name else [],
                }
            )
        telecom = []
        if read(patient, "phone"):
            telecom.append({"system": "phone", "value": patient.phone})
        if read(patient, "email"):
            telecom.append({"system": "email", "value": patient.email})
        address = {
            "line": [read(patient, "street") or None, read(patient, "street2") or None],
            "postalCode": read(patient, "zip") or None,
            "city": read(patient, "city") or None,
        }
        return {
            "resourceType": "Patient",
            "id": str(patient.id),
            "meta": self._meta(patient),
            "identifier": identifiers,
            "active": patient.active,
            "name": names,
            "telecom": telecom,
            "gender": read(patient, "sex") or None,
            "birthDate": day(read(patient, "birth_date")),
            "address": [address],
            "generalPractitioner": [
                self._reference("Practitioner", patient.gp_id, patient.gp_id.name)
            ],
            "managingOrganization": self._organization_reference(patient.company_id),
        }

    def _fhir_practitioner_identifiers(self, partner):
        number = (partner.parcours_rpps or "").strip()
        if not number:
            return []
        # IDNPS: 8 + RPPS number (11 digits), 0 + ADELI number (9 digits).
        prefix = "8" if len(number) == 11 else "0" if len(number) == 9 else ""
        return [
            {
                "use": "official",
                "type": self._coding(
                    "http://interopsante.org/CodeSystem/v2-0203", "IDNPS", "IDNPS"
                ),
                "system": SYSTEM_IDNPS,
                "value": prefix + number,
            }
        ]

    def _fhir_practitioner(self, partner):
        profession = partner.parcours_profession_id
        return {
            "resourceType": "Practitioner",
            "id": str(partner.id),
            "meta": self._meta(partner),
            "identifier": self._fhir_practitioner_identifiers(partner),
            "active": partner.active,
            "name": [{"text": partner.name}],
            "telecom": self._work_telecom(partner),
            "qualification": [
                {"code": self._coding(SYSTEM_PROFESSION, profession.code, profession.name)}
            ]
            if profession
            else [],
        }

    def _fhir_organization_identifiers(self, partner):
        structure_field = FINESS_PATH.split(".")[0]
        finess = structure_field in partner._fields and partner[structure_field].finess
        return [{"use": "official", "system": SYSTEM_FINESS, "value": finess}] if finess else []

    def _fhir_organization(self, partner):
        return {
            "resourceType": "Organization",
            "id": str(partner.id),
            "meta": self._meta(partner),
            "identifier": self._fhir_organization_identifiers(partner),
            "active": partner.active,
            "name": partner.name,
            "telecom": self._work_telecom(partner),
            "address": [
                {
                    "line": [partner.street or None, partner.street2 or None],
                    "postalCode": partner.zip or None,
                    "city": partner.city or None,
                    "country": partner.country_id.code or None,
                }
            ],
        }

    def _fhir_episodeofcare(self, pathway):
        programme = pathway.programme_id
        return {
            "resourceType": "EpisodeOfCare",
            "id": str(pathway.id),
            "meta": self._meta(pathway),
            "identifier": [{"system": SYSTEM_PATHWAY, "value": pathway.name}],
            "status": EPISODE_STATUS[pathway.state],
            "type": [self._coding(SYSTEM_PROGRAMME, programme.code, programme.name)],
            "patient": self._reference("Patient", pathway.patient_id),
            "managingOrganization": self._organization_reference(pathway.company_id),
            "period": {
                "start": day(pathway.inclusion_date or pathway.request_date),
                "end": day(pathway.end_date),
            },
            "careManager": self._reference(
                "Practitioner", pathway.user_id.partner_id, pathway.user_id.name
            ),
            "team": [self._reference("CareTeam", pathway)],
        }

    def _fhir_careteam(self, pathway):
        return {
            "resourceType": "CareTeam",
            "id": str(pathway.id),
            "meta": self._meta(pathway),
            "identifier": [{"system": SYSTEM_PATHWAY, "value": pathway.name}],
            "status": CARE_TEAM_STATUS[pathway.state],
            "name": pathway.name,
            "subject": self._reference("Patient", pathway.patient_id),
            "period": {
                "start": day(pathway.inclusion_date or pathway.request_date),
                "end": day(pathway.end_date),
            },
            "participant": [
                {
                    "role": [
                        self._coding(
                            SYSTEM_PROFESSION, member.profession_id.code, member.profession_id.name
                        )
                    ],
                    "member": self._reference(
                        "Practitioner", member.partner_id, member.partner_id.name
                    ),
                    "period": {"start": day(member.date_from), "end": day(member.date_to)},
                }
                for member in pathway.member_ids
            ],
            "managingOrganization": [self._organization_reference(pathway.company_id)],
        }

    def _fhir_careplan(self, plan):
        pathway = plan.pathway_id
        patient = self._reference("Patient", pathway.patient_id)
        goals = []
        for goal in plan.goal_ids:
            lifecycle, achievement = GOAL_STATUS[goal.status]
            goals.append(
                {
                    "resourceType": "Goal",
                    "id": "goal-%s" % goal.id,
                    "lifecycleStatus": lifecycle,
                    "achievementStatus": self._coding(
                        "http://terminology.hl7.org/CodeSystem/goal-achievement",
                        achievement,
                        dict(goal._fields["status"]._description_selection(self.env))[goal.status],
                    ),
                    "category": [
                        self._coding(
                            SYSTEM_GOAL_DOMAIN,
                            goal.domain,
                            dict(goal._fields["domain"]._description_selection(self.env))[
                                goal.domain
                            ],
                        )
                    ],
                    "description": {"text": goal.description},
                    "subject": patient,
                    "target": [{"dueDate": day(goal.target_date)}] if goal.target_date else [],
                }
            )
        activities = []
        for contact in plan.contact_ids:
            period, unit = CONTACT_PERIOD[contact.period]
            activities.append(
                {
                    "detail": {
                        "kind": "Appointment",
                        "code": self._coding(
                            SYSTEM_ENCOUNTER_KIND, contact.kind_id.code, contact.kind_id.name
                        )
                        if contact.kind_id and "code" in contact.kind_id._fields
                        else {"text": contact.kind_id.name or contact.profession_id.name},
                        "status": "scheduled",
                        "scheduledTiming": {
                            "repeat": {
                                "frequency": contact.count,
                                "period": period,
                                "periodUnit": unit,
                            }
                        },
                        "description": contact.profession_id.name,
                    }
                }
            )
        return {
            "resourceType": "CarePlan",
            "id": str(plan.id),
            "meta": self._meta(plan),
            "contained": goals,
            "identifier": [{"system": SYSTEM_PATHWAY, "value": pathway.name}],
            "status": CARE_PLAN_STATUS[plan.state],
            "intent": "plan",
            "title": plan.display_name,
            "subject": patient,
            "created": day(plan.validation_date),
            "careTeam": [self._reference("CareTeam", pathway)],
            "goal": [{"reference": "#%s" % goal["id"]} for goal in goals],
            "activity": activities,
        }

    def _fhir_encounter(self, encounter):
        code, display = ENCOUNTER_CLASS.get(encounter.mode, ("AMB", "ambulatory"))
        start = encounter.start
        end = (
            start and encounter.duration and fields.Datetime.add(start, minutes=encounter.duration)
        )
        return {
            "resourceType": "Encounter",
            "id": str(encounter.id),
            "meta": self._meta(encounter),
            "status": ENCOUNTER_STATUS[encounter.state],
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": code,
                "display": display,
            },
            "type": [{"text": encounter.kind_id.name}],
            "subject": self._reference("Patient", encounter.pathway_id.patient_id),
            "episodeOfCare": [self._reference("EpisodeOfCare", encounter.pathway_id)],
            "participant": [
                {
                    "individual": self._reference(
                        "Practitioner", encounter.partner_id, encounter.partner_id.name
                    )
                }
            ]
            if encounter.partner_id
            else [],
            "period": {"start": instant(start), "end": instant(end) if end else None},
            "length": {
                "value": encounter.duration,
                "unit": "min",
                "system": "http://unitsofmeasure.org",
                "code": "min",
            }
            if encounter.duration
            else None,
        }

    def _fhir_consent(self, consent):
        return {
            "resourceType": "Consent",
            "id": str(consent.id),
            "meta": self._meta(consent),
            "status": "inactive" if consent.withdrawal_date else "active",
            "scope": self._coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "treatment", "Treatment"
            ),
            "category": [self._coding("http://loinc.org", "59284-0", "Patient Consent")],
            "patient": self._reference("Patient", consent.pathway_id.patient_id),
            "dateTime": "%sT00:00:00Z" % day(consent.date) if consent.date else None,
            "organization": [self._organization_reference(consent.pathway_id.company_id)],
            "policyRule": self._coding(
                "http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in"
            ),
            "provision": {
                "type": "permit",
                "period": {"start": day(consent.date), "end": day(consent.withdrawal_date)},
            },
        }

    def _fhir_appointment(self, rcp):
        end = rcp.date and fields.Datetime.add(rcp.date, minutes=round((rcp.duration or 0) * 60))
        participants = [
            {
                "type": [
                    self._coding(
                        SYSTEM_PROFESSION, attendee.profession_id.code, attendee.profession_id.name
                    )
                ]
                if attendee.profession_id
                else [],
                "actor": self._reference(
                    "Practitioner", attendee.partner_id, attendee.partner_id.name
                ),
                "status": ATTENDANCE_STATUS.get(attendee.attendance, "needs-action"),
            }
            for attendee in rcp.attendee_ids
        ]
        # The patients on the agenda that the user may see (record rules of the agenda).
        participants += [
            {"actor": self._reference("Patient", patient), "status": "accepted"}
            for patient in rcp.decision_ids.pathway_id.patient_id
        ]
        return {
            "resourceType": "Appointment",
            "id": str(rcp.id),
            "meta": self._meta(rcp),
            "status": APPOINTMENT_STATUS.get(rcp.state, "booked"),
            "serviceType": [
                {"text": dict(rcp._fields["kind"]._description_selection(self.env))[rcp.kind]}
            ],
            "description": rcp.name,
            "start": instant(rcp.date),
            "end": instant(end) if end else None,
            "minutesDuration": round((rcp.duration or 0) * 60) or None,
            "participant": participants
            or [
                {
                    "actor": self._reference("Practitioner", rcp.facilitator_id.partner_id),
                    "status": "accepted",
                }
            ],
        }

    # ------------------------------------------------------------------ capability
    def _fhir_capability(self, base_url):
        resources = self._fhir_resources()
        rest_resources = []
        for resource_type, spec in resources.items():
            params = [
                {"name": name, "type": self._fhir_param_type(name)}
                for name in ["_id", "_lastUpdated", *spec["search"]]
            ]
            interactions = [{"code": "read"}, {"code": "search-type"}]
            if resource_type == "EpisodeOfCare":
                interactions.append({"code": "create"})
            rest_resources.append(
                {"type": resource_type, "interaction": interactions, "searchParam": params}
            )
        rest_resources.append({"type": "ServiceRequest", "interaction": [{"code": "create"}]})
        return {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": fields.Date.today().isoformat(),
            "publisher": "Parcours",
            "kind": "instance",
            "software": {"name": "Parcours"},
            "implementation": {"description": "Parcours care pathways", "url": base_url},
            "fhirVersion": FHIR_VERSION,
            "format": ["json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": "Authentication: an Odoo API key as bearer token, or the "
                    "user's session. Every answer goes through the user's record rules.",
                    "security": {
                        "description": "Authorization: Bearer <Odoo API key>",
                    },
                    "resource": rest_resources,
                }
            ],
        }

    def _fhir_param_type(self, name):
        if name in ("_lastUpdated", "date", "birthdate"):
            return "date"
        if name in ("patient", "episode-of-care", "practitioner"):
            return "reference"
        if name in ("name", "family"):
            return "string"
        return "token"

    # ------------------------------------------------------------------ referral
    @api.model
    def _fhir_create_referral(self, payload):
        """A ServiceRequest, or an EpisodeOfCare in status planned, becomes a pathway request.

        Returns the new pathway. The calling user must be allowed to create pathways
        (a coordinator, or an integration user in the coordinators' group).
        """
        resource_type = payload.get("resourceType")
        if resource_type == "ServiceRequest":
            codings = [
                coding
                for concept in [*payload.get("category", []), payload.get("code") or {}]
                for coding in concept.get("coding", [])
            ]
            subject = (payload.get("subject") or {}).get("reference")
            requester = (payload.get("requester") or {}).get("reference")
            request_date = (payload.get("authoredOn") or "")[:10] or None
        elif resource_type == "EpisodeOfCare":
            if payload.get("status") != "planned":
                raise ValidationError(
                    self.env._("Only an EpisodeOfCare in status planned can be created.")
                )
            codings = [
                coding
                for concept in payload.get("type", [])
                for coding in concept.get("coding", [])
            ]
            subject = (payload.get("patient") or {}).get("reference")
            requester = None
            request_date = ((payload.get("period") or {}).get("start") or "")[:10] or None
        else:
            raise ValidationError(self.env._("Send a ServiceRequest or an EpisodeOfCare."))
        codes = [c.get("code") for c in codings if c.get("system") == SYSTEM_PROGRAMME]
        programme = self.env["parcours.programme"].search([("code", "in", codes)], limit=1)
        if not codes or not programme:
            raise ValidationError(
                self.env._(
                    "Name the programme as a coding of system %s with the programme's code.",
                    SYSTEM_PROGRAMME,
                )
            )
        patient = self._fhir_referral_patient(payload, subject)
        values = {
            "patient_id": patient.id,
            "programme_id": programme.id,
            "company_id": patient.company_id.id,
            "referral_source": "other",
        }
        if request_date:
            values["request_date"] = request_date
        if requester:
            partner = self.env["res.partner"].search(
                [("id", "=", parse_reference(requester, "Practitioner"))]
            )
            if partner:
                values["referrer_id"] = partner.id
                gp = self.env.ref("parcours_base.profession_gp", raise_if_not_found=False)
                profession = partner.parcours_profession_id
                values["referral_source"] = (
                    "gp"
                    if gp and profession == gp
                    else "specialist"
                    if profession.is_physician
                    else "other"
                )
        coordinator = programme.coordinator_ids[:1] if "coordinator_ids" in programme else False
        if coordinator:
            values["user_id"] = coordinator.id
        pathway = self.env["parcours.pathway"].create(values)
        pathway.action_submit_request()
        pathway.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Referral received from another system"),
            user_id=pathway.user_id.id or self.env.uid,
        )
        return pathway

    def _fhir_referral_patient(self, payload, subject):
        if not subject:
            raise ValidationError(self.env._("The referral names no patient."))
        if subject.startswith("#"):
            contained = [
                resource
                for resource in payload.get("contained", [])
                if resource.get("resourceType") == "Patient" and resource.get("id") == subject[1:]
            ]
            if not contained:
                raise ValidationError(self.env._("The contained patient %s is missing.", subject))
            return self._fhir_create_patient(contained[0])
        patient = self.env["parcours.patient"].search(
            [("id", "=", parse_reference(subject, "Patient"))]
        )
        if not patient:
            raise ValidationError(self.env._("Unknown patient %s.", subject))
        return patient

    def _fhir_create_patient(self, resource):
        names = resource.get("name") or [{}]
        official = next((name for name in names if name.get("use") == "official"), names[0])
        if not (official.get("family") and official.get("given") and resource.get("birthDate")):
            raise ValidationError(
                self.env._("A new patient needs a family name, first names and a birth date.")
            )
        sex = resource.get("gender")
        return self.env["parcours.patient"].create(
            {
                "birth_name": official["family"],
                "first_names": " ".join(official["given"]),
                "birth_date": resource["birthDate"],
                "sex": sex if sex in ("female", "male") else "unknown",
            }
        )

    # ------------------------------------------------------------------ errors
    @api.model
    def _fhir_outcome(self, severity, code, text):
        return {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": severity, "code": code, "diagnostics": text}],
        }

    @api.model
    def _fhir_error_status(self, error):
        if isinstance(error, AccessError):
            return 403, "forbidden"
        if isinstance(error, UnknownResourceType):
            return 404, "not-supported"
        if isinstance(error, UserError | ValidationError | ValueError):
            return 400, "invalid"
        return 500, "exception"
