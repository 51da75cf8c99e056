"""Read-probe matrix: who reads which data category of a patient's records, over RPC.

Run by ``rpc_probes.py`` on the same served database and fixture. Every role of two
organisations tries every read path on every field of every model holding patient data:
``read``, ``search_read``, ``read_group``, ``export_data``, a search on the field (an
oracle: the record found with the true value and not with another), display names and
``name_search`` by the patient's name, and around each record its chatter
(``mail.message``, ``mail.tracking.value``), activities, attachments and followers.

What each role may read comes from POLICY below, the README's "who sees what" table,
never from what the server answers. A probe "leaks" when data of a category the role may
not read comes back. A second MSMA-like programme, whose data-access policy gives
psychologists social data only, holds the same records under SECOND_POLICY: there the
psychologist must get no medical value on any path, while still reading MSMA's. Only the
Python standard library is used.
"""

import concurrent.futures
import datetime
import http.cookiejar
import json
import urllib.error
import urllib.request

# ---------------------------------------------------------------- policy
# The README's "who sees what" table, for the records of one care team in organisation A
# (gp, psychologist and social_worker are on it; "removed" left it yesterday; msma_coordinator
# coordinates the partner structure of the MSMA pathway's microstructure).
#   identity        names, birth date, address, phone, legal representative, signed document
#   administrative  programme, stage, dates, decisions, team, kinds
#   social          social and relational situation (MSMA social items, social notes)
#   medical         clinical notes, serologies, treatments, substances, scores, incidents
#   care_text       free text coordination needs: care plan note and goals, RCP notes and
#                   reasons, end comment, referral outcome
#   chatter         what the care team writes in a record's chatter, its activities,
#                   attachments and followers
TEAM = ("gp", "psychologist", "social_worker")
POLICY = {
    "identity": ("coordinator", *TEAM, "msma_coordinator"),
    "administrative": ("coordinator", *TEAM, "msma_coordinator", "manager"),
    "social": ("gp", "psychologist", "social_worker"),
    "medical": ("gp", "psychologist"),
    "care_text": ("coordinator", *TEAM),
    "chatter": ("coordinator", *TEAM, "msma_coordinator"),
}
# A second MSMA-like programme whose data-access policy gives psychologists social data only
# (the programme's policy, not the profession, decides on its records): the same care team
# reads its records as POLICY says, except the psychologist's medical data.
SECOND_POLICY = {**POLICY, "medical": ("gp",)}
# Roles added to the write-probe roles for this matrix: (groups, organisation).
EXTRA_ROLES = {
    "msma_coordinator": (("parcours_base.group_parcours_professional",), "a"),
    "other_manager": (("parcours_base.group_parcours_manager",), "b"),
}
ROLES = (
    "coordinator",
    "gp",
    "psychologist",
    "social_worker",
    "msma_coordinator",
    "manager",
    "accountant",
    "removed",
    "other_org",
    "other_manager",
    "employee",
)

# model -> (fixture record, {field: category}). Values are written by the fixture below so
# that every probed field holds something a leak would show.
MATRIX = {
    "parcours.patient": (
        "patient",
        {
            "birth_name": "identity",
            "first_names": "identity",
            "birth_date": "identity",
            "phone": "identity",
            "email": "identity",
            "street": "identity",
            "city": "identity",
            "trusted_person_name": "identity",
        },
    ),
    "parcours.pathway": (
        "pathway",
        {
            "state": "administrative",
            "request_date": "administrative",
            "programme_id": "administrative",
            "msma_hiv_status": "medical",
            "msma_hcv_status": "medical",
            "msma_tso": "medical",
            "msma_injecting": "medical",
            "msma_substance_ids": "medical",
            "msma_fibrosis_note": "medical",
        },
    ),
    "parcours.care.team.member": (
        "member",
        {"partner_id": "administrative", "date_from": "administrative"},
    ),
    "parcours.consent": (
        "consent",
        {
            "date": "administrative",
            "method": "administrative",
            "representative_name": "identity",
            "document_name": "identity",
        },
    ),
    "parcours.encounter": (
        "encounter",
        {
            "kind_id": "administrative",
            "start": "administrative",
            "clinical_note": "medical",
            "social_note": "social",
        },
    ),
    "parcours.incident": (
        "incident",
        {
            "type_id": "administrative",
            "date": "administrative",
            "description": "medical",
            "follow_up": "medical",
        },
    ),
    "parcours.care.plan": ("care_plan", {"state": "administrative", "note": "care_text"}),
    "parcours.care.plan.goal": (
        "goal",
        {"domain": "administrative", "status": "administrative", "description": "care_text"},
    ),
    "parcours.rcp.decision": (
        "decision",
        {"decision": "administrative", "notes": "care_text", "reason": "care_text"},
    ),
    "parcours.msma.assessment": (
        "msma_assessment",
        {
            "kind": "administrative",
            "date": "administrative",
            "housing": "social",
            "bank_account": "social",
            "rights_opened": "social",
            "legal_problems": "social",
            "family_contact": "social",
            "note": "social",
            "screenings_done": "medical",
            "use_intensity": "medical",
            "use_stopped": "medical",
        },
    ),
    "parcours.rehab.assessment": (
        "rehab_assessment",
        {
            "kind": "administrative",
            "date": "administrative",
            "crq_dyspnoea": "medical",
            "crq_fatigue": "medical",
            "crq_emotion": "medical",
            "crq_mastery": "medical",
            "endurance_seconds": "medical",
            "satisfaction": "medical",
            "satisfaction_score": "medical",
            "note": "medical",
        },
    ),
    "parcours.covid.referral": (
        "referral",
        {"date_sent": "administrative", "outcome": "care_text"},
    ),
}
# The second programme's records (keys prefixed "second_"), probed under SECOND_POLICY.
SECOND_MATRIX = {
    "parcours.pathway": (
        "second_pathway",
        {
            "programme_id": "administrative",
            "msma_hiv_status": "medical",
            "msma_hcv_status": "medical",
            "msma_tso": "medical",
            "msma_injecting": "medical",
            "msma_substance_ids": "medical",
            "msma_fibrosis_note": "medical",
        },
    ),
    "parcours.encounter": (
        "second_encounter",
        {"kind_id": "administrative", "clinical_note": "medical", "social_note": "social"},
    ),
    "parcours.incident": (
        "second_incident",
        {"type_id": "administrative", "description": "medical", "follow_up": "medical"},
    ),
    "parcours.msma.assessment": (
        "second_msma_assessment",
        {
            "kind": "administrative",
            "housing": "social",
            "bank_account": "social",
            "note": "social",
            "screenings_done": "medical",
            "use_intensity": "medical",
            "use_stopped": "medical",
        },
    ),
}
# Records whose chatter, activities, attachments and followers are probed.
CHATTER_MODELS = (
    "parcours.patient",
    "parcours.pathway",
    "parcours.encounter",
    "parcours.incident",
    "parcours.care.plan",
    "parcours.consent",
)
GROUPABLE = ("char", "selection", "boolean", "date", "many2one", "integer")
EMPTY = (False, None, "", [], 0, 0.0)


def may(role, category, policy=POLICY):
    return role in policy[category]


# ---------------------------------------------------------------- fixture
def _refusal(error):
    """The clean/unclean refusal raised by the probe client, or re-raise anything else."""
    if not hasattr(error, "clean"):
        raise error
    return error


def _ref(admin, xmlid):
    module, name = xmlid.split(".")
    found = admin(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )
    return found[0]["res_id"] if found else False


def build(admin, fixture, today):
    """Roles, records and values of the matrix; returns {key: (model, id)} and markers."""
    sessions, users, tag = fixture["sessions"], fixture["users"], fixture["tag"]
    company_a, company_b = fixture["company_a"], fixture["company_b"]
    for role, (groups, organisation) in EXTRA_ROLES.items():
        company = company_a if organisation == "a" else company_b
        login = "probe_%s_%s" % (role, tag)
        password = "Read-%s-%s" % (tag, role)
        uid = admin(
            "res.users",
            "create",
            {
                "name": "Probe %s" % role.replace("_", " ").title(),
                "login": login,
                "email": "%s@example.com" % login,
                "password": password,
                "company_id": company,
                "company_ids": [(6, 0, [company])],
                "groups_id": [(6, 0, [_ref(admin, xmlid) for xmlid in groups])],
            },
            context={"no_reset_password": True},
        )
        partner = admin("res.users", "read", [uid], ["partner_id"])[0]["partner_id"][0]
        users[role] = {"uid": uid, "partner": partner, "profession": False}
        sessions[role] = admin.server.login(login, password)

    marker = "NTK%s" % tag.upper()
    before = (today - datetime.timedelta(days=3)).isoformat()
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(hours=2)
    made = {}
    notes = []

    def attempt(key, model, call):
        try:
            made[key] = (model, call())
        except Exception as error:
            notes.append("%s not built: %s" % (key, _refusal(error).message.splitlines()[0][:160]))

    def first(model, domain):
        try:
            found = admin(model, "search", domain, limit=1)
        except Exception as error:
            _refusal(error)
            return False
        return found[0] if found else False

    team = [
        (
            0,
            0,
            {
                "partner_id": users[role]["partner"],
                "profession_id": users[role]["profession"],
                "date_from": before,
            },
        )
        for role in TEAM
    ] + [
        (
            0,
            0,
            {
                "partner_id": users["removed"]["partner"],
                "profession_id": users["removed"]["profession"],
                "date_from": before,
                "date_to": (today - datetime.timedelta(days=1)).isoformat(),
            },
        )
    ]

    def new_pathway(programme, birth_name, extra=None):
        patient = admin(
            "parcours.patient",
            "create",
            {
                "birth_name": birth_name,
                "first_names": "Probe",
                "birth_date": "1971-04-05",
                "sex": "female",
                "company_id": company_a,
                "phone": "+33 6 00 00 00 00",
                "email": "%s@example.org" % marker.lower(),
                "street": "1 rue %s" % marker,
                "city": "Rodez",
                "trusted_person_name": "Trusted %s" % marker,
            },
        )
        return patient, admin(
            "parcours.pathway",
            "create",
            {
                "patient_id": patient,
                "programme_id": programme,
                "company_id": company_a,
                "request_date": before,
                "member_ids": team,
                **(extra or {}),
            },
        )

    # The MSMA pathway carries the base records too: its microstructure's partner-structure
    # coordinator is the one role outside the care team that reads some of them.
    msma = first("parcours.programme", [("msma_enabled", "=", True)])
    pathway = patient = False
    if msma:
        structure = admin(
            "res.partner",
            "create",
            {
                "name": "Probe CSAPA %s" % tag,
                "is_company": True,
                "parcours_structure_type": "csapa",
            },
        )
        microstructure = admin(
            "parcours.msma.microstructure",
            "create",
            {
                "name": "Probe microstructure %s" % tag,
                "company_id": company_a,
                "programme_id": msma,
                "department": "12",
                "structure_id": structure,
                "coordinator_ids": [(6, 0, [users["msma_coordinator"]["uid"]])],
            },
        )
        substance = first("parcours.msma.substance", [])
        patient, pathway = new_pathway(
            msma,
            "READPROBE-%s" % marker,
            {
                "microstructure_id": microstructure,
                "msma_hiv_status": "negative",
                "msma_hcv_status": "positive",
                "msma_tso": True,
                "msma_injecting": True,
                "msma_fibrosis_note": "F2 %s" % marker,
                "msma_substance_ids": [(6, 0, [substance] if substance else [])],
            },
        )
        attempt(
            "msma_assessment",
            "parcours.msma.assessment",
            lambda: admin(
                "parcours.msma.assessment",
                "create",
                {
                    "pathway_id": pathway,
                    "kind": "rcp",
                    "date": today.isoformat(),
                    "housing": True,
                    "rights_opened": True,
                    "legal_problems": True,
                    "family_contact": True,
                    "note": "Assessment %s" % marker,
                    "screenings_done": True,
                    "use_intensity": first_selection(
                        admin, "parcours.msma.assessment", "use_intensity"
                    ),
                    "use_stopped": True,
                },
            ),
        )
        attempt(
            "second_pathway",
            "parcours.pathway",
            lambda: second_programme(admin, fixture, users, structure, substance, new_pathway, tag),
        )
    else:
        patient, pathway = new_pathway(fixture["programme"], "READPROBE-%s" % marker)
    # The end comment is written by the end of the pathway only: probed when demo data hold one.
    made["patient"] = ("parcours.patient", patient)
    made["pathway"] = ("parcours.pathway", pathway)
    made["member"] = (
        "parcours.care.team.member",
        admin(
            "parcours.care.team.member",
            "search",
            [("pathway_id", "=", pathway), ("partner_id", "=", users["gp"]["partner"])],
        )[0],
    )
    attempt(
        "consent",
        "parcours.consent",
        lambda: admin(
            "parcours.consent",
            "create",
            {
                "pathway_id": pathway,
                "date": before,
                "signatory": "representative",
                "representative_name": "Representative %s" % marker,
                "document_name": "consent-%s.pdf" % marker,
            },
        ),
    )
    attempt(
        "encounter",
        "parcours.encounter",
        lambda: admin(
            "parcours.encounter",
            "create",
            {
                "pathway_id": pathway,
                "kind_id": _ref(admin, "parcours_base.encounter_kind_consultation"),
                "start": now.strftime("%Y-%m-%d %H:%M:%S"),
                "clinical_note": "<p>Clinical %s</p>" % marker,
                "social_note": "<p>Social %s</p>" % marker,
            },
        ),
    )
    incident_type = first("parcours.incident.type", [])
    attempt(
        "incident",
        "parcours.incident",
        lambda: admin(
            "parcours.incident",
            "create",
            {
                "pathway_id": pathway,
                "type_id": incident_type,
                "date": today.isoformat(),
                "description": "<p>Incident %s</p>" % marker,
                "follow_up": "Follow-up %s" % marker,
            },
        ),
    )
    attempt(
        "care_plan",
        "parcours.care.plan",
        lambda: admin(
            "parcours.care.plan",
            "create",
            {
                "pathway_id": pathway,
                "note": "<p>Plan %s</p>" % marker,
                "goal_ids": [(0, 0, {"description": "Goal %s" % marker})],
            },
        ),
    )
    if "care_plan" in made:
        made["goal"] = (
            "parcours.care.plan.goal",
            admin(
                "parcours.care.plan.goal",
                "search",
                [("care_plan_id", "=", made["care_plan"][1])],
            )[0],
        )

    def decision():
        rcp = admin(
            "parcours.rcp",
            "create",
            {
                "name": "Probe read RCP %s" % tag,
                "date": now.strftime("%Y-%m-%d %H:%M:%S"),
                "duration": 1.0,
                "company_id": company_a,
                "programme_ids": [(6, 0, [msma or fixture["programme"]])],
            },
        )
        return admin(
            "parcours.rcp.decision",
            "create",
            {
                "rcp_id": rcp,
                "pathway_id": pathway,
                "decision": "continue",
                "reason": "Reason %s" % marker,
                "notes": "<p>Notes %s</p>" % marker,
            },
        )

    attempt("decision", "parcours.rcp.decision", decision)

    rehab = first("parcours.programme", [("rehab_enabled", "=", True)])
    if rehab:
        _rehab_patient, rehab_pathway = new_pathway(rehab, "READPROBE-R-%s" % marker)
        attempt(
            "rehab_assessment",
            "parcours.rehab.assessment",
            lambda: admin(
                "parcours.rehab.assessment",
                "create",
                {
                    "pathway_id": rehab_pathway,
                    "kind": "w0",
                    "date": today.isoformat(),
                    "crq_dyspnoea": 3.5,
                    "crq_fatigue": 4.5,
                    "crq_emotion": 2.5,
                    "crq_mastery": 5.5,
                    "endurance_seconds": 321,
                    "satisfaction": "7",
                    "note": "Rehab %s" % marker,
                },
            ),
        )
    covid = first("parcours.programme", [("covid_intake", "=", True)])
    resource = first("parcours.covid.resource", [])
    if covid and resource:
        _covid_patient, covid_pathway = new_pathway(covid, "READPROBE-C-%s" % marker)
        attempt(
            "referral",
            "parcours.covid.referral",
            lambda: admin(
                "parcours.covid.referral",
                "create",
                {
                    "pathway_id": covid_pathway,
                    "resource_id": resource,
                    "date_sent": today.isoformat(),
                    "outcome": "Outcome %s" % marker,
                },
            ),
        )

    if "second_pathway" in made:
        second = made["second_pathway"][1]
        attempt(
            "second_encounter",
            "parcours.encounter",
            lambda: admin(
                "parcours.encounter",
                "create",
                {
                    "pathway_id": second,
                    "kind_id": _ref(admin, "parcours_base.encounter_kind_consultation"),
                    "start": now.strftime("%Y-%m-%d %H:%M:%S"),
                    "clinical_note": "<p>Clinical %s</p>" % marker,
                    "social_note": "<p>Social %s</p>" % marker,
                },
            ),
        )
        attempt(
            "second_incident",
            "parcours.incident",
            lambda: admin(
                "parcours.incident",
                "create",
                {
                    "pathway_id": second,
                    "type_id": incident_type,
                    "date": today.isoformat(),
                    "description": "<p>Incident %s</p>" % marker,
                    "follow_up": "Follow-up %s" % marker,
                },
            ),
        )
        attempt(
            "second_msma_assessment",
            "parcours.msma.assessment",
            lambda: admin(
                "parcours.msma.assessment",
                "create",
                {
                    "pathway_id": second,
                    "kind": "rcp",
                    "date": today.isoformat(),
                    "housing": True,
                    "note": "Assessment %s" % marker,
                    "screenings_done": True,
                    "use_intensity": first_selection(
                        admin, "parcours.msma.assessment", "use_intensity"
                    ),
                    "use_stopped": True,
                },
            ),
        )

    # Around the records: a comment of the care team, an activity, a document, followers.
    attachments = {}
    for model in CHATTER_MODELS:
        key = next((k for k, (m, _i) in made.items() if m == model), None)
        if not key:
            continue
        record = made[key][1]
        try:
            admin(
                model,
                "message_post",
                [record],
                body="Chatter %s HIV+" % marker,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            admin(
                model,
                "message_subscribe",
                [record],
                partner_ids=[users["gp"]["partner"]],
            )
            admin(
                "mail.activity",
                "create",
                {
                    "res_model_id": admin("ir.model", "search", [("model", "=", model)])[0],
                    "res_id": record,
                    "summary": "Activity %s" % marker,
                    "user_id": users["gp"]["uid"],
                },
            )
            attachments[model] = admin(
                "ir.attachment",
                "create",
                {
                    "name": "letter-%s.txt" % marker,
                    "res_model": model,
                    "res_id": record,
                    "raw": False,
                    "datas": "SGVsbG8=",
                },
            )
        except Exception as error:
            notes.append("chatter of %s: %s" % (model, _refusal(error).message.splitlines()[0]))
    # Tracked changes of a medical and a social item: their tracking lines follow the fields.
    if msma:
        admin("parcours.pathway", "write", [pathway], {"msma_hiv_status": "positive"})
    if "msma_assessment" in made:
        admin(
            "parcours.msma.assessment",
            "write",
            [made["msma_assessment"][1]],
            {"bank_account": True},
        )
    if "second_pathway" in made:
        second = made["second_pathway"][1]
        admin("parcours.pathway", "write", [second], {"msma_hcv_status": "negative"})
    if "second_msma_assessment" in made:
        admin(
            "parcours.msma.assessment",
            "write",
            [made["second_msma_assessment"][1]],
            {"use_intensity": "low", "bank_account": True},
        )
    made["attachments"] = attachments
    return made, marker, notes


def second_programme(admin, fixture, users, structure, substance, new_pathway, tag):
    """An MSMA-like programme where psychologists read social data only, and its pathway
    with the same care team and the same addiction profile as the MSMA one."""
    programme = admin(
        "parcours.programme",
        "create",
        {
            "name": "Probe social-first programme %s" % tag,
            "code": "PSF%s" % tag[:3].upper(),
            "company_ids": [(6, 0, [fixture["company_a"], fixture["company_b"]])],
            "msma_enabled": True,
            "stage_ids": [
                (0, 0, {"name": "Request", "kind": "request", "sequence": 1}),
                (0, 0, {"name": "Included", "kind": "included", "sequence": 2}),
                (0, 0, {"name": "Ended", "kind": "closed", "sequence": 3}),
            ],
            "data_access_ids": [
                (
                    0,
                    0,
                    {"profession_id": users["psychologist"]["profession"], "data_access": "social"},
                )
            ],
        },
    )
    microstructure = admin(
        "parcours.msma.microstructure",
        "create",
        {
            "name": "Probe social-first microstructure %s" % tag,
            "company_id": fixture["company_a"],
            "programme_id": programme,
            "department": "12",
            "structure_id": structure,
            "coordinator_ids": [(6, 0, [users["msma_coordinator"]["uid"]])],
        },
    )
    marker = "NTK%s" % tag.upper()
    _patient, pathway = new_pathway(
        programme,
        "READPROBE-S-%s" % marker,
        {
            "microstructure_id": microstructure,
            "msma_hiv_status": "positive",
            "msma_hcv_status": "positive",
            "msma_tso": True,
            "msma_injecting": True,
            "msma_fibrosis_note": "F3 %s" % marker,
            "msma_substance_ids": [(6, 0, [substance] if substance else [])],
        },
    )
    return pathway


def first_selection(admin, model, name):
    field = admin(model, "fields_get", [name], attributes=["selection"])[name]
    return field["selection"][-1][0]


# ---------------------------------------------------------------- probes
def _filled(value):
    if isinstance(value, list | tuple):
        return bool(value)
    return value not in EMPTY


def _call(session, model, method, *args, **kwargs):
    """The answer, or None when the server refused cleanly; unclean refusals are kept."""
    try:
        return session(model, method, *args, **kwargs), None
    except Exception as error:
        refusal = _refusal(error)
        return None, None if refusal.clean else refusal


def field_probes(model, record, name, kind, value, marker):
    """(label, call(session) -> leaked?) for each read path of one field."""

    def read(session):
        rows, crash = _call(session, model, "read", [record], [name])
        return crash or bool(rows and _filled(rows[0].get(name)))

    def search_read(session):
        rows, crash = _call(session, model, "search_read", [("id", "=", record)], [name])
        return crash or bool(rows and _filled(rows[0].get(name)))

    def export(session):
        data, crash = _call(session, model, "export_data", [record], [name])
        return crash or bool(data and any(_filled(cell) for row in data["datas"] for cell in row))

    def group(session):
        if kind in ("float", "integer", "monetary"):
            groups, crash = _call(
                session, model, "read_group", [("id", "=", record)], ["%s:sum" % name], []
            )
            return crash or bool(groups and _filled(groups[0].get(name)))
        groups, crash = _call(
            session, model, "read_group", [("id", "=", record)], [name], [name], lazy=False
        )
        return crash or any(_filled(row.get(name)) for row in groups or [])

    def oracle(session):
        if kind in ("char", "text", "html"):
            hit, miss = (name, "ilike", marker), (name, "not ilike", marker)
        elif kind == "many2one":
            hit, miss = (name, "=", value[0]), (name, "!=", value[0])
        elif kind == "many2many":
            hit, miss = (name, "in", value), (name, "not in", value)
        else:
            hit, miss = (name, "=", value), (name, "!=", value)
        found, crash = _call(session, model, "search", [("id", "=", record), hit])
        if crash:
            return crash
        missed, crash = _call(session, model, "search", [("id", "=", record), miss])
        if crash:
            return crash
        return bool(found) and not missed

    probes = [("read", read), ("search_read", search_read), ("export_data", export)]
    if kind in GROUPABLE or kind in ("float", "monetary"):
        probes.append(("read_group", group))
    if kind not in ("binary",) and (kind not in ("char", "text", "html") or marker in str(value)):
        probes.append(("search on it", oracle))
    return probes


def record_probes(model, record, marker, birth_name, patient_path):
    """Identity through names, then what surrounds the record (chatter and the rest)."""

    def display_name(session):
        rows, crash = _call(session, model, "read", [record], ["display_name"])
        return crash or bool(rows and birth_name in str(rows[0].get("display_name")))

    def name_search(session):
        # An oracle: the record found by the patient's name and not by another name.
        found, crash = _call(session, model, "name_search", birth_name, [], "ilike", 5)
        if crash:
            return crash
        missed, crash = _call(session, model, "name_search", birth_name + "-X", [], "ilike", 5)
        return crash or (
            any(row[0] == record for row in found or [])
            and not any(row[0] == record for row in missed or [])
        )

    def search_by_patient(session):
        if not patient_path:
            return False
        found, crash = _call(
            session, model, "search", [("id", "=", record), (patient_path, "=", birth_name)]
        )
        if crash:
            return crash
        missed, crash = _call(
            session, model, "search", [("id", "=", record), (patient_path, "!=", birth_name)]
        )
        return crash or (bool(found) and not missed)

    def messages(session):
        rows, crash = _call(
            session,
            "mail.message",
            "search_read",
            [("model", "=", model), ("res_id", "=", record)],
            ["body", "record_name"],
        )
        return crash or any(
            marker in str(row.get("body")) or birth_name in str(row.get("record_name"))
            for row in rows or []
        )

    def tracking(session):
        messages, crash = _call(
            session, "mail.message", "search", [("model", "=", model), ("res_id", "=", record)]
        )
        if crash:
            return crash
        rows, crash = _call(
            session,
            "mail.tracking.value",
            "search_read",
            [("mail_message_id", "in", messages or [-1])],
            ["old_value_char", "new_value_char", "new_value_integer"],
        )
        return crash or bool(rows)

    def activities(session):
        rows, crash = _call(
            session,
            "mail.activity",
            "search_read",
            [("res_model", "=", model), ("res_id", "=", record)],
            ["summary", "res_name"],
        )
        return crash or bool(rows)

    def attachments(session):
        rows, crash = _call(
            session,
            "ir.attachment",
            "search_read",
            [("res_model", "=", model), ("res_id", "=", record)],
            ["name", "datas"],
        )
        return crash or bool(rows)

    def followers(session):
        rows, crash = _call(
            session,
            "mail.followers",
            "search_read",
            [("res_model", "=", model), ("res_id", "=", record)],
            ["partner_id"],
        )
        return crash or bool(rows)

    probes = [
        ("display_name", "identity", display_name),
        ("name_search", "identity", name_search),
        ("search by patient name", "identity", search_by_patient),
    ]
    if model in CHATTER_MODELS:
        probes += [
            ("mail.message", "chatter", messages),
            ("mail.tracking.value", "tracking", tracking),
            ("mail.activity", "chatter", activities),
            ("ir.attachment", "chatter", attachments),
            ("mail.followers", "chatter", followers),
        ]
    return probes


class WebSession:
    """A browser-like session (cookie) of one role: the routes the web client calls."""

    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.post("/web/session/authenticate", {"db": db, "login": login, "password": password})

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(
            self.url + path, data=body, headers={"Content-Type": "application/json"}
        )
        return self._open(request)

    def get(self, path):
        return self._open(urllib.request.Request(self.url + path))


def _tracked_fields(payload):
    """Names of the fields whose tracking lines a /mail/thread/messages answer shows."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "fieldName" in node and "changedField" in node:
                found.append(node["fieldName"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    try:
        walk(json.loads(payload))
    except ValueError:
        pass
    return found


def web_probes(made, marker, birth_name):
    """(label, category, call(web session) -> leaked?) on the web client's own routes."""
    probes = []
    for model, attachment in made.get("attachments", {}).items():

        def download(web, attachment=attachment):
            status, body = web.get("/web/content/%d" % attachment)
            return status == 200 and body == "Hello"

        probes.append(("/web/content of a document of %s" % model, "chatter", download))
    pathway = made["pathway"][1]

    def letter(web):
        status, body = web.get("/report/html/parcours_base.report_gp_letter/%d" % pathway)
        return status == 200 and birth_name.upper() in body.upper()

    probes.append(("/report/html GP letter", "identity", letter))
    categories = {
        name: category for _key, fields in MATRIX.values() for name, category in fields.items()
    }
    for model in CHATTER_MODELS:
        key = next((k for k, (m, _i) in made.items() if k != "attachments" and m == model), None)
        if not key:
            continue
        record = made[key][1]

        def thread(web, model=model, record=record):
            status, body = web.post(
                "/mail/thread/messages", {"thread_model": model, "thread_id": record}
            )
            return status == 200 and marker in body and "Chatter " + marker in body

        probes.append(("/mail/thread/messages of %s" % model, "chatter", thread))
        for category in ("social", "medical"):

            def tracking(web, model=model, record=record, category=category):
                _status, body = web.post(
                    "/mail/thread/messages", {"thread_model": model, "thread_id": record}
                )
                return any(categories.get(name) == category for name in _tracked_fields(body))

            probes.append(
                (
                    "tracking of %s items in /mail/thread/messages of %s" % (category, model),
                    category,
                    tracking,
                )
            )
    for key, model in (
        ("second_pathway", "parcours.pathway"),
        ("second_msma_assessment", "parcours.msma.assessment"),
    ):
        if key not in made:
            continue
        for category in ("social", "medical"):

            def second_tracking(web, model=model, record=made[key][1], category=category):
                _status, body = web.post(
                    "/mail/thread/messages", {"thread_model": model, "thread_id": record}
                )
                return any(categories.get(name) == category for name in _tracked_fields(body))

            probes.append(
                (
                    "tracking of %s items in /mail/thread/messages of %s of the second programme"
                    % (category, model),
                    category,
                    second_tracking,
                    SECOND_POLICY,
                )
            )
    if "msma_assessment" in made:
        record = made["msma_assessment"][1]
        for category in ("social", "medical"):

            def assessment_tracking(web, record=record, category=category):
                _status, body = web.post(
                    "/mail/thread/messages",
                    {"thread_model": "parcours.msma.assessment", "thread_id": record},
                )
                return any(categories.get(name) == category for name in _tracked_fields(body))

            probes.append(
                (
                    "tracking of %s items of an MSMA assessment" % category,
                    category,
                    assessment_tracking,
                )
            )
    return probes


def run(admin, fixture, tally, today, verbose=False):
    """Build the matrix fixture and run every probe; leaks go to `tally.leaked`."""
    made, marker, notes = build(admin, fixture, today)
    for note in notes:
        print("  (read matrix: %s)" % note)
    sessions = fixture["sessions"]
    birth_name = admin("parcours.patient", "read", [made["patient"][1]], ["birth_name"])[0][
        "birth_name"
    ]
    jobs = []
    skipped = []
    # Controls: the care team's GP reads every category, so a read path tried as the GP must
    # return the data (a probe that finds nothing even there would prove nothing).
    controls = []
    second = "second_pathway" in made
    for model, (key, fields) in SECOND_MATRIX.items():
        if key not in made:
            skipped.append("%s of the second programme" % model)
            continue
        record = made[key][1]
        known = admin(model, "fields_get", attributes=["type"])
        values = admin(model, "read", [record], [name for name in fields if name in known])[0]
        for name, category in fields.items():
            if name not in known or not _filled(values.get(name)):
                skipped.append("%s.%s of the second programme" % (model, name))
                continue
            kind = known[name]["type"]
            for label, probe in field_probes(model, record, name, kind, values[name], marker):
                if label == "read":
                    # The GP reads it all there; the psychologist its social data only.
                    reader = "gp" if category == "medical" else "psychologist"
                    controls.append(
                        (
                            "%s read %s.%s of the second programme" % (reader, model, name),
                            lambda probe=probe, reader=reader: probe(sessions[reader]),
                        )
                    )
                for role in ROLES:
                    if not may(role, category, SECOND_POLICY):
                        jobs.append(
                            (
                                "%s %s %s.%s of the second programme" % (role, label, model, name),
                                probe,
                                role,
                            )
                        )
    for model, (key, fields) in MATRIX.items():
        if key not in made:
            skipped.append(model)
            continue
        record = made[key][1]
        known_all = admin(model, "fields_get", attributes=["type"])
        known = {name: known_all[name] for name in fields if name in known_all}
        values = admin(model, "read", [record], [name for name in fields if name in known])[0]
        for name, category in fields.items():
            if name not in known or not _filled(values.get(name)):
                skipped.append("%s.%s" % (model, name))
                continue
            kind = known[name]["type"]
            for label, probe in field_probes(model, record, name, kind, values[name], marker):
                if label == "read":
                    controls.append(
                        ("gp read %s.%s" % (model, name), lambda probe=probe: probe(sessions["gp"]))
                    )
                    if second and category == "medical":
                        # The psychologist still reads the MSMA programme's medical data.
                        controls.append(
                            (
                                "psychologist read %s.%s" % (model, name),
                                lambda probe=probe: probe(sessions["psychologist"]),
                            )
                        )
                for role in ROLES:
                    if not may(role, category):
                        jobs.append(("%s %s %s.%s" % (role, label, model, name), probe, role))
        patient_path = next(
            (
                path + ".birth_name"
                for path in (
                    "patient_id",
                    "pathway_id.patient_id",
                    "care_plan_id.pathway_id.patient_id",
                )
                if path.split(".")[0] in known_all
            ),
            None,
        )
        for label, category, probe in record_probes(
            model, record, marker, birth_name, patient_path
        ):
            for role in ROLES:
                # Tracking lines are read through the chatter, never by themselves.
                if category == "tracking" or not may(role, category):
                    jobs.append(("%s %s on %s" % (role, label, model), probe, role))

    web = {}
    for role in ROLES:
        session = sessions[role]
        web[role] = WebSession(
            session.server.url, session.server.db, session.login, session.password
        )
    for label, category, probe, *policy in web_probes(made, marker, birth_name):
        policy = policy[0] if policy else POLICY
        if not label.startswith("tracking") or (
            ("medical" in label and "parcours.pathway" in label)
            or ("social" in label and "assessment" in label)
        ):
            controls.append(("gp " + label, lambda probe=probe: probe(web["gp"])))
        if label.startswith("tracking of social") and "assessment" in label and "second" in label:
            controls.append(
                ("psychologist " + label, lambda probe=probe: probe(web["psychologist"]))
            )
        for role in ROLES:
            if not may(role, category, policy):
                jobs.append(("%s %s" % (role, label), probe, "web:" + role))

    def one(job):
        description, probe, role = job
        if role.startswith("web:"):
            outcome = probe(web[role[4:]])
        else:
            outcome = probe(sessions[role])
        with tally.lock:
            tally.reads += 1
            if hasattr(outcome, "clean"):
                tally.crashed.append("%s -> %s" % (description, outcome))
            elif outcome:
                tally.leaked.append(description)

    with concurrent.futures.ThreadPoolExecutor(tally.workers) as pool:
        for future in [pool.submit(one, job) for job in jobs]:
            future.result()
    for description, control in controls:
        if control() is not True:
            tally.crashed.append("control: %s found nothing" % description)
    if skipped and verbose:
        print("  (read matrix, not probed: %s)" % ", ".join(skipped))
    return len(jobs)
