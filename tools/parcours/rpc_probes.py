"""RPC probes: every role tries what it must not do, on a served Parcours database.

Run against a real server (``odoo-bin`` serving on loopback), the way any script,
integration or curious user talks to Odoo: logins over XML-RPC, calls over JSON-RPC
(``execute_kw``) and XML-RPC. The expected outcome of every probe comes from the
declared POLICY below (what each role may do), never from observing the server.

    python rpc_probes.py --url http://127.0.0.1:8069 --db parcours \
        [--admin-login admin --admin-password admin]

prints ``probes: N tried, 0 accepted that should be refused`` and exits non-zero when a
probe that should be refused was accepted, or when the server failed with anything but
a clean refusal (AccessError, UserError, ValidationError...: no database error).

Extending: a write/create/unlink/action rule goes into POLICY; a one-off scenario into
SCENARIOS; a read that must not leak into READ_PROBES (counted as "leaked"), or into the
read matrix of rpc_read_probes.py (its POLICY of data categories by role).
Only the Python standard library is used.
"""

import argparse
import concurrent.futures
import datetime
import itertools
import json
import secrets
import sys
import threading
import urllib.request
import xmlrpc.client

import rpc_read_probes

# ---------------------------------------------------------------- roles
# login suffix -> (groups, profession, organisation). "a" is the administrator's
# organisation, "b" a second one. The care team of the probed pathways holds gp,
# psychologist and social_worker; "removed" left that team yesterday.
ROLES = {
    "coordinator": (("parcours_base.group_parcours_coordinator",), None, "a"),
    "gp": (("parcours_base.group_parcours_professional",), "parcours_base.profession_gp", "a"),
    "psychologist": (
        ("parcours_base.group_parcours_professional",),
        "parcours_base.profession_psychologist",
        "a",
    ),
    "social_worker": (
        ("parcours_base.group_parcours_professional",),
        "parcours_base.profession_social_worker",
        "a",
    ),
    "manager": (("parcours_base.group_parcours_manager",), None, "a"),
    "accountant": (("parcours_base.group_parcours_accountant",), None, "a"),
    "other_org": (("parcours_base.group_parcours_coordinator",), None, "b"),
    "removed": (("parcours_base.group_parcours_professional",), "parcours_base.profession_gp", "a"),
    "employee": (("base.group_user",), None, "a"),
}
TEAM = ("gp", "psychologist", "social_worker")
CARE = ("coordinator", *TEAM)
NOBODY = ()

# Facts of a forfait line: the engine, the validation and the correction write them.
FORFAIT_LINE_FACTS = (
    "amount_cents",
    "amount",
    "validation_state",
    "state",
    "kind",
    "reason",
    "source_facts",
    "partner_id",
    "retained",
    "rule_id",
    "component_id",
    "company_id",
    "period_start",
    "period_end",
    "run_id",
    "move_id",
    "move_line_id",
    "pathway_id",
    "pathway_ref",
    "reversal_of_id",
    "is_current",
)
# Facts of a payout run: its actions write them; the period is fixed once computed.
PAYOUT_RUN_FACTS = (
    "state",
    "name",
    "date_from",
    "date_to",
    "programme_id",
    "company_id",
    "computed_by_id",
    "validated_by_id",
    "job_action",
    "job_state",
    "job_user_id",
    "job_started",
    "job_error",
)

# ---------------------------------------------------------------- policy
# For each model and the fixture record probed ("target"), which roles may:
#   create   - create such a record (vals copied from the target, or given by `create`)
#   write    - write the ordinary field `field`
#   unlink   - delete the target
#   locked   - fields nobody writes by hand: lifecycle facts, locks, links
#   actions  - {public method: roles allowed}; the other roles are refused
#   action_args - {public method: positional arguments it is called with}, when it takes any
# Only what must be refused is tried (allowed operations would change the fixture).
# Roles not listed are refused; the superuser and the administrator are not probed.
POLICY = {
    "parcours.pathway": {
        "target": "pathway_included",
        "create": ("coordinator",),
        "write": ("priority", CARE),
        "unlink": NOBODY,  # included: never deleted, by anyone
        "locked": (
            "state",
            "inclusion_date",
            "request_date",
            "planned_end_date",
            "renewal_due_date",
            "end_date",
            "end_reason_id",
            "suspended_since",
            "last_rcp_date",
            "lost_to_follow_up",
            "active",
            "patient_id",
            "programme_id",
            "name",
        ),
        "actions": {
            "action_include": ("coordinator",),
            "action_suspend": ("coordinator",),
            "action_resume": ("coordinator",),
            "action_cancel": ("coordinator",),
            "action_renew": ("coordinator",),
            "action_archive": ("coordinator",),
            "action_unarchive": ("coordinator",),
            "toggle_active": ("coordinator",),
            "action_submit_request": CARE,
            "action_mark_eligible": CARE,
            "action_approve_inclusion": TEAM,
        },
    },
    "parcours.pathway#draft": {
        "model": "parcours.pathway",
        "target": "pathway_draft",
        "unlink": ("coordinator",),
        "locked": ("state", "inclusion_date", "end_date", "active", "last_rcp_date"),
        "actions": {
            "action_include": ("coordinator",),
            "action_cancel": ("coordinator",),
            "action_archive": ("coordinator",),
            "toggle_active": ("coordinator",),
            "action_submit_request": CARE,
            "action_mark_eligible": CARE,
            "action_approve_inclusion": TEAM,
        },
    },
    "parcours.patient": {
        "target": "patient",
        "create": ("coordinator",),
        "write": ("phone", ("coordinator",)),
        "unlink": NOBODY,
    },
    "parcours.care.team.member": {
        "target": "member_gp",
        "create": ("coordinator",),
        "write": ("date_to", ("coordinator",)),
        "unlink": ("coordinator",),
    },
    "parcours.consent": {
        "target": "consent",
        "create": ("coordinator",),
        "write": ("method", ("coordinator",)),
        "unlink": ("coordinator",),
    },
    "parcours.inclusion.approval": {
        "target": "approval_gp",
        "create": NOBODY,  # only action_approve_inclusion, by the approver as themself
        "unlink": NOBODY,
        "locked": ("pathway_id", "role_id", "user_id", "approval_date"),
    },
    "parcours.pathway.checklist": {
        "target": "checklist_line",
        "create": ("coordinator",),
        "write": ("done", CARE),
        "unlink": ("coordinator",),
    },
    "parcours.encounter": {
        "target": "encounter_psychologist",
        "create": CARE,
        "write": ("duration", ("coordinator", "psychologist")),
        "unlink": ("coordinator",),
        "locked": ("state", "pathway_id"),
        "author_only": ("clinical_note", ("psychologist",)),
        "actions": {
            "action_mark_done": ("coordinator", "psychologist"),
            "action_mark_no_show": ("coordinator", "psychologist"),
            "action_cancel": ("coordinator", "psychologist"),
        },
    },
    "parcours.incident": {
        "target": "incident_decided",
        "create": CARE,
        "write": ("follow_up", CARE),
        "unlink": ("coordinator",),
        "locked": (
            "state",
            "decided_by_id",
            "decision_date",
            "decision",
            "end_reason_id",
            "date",
            "pathway_id",
        ),
        "actions": {"action_apply_decision": ("coordinator",)},
    },
    "parcours.care.plan": {
        "target": "care_plan_validated",
        "create": CARE,
        "write": ("note", NOBODY),  # validated: a new version, never a change
        "unlink": NOBODY,
        "locked": ("state", "rcp_id", "validation_date", "version", "pathway_id"),
        "actions": {"action_adapt": CARE},
    },
    "parcours.care.plan.goal": {
        "target": "goal_validated",
        "create": NOBODY,
        "write": ("description", NOBODY),
        "unlink": NOBODY,
    },
    "parcours.care.plan.contact": {
        "target": "contact_validated",
        "create": NOBODY,
        "write": ("count", NOBODY),
        "unlink": NOBODY,
    },
    "parcours.rcp": {
        "target": "rcp_validated",
        "create": ("coordinator",),
        "write": ("general_notes", NOBODY),  # validated minutes are locked
        "unlink": NOBODY,
        "locked": ("state", "calendar_event_id", "date", "duration", "name"),
        "actions": {
            "action_hold": ("coordinator",),
            "action_validate": ("coordinator",),
            "action_propose_agenda": ("coordinator",),
            # Validated minutes change only through an amendment, by a coordinator.
            "action_amend": ("coordinator",),
            "action_open_amend_wizard": ("coordinator",),
        },
        "action_args": {"action_amend": ["Probe amendment", "<p>Probe</p>"]},
    },
    "parcours.rcp.amendment": {
        "target": "amendment",
        "create": NOBODY,  # only action_amend, by a coordinator as themself
        "write": ("text", NOBODY),
        "unlink": NOBODY,
        "locked": ("rcp_id", "decision_id", "author_id", "date", "reason", "text"),
    },
    "parcours.rcp.attendee": {
        "target": "attendee_validated",
        "create": NOBODY,
        "write": ("minutes_attended", NOBODY),
        "unlink": NOBODY,
        "locked": ("attendance", "partner_id", "rcp_id"),
    },
    "parcours.rcp.decision": {
        "target": "decision_validated",
        "create": NOBODY,
        "write": ("decision", NOBODY),
        "unlink": NOBODY,
        "locked": ("applied", "pathway_id", "rcp_id", "care_plan_id"),
    },
    "parcours.tag": {
        "target": "tag",
        "create": NOBODY,
        "write": ("name", NOBODY),
        "unlink": NOBODY,
    },
    "parcours.pathway.step": {
        "target": "step",
        "create": ("coordinator",),
        "write": ("due_date", CARE),
        "unlink": ("coordinator",),
    },
    # Configuration: administrators only (none of the probed roles).
    **{
        model: {
            "target": "any:" + model,
            "create": NOBODY,
            "write": (field, NOBODY),
            "unlink": NOBODY,
        }
        for model, field in (
            ("parcours.programme", "name"),
            ("parcours.stage", "name"),
            ("parcours.end.reason", "name"),
            ("parcours.checklist.item", "name"),
            ("parcours.programme.role", "mandatory"),
            ("parcours.profession", "name"),
            ("parcours.encounter.kind", "name"),
            ("parcours.incident.type", "name"),
            ("parcours.step.template", "name"),
            ("parcours.indicator", "name"),
            ("parcours.msma.substance", "name"),
            ("parcours.covid.axis", "name"),
            ("parcours.covid.orientation", "name"),
            ("parcours.forfait.rule", "name"),
            ("parcours.forfait.component", "name"),
        )
    },
    # The data-access policy of a programme: a security setting, administrators only.
    "parcours.programme.data.access": {
        "target": "data_access_line",
        "create": NOBODY,
        "write": ("data_access", NOBODY),
        "unlink": NOBODY,
    },
    # Verticals.
    "parcours.msma.microstructure": {
        "target": "any:parcours.msma.microstructure",
        "create": ("coordinator",),
        "write": ("name", ("coordinator",)),
        "unlink": NOBODY,
    },
    "parcours.msma.session": {
        "target": "any:parcours.msma.session",
        "create": ("coordinator",),
        "write": ("hour_from", ("coordinator",)),
        "unlink": ("coordinator",),
    },
    "parcours.msma.period": {
        "target": "any:parcours.msma.period",
        "create": ("coordinator",),
        "write": ("date_end", ("coordinator",)),
        "unlink": ("coordinator",),
    },
    "parcours.msma.assessment": {
        "target": "any:parcours.msma.assessment",
        "create": CARE,
        "write": ("housing", CARE),
        "unlink": ("coordinator",),
    },
    "parcours.rehab.ergocycle": {
        "target": "any:parcours.rehab.ergocycle",
        "create": ("coordinator",),
        "write": ("name", ("coordinator",)),
        "unlink": NOBODY,
    },
    "parcours.rehab.ergocycle.loan": {
        "target": "loan",
        "create": ("coordinator",),
        "write": ("date_planned_pickup", ("coordinator",)),
        "unlink": ("coordinator",),
        "locked": ("state",),
        "actions": {
            "action_deliver": ("coordinator",),
            "action_return": ("coordinator",),
            "action_cancel": ("coordinator",),
        },
    },
    "parcours.rehab.assessment": {
        "target": "rehab_assessment",
        "create": CARE,
        "write": ("note", CARE),
        "unlink": ("coordinator",),
    },
    # Resources without an organisation form the shared regional directory that the
    # coordinators of every cell maintain (other_org included).
    "parcours.covid.resource": {
        "target": "any:parcours.covid.resource",
        "create": ("coordinator", "other_org"),
        "write": ("name", ("coordinator", "other_org")),
        "unlink": NOBODY,
    },
    "parcours.covid.referral": {
        "target": "referral",
        "create": CARE,
        "write": ("outcome", CARE),
        "unlink": ("coordinator",),
        "locked": ("state", "state_date", "seen_date", "reminded_date", "pathway_id"),
        "actions": {
            "action_accept": CARE,
            "action_mark_seen": CARE,
            "action_record_outcome": CARE,
            "action_refuse": CARE,
            "action_no_answer": CARE,
        },
    },
    # Billing: lines come from the accrual engine only; a billed run never reopens.
    "parcours.forfait.line": {
        "target": "billed_line",
        "create": NOBODY,
        "write": ("amount_cents", NOBODY),
        "unlink": NOBODY,
        "locked": FORFAIT_LINE_FACTS,
        # Correcting (a reversal and a new line, with a reason) is the accountant's.
        "actions": {"action_correct": ("accountant",)},
        "action_args": {"action_correct": [13500.0, "Probe correction"]},
    },
    "parcours.forfait.line#draft": {
        "model": "parcours.forfait.line",
        "target": "draft_line",
        "create": NOBODY,
        "write": ("amount_cents", NOBODY),
        "unlink": NOBODY,  # the run removes its drafts when it computes again
        "locked": FORFAIT_LINE_FACTS,
        "actions": {"action_correct": NOBODY},  # a draft is computed again, not corrected
        "action_args": {"action_correct": [13500.0, "Probe correction"]},
    },
    "parcours.payout.run": {
        "target": "billed_run",
        "create": ("accountant",),
        "write": ("date_to", NOBODY),
        "unlink": NOBODY,
        "locked": PAYOUT_RUN_FACTS,
        "actions": {
            "action_reset_to_draft": NOBODY,
            "action_cancel": NOBODY,
            "action_compute": NOBODY,
            "action_compute_later": NOBODY,
            "action_validate": NOBODY,
            "action_validate_later": NOBODY,
            "action_bill_again": ("accountant",),
        },
    },
    "parcours.payout.run#computed": {
        "model": "parcours.payout.run",
        "target": "computed_run",
        "write": ("date_to", NOBODY),  # the period is fixed once computed
        "unlink": ("accountant",),
        "locked": PAYOUT_RUN_FACTS,
        "actions": {
            "action_reset_to_draft": NOBODY,  # only a cancelled run goes back to draft
            "action_cancel": ("accountant",),
            "action_compute": ("accountant",),
            "action_compute_later": ("accountant",),
            "action_validate": ("accountant",),
            "action_validate_later": ("accountant",),
            "action_bill_again": NOBODY,
        },
    },
    # Funding received is typed by the accountant; its cents follow the amount, and the
    # probed record pays for the billed run: it stays with that run's programme and
    # organisation.
    "parcours.funding": {
        "target": "funding",
        "create": ("accountant",),
        "write": ("amount", ("accountant",)),
        "unlink": ("accountant",),
        "locked": ("amount_cents", "programme_id", "company_id"),
    },
    # Budget structures and their negotiated targets: the manager and the accountant of the
    # organisation keep them; care roles and other organisations neither write nor delete them.
    "parcours.budget.structure": {
        "target": "budget_structure",
        "create": ("manager", "accountant"),
        "write": ("name", ("manager", "accountant")),
        "unlink": ("manager", "accountant"),
    },
    "parcours.budget.structure.target": {
        "target": "budget_structure_target",
        "create": ("manager", "accountant"),
        "write": ("patients", ("manager", "accountant")),
        "unlink": ("manager", "accountant"),
    },
    # parcours_psc: only a coordinator invites a professional to Pro Santé Connect, and only
    # through the action (the invitation lets a first sign-in create an account).
    "res.partner#psc": {
        "model": "res.partner",
        "target": "psc_contact",
        "locked": ("parcours_psc_invited_on", "parcours_psc_invited_by_id"),
        "actions": {
            "action_parcours_psc_invite": ("coordinator", "other_org"),
            "action_parcours_psc_cancel_invitation": ("coordinator", "other_org"),
        },
    },
}

# Context keys a client may send: none of them opens a lock.
CONTEXT_KEYS = {
    "parcours_care_plan_lifecycle": True,
    "parcours_rcp_lifecycle": True,
    "parcours_planning": True,
    "parcours_export_generation": True,
    "parcours_forfait_correction": True,
    "install_mode": True,
    "tracking_disable": True,
}

# Reads that must not leak: (role, model, target, fields). Leaked = data came back.
READ_PROBES = [
    ("employee", "parcours.pathway", "pathway_included", ["state"]),
    ("other_org", "parcours.pathway", "pathway_included", ["state"]),
    ("removed", "parcours.pathway", "pathway_included", ["state"]),
    ("other_org", "parcours.patient", "patient", ["birth_name"]),
    ("removed", "parcours.encounter", "encounter_psychologist", ["clinical_note"]),
    ("accountant", "parcours.encounter", "encounter_psychologist", ["clinical_note"]),
    ("manager", "parcours.encounter", "encounter_psychologist", ["clinical_note"]),
]

CLEAN_REFUSALS = (
    "odoo.exceptions.AccessError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.AccessDenied",
    "odoo.exceptions.RedirectWarning",
)


class Refused(Exception):
    def __init__(self, name, message):
        super().__init__("%s: %s" % (name, message))
        self.name = name
        self.message = message

    @property
    def clean(self):
        return self.name in CLEAN_REFUSALS


class Server:
    """One served database, spoken to over XML-RPC (logins) and JSON-RPC (calls)."""

    def __init__(self, url, db):
        self.url = url.rstrip("/")
        self.db = db
        self.counter = itertools.count(1)

    def login(self, login, password):
        common = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common", allow_none=True)
        uid = common.authenticate(self.db, login, password, {})
        if not uid:
            raise RuntimeError("cannot log in as %s" % login)
        return Session(self, uid, password, login)

    def execute_kw(self, uid, password, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self.counter),
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.db, uid, password, model, method, args, kwargs or {}],
            },
        }
        request = urllib.request.Request(
            self.url + "/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            reply = json.loads(answer.read())
        if "error" in reply:
            data = reply["error"].get("data") or {}
            raise Refused(data.get("name", "?"), data.get("message", reply["error"]["message"]))
        return reply.get("result")

    def execute_xmlrpc(self, uid, password, model, method, args, kwargs=None):
        proxy = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/object", allow_none=True)
        try:
            return proxy.execute_kw(self.db, uid, password, model, method, args, kwargs or {})
        except xmlrpc.client.Fault as fault:
            # Odoo's fault codes: 2 warning (UserError, ValidationError...), 3 access denied,
            # 4 access error; 1 is any other exception, with its traceback.
            lines = str(fault.faultString).strip().splitlines() or [""]
            name = {2: "odoo.exceptions.UserError", 3: "odoo.exceptions.AccessDenied"}.get(
                fault.faultCode, "odoo.exceptions.AccessError" if fault.faultCode == 4 else None
            )
            if name is None:
                name = next(
                    (known for known in CLEAN_REFUSALS if lines[-1].startswith(known)),
                    lines[-1].split(":")[0],
                )
            raise Refused(name, lines[-1]) from None


class Session:
    def __init__(self, server, uid, password, login):
        self.server, self.uid, self.password, self.login = server, uid, password, login

    def __call__(self, model, method, *args, **kwargs):
        return self.server.execute_kw(self.uid, self.password, model, method, list(args), kwargs)

    def xmlrpc(self, model, method, *args, **kwargs):
        return self.server.execute_xmlrpc(
            self.uid, self.password, model, method, list(args), kwargs
        )


# ---------------------------------------------------------------- fixture
def ref(admin, xmlid):
    if not xmlid:
        return False
    module, name = xmlid.split(".")
    found = admin(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )
    return found[0]["res_id"] if found else False


def build_fixture(server, admin, today):
    """Users of every role and records in each state, built through the actions."""
    tag = secrets.token_hex(3)
    me = admin("res.users", "read", [admin.uid], ["company_id"])[0]
    company_a = me["company_id"][0]
    company_b = admin("res.company", "create", {"name": "Probe organisation %s" % tag})
    admin("res.users", "write", [admin.uid], {"company_ids": [(4, company_b)]})
    # The administrator reads every record to pick the values the roles try to write: on this
    # throwaway database it is given the medical data category, which it lacks by design.
    admin(
        "res.users",
        "write",
        [admin.uid],
        {"groups_id": [(4, ref(admin, "parcours_base.group_parcours_medical_data"))]},
    )
    sessions = {}
    users = {}
    for role, (groups, profession, organisation) in ROLES.items():
        company = company_a if organisation == "a" else company_b
        password = secrets.token_urlsafe(12)
        login = "probe_%s_%s" % (role, tag)
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
                "groups_id": [(6, 0, [ref(admin, xmlid) for xmlid in groups])],
            },
            context={"no_reset_password": True},
        )
        partner = admin("res.users", "read", [uid], ["partner_id"])[0]["partner_id"][0]
        if profession:
            admin(
                "res.partner",
                "write",
                [partner],
                {"parcours_profession_id": ref(admin, profession)},
            )
        users[role] = {"uid": uid, "partner": partner, "profession": ref(admin, profession)}
        sessions[role] = server.login(login, password)
    gp_profession = ref(admin, "parcours_base.profession_gp")
    psy_profession = ref(admin, "parcours_base.profession_psychologist")
    programme = admin(
        "parcours.programme",
        "create",
        {
            "name": "Probe programme %s" % tag,
            "code": "PRB%s" % tag[:3].upper(),
            "company_ids": [(6, 0, [company_a, company_b])],
            "duration_policy": "renewable",
            "duration": 12,
            "duration_unit": "months",
            "stage_ids": [
                (0, 0, {"name": "Request", "kind": "request", "sequence": 1}),
                (0, 0, {"name": "Included", "kind": "included", "sequence": 2}),
                (0, 0, {"name": "Ended", "kind": "closed", "sequence": 3}),
            ],
            "checklist_item_ids": [(0, 0, {"name": "Eligible", "kind": "eligibility"})],
            "role_ids": [
                (0, 0, {"profession_id": gp_profession, "approves_inclusion": True}),
                (0, 0, {"profession_id": psy_profession, "approves_inclusion": True}),
            ],
            "end_reason_ids": [(0, 0, {"name": "Patient's wish"})],
        },
    )
    coordinator = sessions["coordinator"]
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    before = (today - datetime.timedelta(days=3)).isoformat()

    def new_pathway(birth_name):
        patient = coordinator(
            "parcours.patient",
            "create",
            {
                "birth_name": birth_name,
                "first_names": "Probe",
                "birth_date": "1970-03-0%d" % (1 + len(birth_name) % 9),
                "sex": "female",
                "company_id": company_a,
            },
        )
        members = [
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
                    "profession_id": gp_profession,
                    "date_from": before,
                    "date_to": yesterday,
                },
            )
        ]
        pathway = coordinator(
            "parcours.pathway",
            "create",
            {
                "patient_id": patient,
                "programme_id": programme,
                "company_id": company_a,
                "request_date": before,
                "member_ids": members,
            },
        )
        return patient, pathway

    patient, included = new_pathway("PROBE-INCLUDED-%s" % tag)
    _patient_draft, draft = new_pathway("PROBE-DRAFT-%s" % tag)
    consent = coordinator("parcours.consent", "create", {"pathway_id": included, "date": before})
    lines = coordinator("parcours.pathway.checklist", "search", [("pathway_id", "=", included)])
    coordinator("parcours.pathway.checklist", "write", lines, {"done": True})
    sessions["gp"]("parcours.pathway", "action_approve_inclusion", [included])
    sessions["psychologist"]("parcours.pathway", "action_approve_inclusion", [included])
    coordinator("parcours.pathway", "action_include", [included])
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(hours=1)
    encounter = sessions["psychologist"](
        "parcours.encounter",
        "create",
        {
            "pathway_id": included,
            "kind_id": ref(admin, "parcours_base.encounter_kind_consultation"),
            "start": now.strftime("%Y-%m-%d %H:%M:%S"),
            "clinical_note": "<p>Probe interview</p>",
        },
    )
    sessions["gp"](
        "parcours.encounter",
        "create",
        {
            "pathway_id": draft,
            "kind_id": ref(admin, "parcours_base.encounter_kind_consultation"),
            "start": now.strftime("%Y-%m-%d %H:%M:%S"),
        },
    )
    incident_type = admin("parcours.incident.type", "search", [], limit=1)[0]
    incident = sessions["gp"](
        "parcours.incident",
        "create",
        {
            "pathway_id": included,
            "type_id": incident_type,
            "decision": "continue",
            "date": today.isoformat(),
        },
    )
    coordinator("parcours.incident", "action_apply_decision", [incident])
    plan = coordinator(
        "parcours.care.plan",
        "create",
        {
            "pathway_id": included,
            "goal_ids": [(0, 0, {"description": "Probe goal"})],
            "contact_ids": [(0, 0, {"profession_id": psy_profession, "count": 2})],
        },
    )
    rcp = coordinator(
        "parcours.rcp",
        "create",
        {
            "name": "Probe RCP %s" % tag,
            "date": now.strftime("%Y-%m-%d %H:%M:%S"),
            "duration": 1.5,
            "company_id": company_a,
            "programme_ids": [(6, 0, [programme])],
            "attendee_ids": [
                (0, 0, {"partner_id": users["gp"]["partner"], "minutes_attended": 60})
            ],
        },
    )
    coordinator(
        "parcours.rcp.decision",
        "create",
        {"rcp_id": rcp, "pathway_id": included, "decision": "adapt", "care_plan_id": plan},
    )
    coordinator("parcours.rcp", "action_hold", [rcp])
    coordinator("parcours.rcp", "action_validate", [rcp])
    coordinator("parcours.rcp", "action_amend", [rcp], "Probe reason", "<p>Probe amendment</p>")
    step = coordinator(
        "parcours.pathway.step",
        "create",
        {"pathway_id": included, "name": "Probe step", "due_date": today.isoformat()},
    )
    targets = {
        "pathway_included": included,
        "pathway_draft": draft,
        "patient": patient,
        "member_gp": coordinator(
            "parcours.care.team.member",
            "search",
            [("pathway_id", "=", included), ("partner_id", "=", users["gp"]["partner"])],
        )[0],
        "consent": consent,
        "approval_gp": admin(
            "parcours.inclusion.approval", "search", [("pathway_id", "=", included)], limit=1
        )[0],
        "checklist_line": lines[0],
        "encounter_psychologist": encounter,
        "incident_decided": incident,
        "care_plan_validated": plan,
        "goal_validated": admin("parcours.care.plan.goal", "search", [("care_plan_id", "=", plan)])[
            0
        ],
        "rcp_validated": rcp,
        "attendee_validated": admin("parcours.rcp.attendee", "search", [("rcp_id", "=", rcp)])[0],
        "decision_validated": admin("parcours.rcp.decision", "search", [("rcp_id", "=", rcp)])[0],
        "amendment": admin("parcours.rcp.amendment", "search", [("rcp_id", "=", rcp)])[0],
        "step": step,
    }
    targets["psc_contact"] = admin(
        "res.partner",
        "create",
        {"name": "Probe Professional %s" % tag, "parcours_rpps": "10009999990"},
    )
    # A data-access policy line of the probe programme, at the profession's own level (the
    # roles' data groups do not change): every role tries to write, delete and copy it.
    targets["data_access_line"] = admin(
        "parcours.programme.data.access",
        "create",
        {"programme_id": programme, "profession_id": gp_profession, "data_access": "medical"},
    )
    targets["contact_validated"] = admin(
        "parcours.care.plan.contact", "search", [("care_plan_id", "=", plan)]
    )[0]
    targets.update(build_vertical_fixture(admin, sessions, users, company_a, today, tag))
    targets.update(build_billing_fixture(admin, sessions, users, company_a, today, tag))
    return {
        "sessions": sessions,
        "users": users,
        "targets": targets,
        "programme": programme,
        "company_a": company_a,
        "company_b": company_b,
        "tag": tag,
    }


def build_vertical_fixture(admin, sessions, users, company_a, today, tag):
    """Records of the verticals' own models, made as the administrator when demo data
    have none (best effort: a model without a record is reported, not probed)."""

    def attempt(create):
        try:
            return create()
        except Refused as refusal:
            print("  (fixture not built: %s)" % refusal.message.splitlines()[0][:120])
            return False

    def first(model, domain):
        try:
            found = admin(model, "search", domain, limit=1)
        except Refused:
            return False
        return found[0] if found else False

    def new_pathway(programme_domain, birth_name):
        programme = first("parcours.programme", programme_domain)
        if not programme:
            return False
        before = (today - datetime.timedelta(days=3)).isoformat()

        def create():
            patient = admin(
                "parcours.patient",
                "create",
                {
                    "birth_name": birth_name,
                    "first_names": "Probe",
                    "birth_date": "1960-06-06",
                    "sex": "male",
                    "company_id": company_a,
                },
            )
            return admin(
                "parcours.pathway",
                "create",
                {
                    "patient_id": patient,
                    "programme_id": programme,
                    "company_id": company_a,
                    "request_date": before,
                    "member_ids": [
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
                    ],
                },
            )

        return attempt(create)

    made = {}
    made["tag"] = attempt(lambda: admin("parcours.tag", "create", {"name": "Probe tag " + tag}))
    rehab = new_pathway([("rehab_enabled", "=", True)], "PROBE-REHAB-%s" % tag)
    if rehab:
        for kind in ("w0", "w6", "w12"):
            made["rehab_assessment"] = attempt(
                lambda kind=kind: admin(
                    "parcours.rehab.assessment",
                    "create",
                    {"pathway_id": rehab, "kind": kind, "date": today.isoformat()},
                )
            )
            if made["rehab_assessment"]:
                break
        start = today + datetime.timedelta(days=200)
        # A bike of its own: demo bikes may be lent already on the dates tried.
        bike = attempt(
            lambda: sessions["coordinator"](
                "parcours.rehab.ergocycle",
                "create",
                {"name": "PROBE-BIKE-%s" % tag, "model": "Probe", "company_id": company_a},
            )
        )
        if bike:
            made["loan"] = attempt(
                lambda: admin(
                    "parcours.rehab.ergocycle.loan",
                    "create",
                    {
                        "pathway_id": rehab,
                        "ergocycle_id": bike,
                        "date_start": start.isoformat(),
                        "date_planned_pickup": (start + datetime.timedelta(days=80)).isoformat(),
                    },
                )
            )
    covid = new_pathway([("covid_intake", "=", True)], "PROBE-COVID-%s" % tag)
    resource = first("parcours.covid.resource", [])
    if covid and resource:
        made["referral"] = attempt(
            lambda: admin(
                "parcours.covid.referral",
                "create",
                {"pathway_id": covid, "resource_id": resource, "date_sent": today.isoformat()},
            )
        )
    return {key: value for key, value in made.items() if value}


def build_billing_fixture(admin, sessions, users, company_a, today, tag):
    """Forfait lines, runs and funding of two probe programmes, made through the actions.

    In each programme a patient is included today and leaves today: the forfait period
    ends on the exit, so a run ending today accrues it. The run of programme A is
    computed and validated by the accountant (billed: validated lines linked to a posted
    vendor bill, and funding received); the run of programme B is only computed (draft
    lines).
    """
    coordinator, accountant = sessions["coordinator"], sessions["accountant"]
    gp_profession = ref(admin, "parcours_base.profession_gp")
    funder = admin("res.partner", "create", {"name": "Probe funder %s" % tag, "is_company": True})
    date_from = (today - datetime.timedelta(days=27)).isoformat()
    made = {}
    for letter in ("A", "B"):
        programme = admin(
            "parcours.programme",
            "create",
            {
                "name": "Probe billing %s %s" % (letter, tag),
                "code": "PB%s%s" % (letter, tag[:3].upper()),
                "company_ids": [(6, 0, [company_a])],
                "duration_policy": "renewable",
                "duration": 12,
                "duration_unit": "months",
                "stage_ids": [
                    (0, 0, {"name": "Request", "kind": "request", "sequence": 1}),
                    (0, 0, {"name": "Included", "kind": "included", "sequence": 2}),
                    (0, 0, {"name": "Ended", "kind": "closed", "sequence": 3}),
                ],
                "role_ids": [(0, 0, {"profession_id": gp_profession, "approves_inclusion": True})],
                "end_reason_ids": [(0, 0, {"name": "Patient's wish"})],
            },
        )
        admin(
            "parcours.forfait.rule",
            "create",
            {
                "name": "Probe forfait %s" % letter,
                "programme_id": programme,
                "company_id": company_a,
                "amount": 150,
                "period_kind": "yearly",
                "funder_id": funder,
                "component_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": 1,
                            "name": "GP",
                            "amount": 100,
                            "profession_id": gp_profession,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "sequence": 2,
                            "name": "Coordination",
                            "amount": 50,
                            "beneficiary_kind": "organisation",
                        },
                    ),
                ],
            },
        )
        patient = coordinator(
            "parcours.patient",
            "create",
            {
                "birth_name": "PROBE-BILLING-%s-%s" % (letter, tag),
                "first_names": "Probe",
                "birth_date": "1965-04-04",
                "sex": "male",
                "company_id": company_a,
            },
        )
        pathway = coordinator(
            "parcours.pathway",
            "create",
            {
                "patient_id": patient,
                "programme_id": programme,
                "company_id": company_a,
                "request_date": today.isoformat(),
                "member_ids": [
                    (
                        0,
                        0,
                        {
                            "partner_id": users[role]["partner"],
                            "profession_id": users[role]["profession"],
                            "date_from": today.isoformat(),
                        },
                    )
                    for role in ("gp", "psychologist")
                ],
            },
        )
        coordinator(
            "parcours.consent", "create", {"pathway_id": pathway, "date": today.isoformat()}
        )
        sessions["gp"]("parcours.pathway", "action_approve_inclusion", [pathway])
        coordinator("parcours.pathway", "action_include", [pathway])
        reason = admin("parcours.end.reason", "search", [("programme_id", "=", programme)], limit=1)
        closing = coordinator(
            "parcours.pathway.close",
            "create",
            {"pathway_ids": [(6, 0, [pathway])], "end_reason_id": reason[0]},
        )
        coordinator("parcours.pathway.close", "action_close", [closing])
        run = accountant(
            "parcours.payout.run",
            "create",
            {
                "programme_id": programme,
                "company_id": company_a,
                "date_from": date_from,
                "date_to": today.isoformat(),
            },
        )
        accountant("parcours.payout.run", "action_compute", [run])
        lines = accountant("parcours.forfait.line", "search", [("run_id", "=", run)])
        if letter == "A":
            accountant("parcours.payout.run", "action_validate", [run])
            made["billed_run"] = run
            made["billed_line"] = accountant(
                "parcours.forfait.line",
                "search",
                [("run_id", "=", run), ("move_id", "!=", False)],
                limit=1,
            )[0]
            made["funding"] = accountant(
                "parcours.funding",
                "create",
                {
                    "name": "Probe funding %s" % tag,
                    "funder_id": funder,
                    "programme_id": programme,
                    "company_id": company_a,
                    "run_id": run,
                    "amount": 150,
                },
            )
            made["budget_structure"] = accountant(
                "parcours.budget.structure",
                "create",
                {
                    "name": "Probe structure %s" % tag,
                    "programme_id": programme,
                    "company_id": company_a,
                    "opening_date": "2025-01-01",
                },
            )
            made["budget_structure_target"] = accountant(
                "parcours.budget.structure.target",
                "create",
                {"structure_id": made["budget_structure"], "year": 2027, "patients": 40},
            )
        else:
            made["computed_run"] = run
            made["draft_line"] = lines[0]
    return made


def reader_for(admin, fixture, model):
    """The administrator, or the role that reads `model` (billing is the accountant's)."""
    for session in (admin, fixture["sessions"]["accountant"], fixture["sessions"]["manager"]):
        try:
            session(model, "search", [], limit=1)
            return session
        except Refused:
            continue
    return admin


def resolve_target(reader, fixture, key, model):
    if key.startswith("any:"):
        found = reader(
            model,
            "search",
            [("company_id", "in", [fixture["company_a"], False])]
            if "company_id" in fields_of(reader, model)
            else [],
            limit=1,
        )
        return found[0] if found else False
    return fixture["targets"].get(key)


_FIELDS = {}


def fields_of(admin, model):
    if model not in _FIELDS:
        _FIELDS[model] = admin(
            model, "fields_get", attributes=["type", "selection", "relation", "readonly"]
        )
    return _FIELDS[model]


def other_value(admin, model, name, current):
    """A plausible value for `name` that differs from `current` (the record's value)."""
    field = fields_of(admin, model)[name]
    kind = field["type"]
    if kind == "selection":
        values = [key for key, _label in field["selection"] if key != current]
        return values[0] if values else False
    if kind == "boolean":
        return not current
    if kind == "date":
        return "2020-01-01" if current != "2020-01-01" else "2020-01-02"
    if kind == "datetime":
        return "2020-01-01 10:00:00"
    if kind in ("integer", "float", "monetary"):
        return (current or 0) + 100000
    if kind == "many2one":
        current_id = current[0] if current else 0
        others = admin(field["relation"], "search", [("id", "!=", current_id)], limit=1)
        return others[0] if others else False
    if kind in ("char", "text", "html"):
        return '=HYPERLINK("http://example.com")'
    return False


# ---------------------------------------------------------------- probes
class Tally:
    def __init__(self, workers=4):
        self.workers = workers
        self.lock = threading.Lock()
        self.jobs = []
        self.tried = 0
        self.accepted = []  # (description) accepted that should be refused
        self.crashed = []  # refused with a server error instead of a clean refusal
        self.reads = 0
        self.leaked = []

    def expect_refused(self, description, call):
        with self.lock:
            self.tried += 1
        try:
            call()
        except Refused as refusal:
            if not refusal.clean:
                with self.lock:
                    self.crashed.append("%s -> %s" % (description, refusal))
            return
        with self.lock:
            self.accepted.append(description)

    def try_call(self, description, model, session, method, *args, **kwargs):
        """Queue a call of `method` of `model` as `session`: it must be refused."""
        self.jobs.append((description, lambda: session(model, method, *args, **kwargs)))

    def run_queued(self):
        """Run the queued probes, a few at a time (the server serves them in threads)."""
        jobs, self.jobs = self.jobs, []
        with concurrent.futures.ThreadPoolExecutor(self.workers) as pool:
            for future in [pool.submit(self.expect_refused, *job) for job in jobs]:
                future.result()


def run_policy(admin, fixture, tally):
    sessions = fixture["sessions"]
    for key, policy in POLICY.items():
        model = policy.get("model", key)
        reader = reader_for(admin, fixture, model)
        target = resolve_target(reader, fixture, policy["target"], model)
        if not target:
            print("  (no %s record to probe)" % key)
            continue
        known_fields = fields_of(reader, model)
        rows = reader(
            model,
            "read",
            [target],
            [f for f in policy.get("locked", ()) if f in known_fields]
            + ([policy["write"][0]] if "write" in policy else []),
        )
        if not rows:
            print("  (%s #%s cannot be read to probe it)" % (key, target))
            continue
        current = rows[0]
        try:
            create_vals = reader(model, "copy_data", [target])[0]
        except Refused:
            create_vals = None
        for role, session in sessions.items():
            label = "%s %s" % (role, key)
            if "create" in policy and role not in policy["create"] and create_vals is not None:
                tally.try_call(label + " create", model, session, "create", create_vals)
            if "write" in policy:
                name, allowed = policy["write"]
                if role not in allowed:
                    value = other_value(reader, model, name, current.get(name))
                    tally.try_call(
                        "%s write %s" % (label, name),
                        model,
                        session,
                        "write",
                        [target],
                        {name: value},
                    )
            if "author_only" in policy:
                name, allowed = policy["author_only"]
                if role not in allowed:
                    tally.try_call(
                        "%s write %s" % (label, name),
                        model,
                        session,
                        "write",
                        [target],
                        {name: "<p>rewritten</p>"},
                    )
            for name in policy.get("locked", ()):
                if name not in known_fields:
                    continue
                value = other_value(reader, model, name, current.get(name))
                for context in ({}, CONTEXT_KEYS):
                    tally.try_call(
                        "%s write %s%s" % (label, name, " with context keys" if context else ""),
                        model,
                        session,
                        "write",
                        [target],
                        {name: value},
                        context=context,
                    )
            for method, allowed in policy.get("actions", {}).items():
                if role not in allowed:
                    args = policy.get("action_args", {}).get(method, [])
                    tally.try_call(
                        "%s %s" % (label, method), model, session, method, [target], *args
                    )
            if "unlink" in policy and role not in policy["unlink"]:
                tally.try_call(label + " unlink", model, session, "unlink", [target])


def run_scenarios(admin, fixture, tally, today):
    """The writes reported in the issue, one by one, over XML-RPC as well."""
    s = fixture["sessions"]
    t = fixture["targets"]
    users = fixture["users"]
    before = (today - datetime.timedelta(days=400)).isoformat()
    pathway, draft = t["pathway_included"], t["pathway_draft"]
    checks = [
        (
            "gp includes a draft pathway by write",
            lambda: s["gp"].xmlrpc(
                "parcours.pathway",
                "write",
                [draft],
                {"state": "included", "inclusion_date": today.isoformat()},
            ),
        ),
        (
            "gp backdates request and inclusion",
            lambda: s["gp"].xmlrpc(
                "parcours.pathway",
                "write",
                [pathway],
                {"request_date": before, "inclusion_date": before},
            ),
        ),
        (
            "psychologist approves in the gp's name",
            lambda: s["psychologist"](
                "parcours.inclusion.approval",
                "create",
                {
                    "pathway_id": draft,
                    "role_id": admin(
                        "parcours.programme.role",
                        "search",
                        [("programme_id", "=", fixture["programme"])],
                        limit=1,
                    )[0],
                    "user_id": users["gp"]["uid"],
                },
            ),
        ),
        (
            "gp interrupts a pathway through an incident",
            lambda: s["gp"](
                "parcours.incident",
                "action_apply_decision",
                [
                    s["gp"](
                        "parcours.incident",
                        "create",
                        {
                            "pathway_id": pathway,
                            "type_id": admin("parcours.incident.type", "search", [], limit=1)[0],
                            "decision": "interrupt",
                            "date": today.isoformat(),
                            "end_reason_id": admin(
                                "parcours.end.reason",
                                "search",
                                [("programme_id", "=", fixture["programme"])],
                                limit=1,
                            )[0],
                        },
                    )
                ],
            ),
        ),
        (
            "gp rewrites the decider of an incident",
            lambda: s["gp"].xmlrpc(
                "parcours.incident",
                "write",
                [t["incident_decided"]],
                {"decided_by_id": users["gp"]["uid"], "decision_date": before, "state": "open"},
            ),
        ),
        ("gp archives a pathway", lambda: s["gp"]("parcours.pathway", "action_archive", [pathway])),
        (
            "gp rewrites a colleague's encounter",
            lambda: s["gp"].xmlrpc(
                "parcours.encounter",
                "write",
                [t["encounter_psychologist"]],
                {"clinical_note": "<p>x</p>", "partner_id": users["gp"]["partner"], "duration": 5},
            ),
        ),
        (
            "coordinator rewrites a validated plan with the context key",
            lambda: s["coordinator"](
                "parcours.care.plan",
                "write",
                [t["care_plan_validated"]],
                {"note": "<p>x</p>", "state": "draft"},
                context={"parcours_care_plan_lifecycle": True},
            ),
        ),
        (
            "coordinator pays 6000 minutes of a validated RCP",
            lambda: s["coordinator"](
                "parcours.rcp.attendee",
                "write",
                [t["attendee_validated"]],
                {"minutes_attended": 6000},
                context={"parcours_rcp_lifecycle": True},
            ),
        ),
        (
            "coordinator rewrites validated minutes",
            lambda: s["coordinator"](
                "parcours.rcp",
                "write",
                [t["rcp_validated"]],
                {"general_notes": "<p>x</p>", "date": "2020-01-01 10:00:00", "state": "held"},
                context={"parcours_rcp_lifecycle": True},
            ),
        ),
        (
            "coordinator resets an included pathway to draft",
            lambda: s["coordinator"].xmlrpc(
                "parcours.pathway", "write", [pathway], {"state": "draft", "inclusion_date": False}
            ),
        ),
        (
            "coordinator deletes an included pathway",
            lambda: s["coordinator"]("parcours.pathway", "unlink", [pathway]),
        ),
        (
            "coordinator deletes a draft pathway and its encounters",
            lambda: s["coordinator"]("parcours.pathway", "unlink", [draft]),
        ),
    ]
    # Bad input: refused at the door with a clear message, never a database error.
    patient = {
        "birth_name": "Probe",
        "first_names": "Bad",
        "birth_date": "1975-01-01",
        "company_id": fixture["company_a"],
    }
    for label, values in (
        ("blank birth name", {"birth_name": "   "}),
        ("blank first names", {"first_names": "\u00a0 "}),
        ("birth before 1900", {"birth_date": "1850-01-01"}),
        ("birth in the future", {"birth_date": (today + datetime.timedelta(days=30)).isoformat()}),
        ("birth name of 5000 characters", {"birth_name": "N" * 5000}),
    ):
        checks.append(
            (
                "coordinator creates a patient with " + label,
                lambda v=values: s["coordinator"]("parcours.patient", "create", dict(patient, **v)),
            )
        )
    encounter = {
        "pathway_id": pathway,
        "kind_id": ref(admin, "parcours_base.encounter_kind_consultation"),
    }
    far = (today + datetime.timedelta(days=5000)).isoformat() + " 10:00:00"
    for label, values in (
        ("a duration of 2^31 minutes", {"duration": 2**31}),
        ("a negative duration", {"duration": -30}),
        ("a date 13 years ahead", {"start": far}),
    ):
        checks.append(
            (
                "psychologist records an encounter with " + label,
                lambda v=values: s["psychologist"](
                    "parcours.encounter", "create", dict(encounter, **v)
                ),
            )
        )
    checks.append(
        (
            "coordinator makes an RCP last 10^6 hours",
            lambda: s["coordinator"](
                "parcours.rcp",
                "create",
                {
                    "name": "Long",
                    "duration": 10**6,
                    "programme_ids": [(6, 0, [fixture["programme"]])],
                },
            ),
        )
    )
    checks.append(
        (
            "coordinator names an RCP with blanks only",
            lambda: s["coordinator"](
                "parcours.rcp",
                "create",
                {"name": "   ", "programme_ids": [(6, 0, [fixture["programme"]])]},
            ),
        )
    )
    # Billing (the money follows separation of duties).
    lines = admin(
        "parcours.forfait.line",
        "search_read",
        [],
        ["rule_id", "component_id", "partner_id"],
        limit=1,
    )
    if lines:
        line = lines[0]
        checks.append(
            (
                "accountant creates a 1,000,000 EUR line to himself",
                lambda: s["accountant"](
                    "parcours.forfait.line",
                    "create",
                    {
                        "rule_id": line["rule_id"][0],
                        "component_id": line["component_id"][0],
                        "partner_id": users["accountant"]["partner"],
                        "company_id": fixture["company_a"],
                        "period_start": "2025-01-01",
                        "period_end": "2025-12-31",
                        "amount_cents": 100000000,
                    },
                ),
            )
        )
        checks.append(
            (
                "accountant raises a line's amount",
                lambda: s["accountant"](
                    "parcours.forfait.line", "write", [line["id"]], {"amount_cents": 1350000}
                ),
            )
        )
    if t.get("billed_run"):
        checks.append(
            (
                "accountant resets a billed run to draft",
                lambda: s["accountant"](
                    "parcours.payout.run",
                    "write",
                    [t["billed_run"]],
                    {"state": "draft", "date_from": "2020-01-01"},
                ),
            )
        )
        checks.append(
            (
                "accountant deletes a billed run",
                lambda: s["accountant"]("parcours.payout.run", "unlink", [t["billed_run"]]),
            )
        )
    future = today.replace(day=1) + datetime.timedelta(days=400)
    checks.append(
        (
            "accountant opens a payout run a year ahead",
            lambda: s["accountant"](
                "parcours.payout.run",
                "create",
                {
                    "programme_id": fixture["programme"],
                    "company_id": fixture["company_a"],
                    "date_from": future.isoformat(),
                    "date_to": (future + datetime.timedelta(days=27)).isoformat(),
                },
            ),
        )
    )
    checks.extend(care_plan_scenarios(fixture))
    checks.extend(billing_scenarios(fixture, today))
    for label, call in checks:
        tally.expect_refused("scenario: " + label, call)


def care_plan_scenarios(fixture):
    """A validated care plan changes only through a new version, which keeps the original."""
    gp = fixture["sessions"]["gp"]
    t = fixture["targets"]
    original, goal = t["care_plan_validated"], t["goal_validated"]

    def new_version():
        return gp("parcours.care.plan", "action_adapt", [original])["res_id"]

    return [
        (
            "gp rewrites the original's goal through the new version",
            lambda: gp(
                "parcours.care.plan",
                "write",
                [new_version()],
                {"goal_ids": [(1, goal, {"description": "Rewritten"})]},
            ),
        ),
        (
            "gp moves the original's goal to the new version",
            lambda: gp("parcours.care.plan", "write", [new_version()], {"goal_ids": [(4, goal)]}),
        ),
        (
            "gp deletes the original's goal through the new version",
            lambda: gp("parcours.care.plan", "write", [new_version()], {"goal_ids": [(2, goal)]}),
        ),
        (
            "gp validates the new version by a write",
            lambda: gp(
                "parcours.care.plan",
                "write",
                [new_version()],
                {"state": "validated", "validation_date": "2020-01-01"},
            ),
        ),
    ]


def billing_scenarios(fixture, today):
    """What an accountant could try on billed money, by other paths than a field write."""
    accountant = fixture["sessions"]["accountant"]
    t = fixture["targets"]
    run, line = t.get("billed_run"), t.get("billed_line")
    if not (run and line):
        print("  (no billed run: billing scenarios not tried)")
        return []
    bill = accountant("parcours.forfait.line", "read", [line], ["move_id"])[0]["move_id"][0]
    run_values = accountant("parcours.payout.run", "read", [run], ["programme_id", "date_to"])[0]
    accountant_partner = fixture["users"]["accountant"]["partner"]

    def through_run(command):
        return lambda: accountant("parcours.payout.run", "write", [run], {"line_ids": [command]})

    def clear_links_and_bill_again():
        accountant("parcours.forfait.line", "write", [line], {"move_id": False})
        accountant("parcours.payout.run", "action_bill_again", [run])

    def to_draft():
        # Odoo's own button (allowed: a bill is reset to draft to be cancelled); the bill
        # may be in draft already after an earlier scenario.
        try:
            accountant("account.move", "button_draft", [bill])
        except Refused:
            pass

    def redirect_bill():
        to_draft()
        accountant("account.move", "write", [bill], {"partner_id": accountant_partner})

    def raise_bill():
        to_draft()
        bill_line = accountant(
            "account.move.line",
            "search",
            [("move_id", "=", bill), ("display_type", "=", "product")],
            limit=1,
        )
        accountant("account.move.line", "write", bill_line, {"price_unit": 13500})

    return [
        (
            "accountant rewrites a billed line's amount through its run",
            through_run((1, line, {"amount_cents": 1350000})),
        ),
        ("accountant deletes a billed line through its run", through_run((2, line))),
        ("accountant detaches a billed line from its run", through_run((3, line))),
        (
            "accountant adds a line to a billed run",
            through_run(
                (
                    0,
                    0,
                    {
                        "rule_id": accountant("parcours.forfait.line", "read", [line], ["rule_id"])[
                            0
                        ]["rule_id"][0],
                        "component_id": accountant(
                            "parcours.forfait.line", "read", [line], ["component_id"]
                        )[0]["component_id"][0],
                        "partner_id": accountant_partner,
                        "company_id": fixture["company_a"],
                        "period_start": today.isoformat(),
                        "period_end": today.isoformat(),
                        "amount_cents": 100000000,
                    },
                )
            ),
        ),
        ("accountant clears bill links and bills again", clear_links_and_bill_again),
        (
            "accountant detaches a vendor bill from its run",
            lambda: accountant("account.move", "write", [bill], {"parcours_payout_run_id": False}),
        ),
        ("accountant pays a run's vendor bill to himself", redirect_bill),
        ("accountant raises the amount of a run's vendor bill", raise_bill),
        (
            "accountant opens a second live run over a billed period",
            lambda: accountant(
                "parcours.payout.run",
                "create",
                {
                    "programme_id": run_values["programme_id"][0],
                    "company_id": fixture["company_a"],
                    "date_from": run_values["date_to"],
                    "date_to": run_values["date_to"],
                },
            ),
        ),
        (
            "accountant opens a payout run for another organisation",
            lambda: accountant(
                "parcours.payout.run",
                "create",
                {
                    "programme_id": fixture["programme"],
                    "company_id": fixture["company_b"],
                    "date_from": "2020-01-01",
                    "date_to": "2020-01-31",
                },
            ),
        ),
        (
            "accountant records funding of 10^12",
            lambda: accountant("parcours.funding", "write", [t["funding"]], {"amount": 10**12}),
        ),
        (
            "accountant moves funding to the run of another programme",
            lambda: accountant(
                "parcours.funding", "write", [t["funding"]], {"run_id": t["computed_run"]}
            ),
        ),
    ]


def run_reads(admin, fixture, tally):
    for role, model, key, names in READ_PROBES:
        target = resolve_target(admin, fixture, key, model)
        if not target:
            continue
        tally.reads += 1
        try:
            rows = fixture["sessions"][role](model, "read", [target], names)
        except Refused as refusal:
            if not refusal.clean:
                tally.crashed.append("%s read %s.%s -> %s" % (role, model, names, refusal))
            continue
        if rows and any(rows[0].get(name) not in (False, None, "") for name in names):
            tally.leaked.append("%s read %s %s" % (role, model, names))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--admin-login", default="admin")
    parser.add_argument("--admin-password", default="admin")
    parser.add_argument("--verbose", action="store_true", help="name the read cells not probed")
    args = parser.parse_args(argv)
    server = Server(args.url, args.db)
    admin = server.login(args.admin_login, args.admin_password)
    today = datetime.date.today()
    fixture = build_fixture(server, admin, today)
    tally = Tally()
    run_policy(admin, fixture, tally)
    tally.run_queued()
    # The scenarios last: some are destructive when a guard is missing.
    run_scenarios(admin, fixture, tally, today)
    run_reads(admin, fixture, tally)
    # Every role on every read path of every data category (rpc_read_probes.py).
    rpc_read_probes.run(admin, fixture, tally, today, verbose=args.verbose)
    for description in tally.accepted:
        print("ACCEPTED (should be refused): %s" % description)
    for description in tally.crashed:
        print("SERVER ERROR (not a clean refusal): %s" % description)
    for description in tally.leaked:
        print("LEAKED: %s" % description)
    print("read probes: %d tried, %d leaked" % (tally.reads, len(tally.leaked)))
    print(
        "probes: %d tried, %d accepted that should be refused" % (tally.tried, len(tally.accepted))
    )
    return 1 if tally.accepted or tally.crashed or tally.leaked else 0


if __name__ == "__main__":
    sys.exit(main())
