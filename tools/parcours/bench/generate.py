"""Fill a Parcours database with realistic, fictitious, reproducible data.

Run inside `odoo shell` by `./parcours generate` (variables: PARCOURS_SCALE, PARCOURS_SEED,
PARCOURS_REFERENCE_DATE). Every date is drawn relative to the reference date, never to the
day of the run: one seed and one reference date give the same records on any day.
Pathways, patients and care teams go through batched ORM creates (constraints and
computed fields apply); the million encounters of the national scale go through one SQL
insert per batch, after which the stored fields that depend on them are recomputed by the
ORM, so the database ends as the ORM would have left it.

With the programme addons installed, the vertical data follow domain.md: MSMA
microstructures (124 at the national scale) with their own team and weekly session, yearly
periods and assessments; rehab W0/W6/W12 measurements, bikes and loans; long-COVID requests
(requester, age band, channel, onset, orientation), resources and referrals; incidents at the
rehab rates; and quarterly payout runs computed and validated through the run's actions.
"""

import os
import random
import time
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tools import SQL

SCALES = {
    # organisations, pathways, encounters per followed pathway
    "small": (1, 200, 8),
    "medium": (3, 2000, 15),
    "large": (13, 50000, 20),
}
# Quarters of payout history: three years, but only the last year at the national scale,
# where each quarter bills hundreds of vendor bills.
PAYOUT_QUARTERS = {"small": 12, "medium": 12, "large": 4}
# The generator's "today" (./parcours generate --reference-date; fixed default).
DEFAULT_REFERENCE_DATE = "2026-11-23"
TODAY = date.fromisoformat(os.environ.get("PARCOURS_REFERENCE_DATE") or DEFAULT_REFERENCE_DATE)
FIRST_NAMES = (
    "Léa Lucas Emma Hugo Chloé Louis Inès Jules Manon Nathan Camille Adam Sarah Paul".split()
)
LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre Mercier "
    "Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Garcia Perrin Robin "
    "Clement Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand Duval Denis Dumont "
    "Marie Lemaire Noel Meyer Dufour Meunier Brun Blanchard Giraud Joly Riviere Lucas Brunet "
    "Gaillard Barbier Arnaud Martinez Gerard Roche Renard Schmitt Roy Leroux Colin Vidal "
    "Caron Picard Roger Fabre Aubert Lemoine Renaud Dumas Lacroix Olivier Philippe Bourgeois "
    "Pierre Benoit Rey Leclerc Payet Rolland Leclercq Guillaume Lecomte Lopez Jean Dupuy "
    "Guillot Hubert Berger Carpentier Sanchez Dupont Moulin Louis Deschamps Huet Vasseur "
    "Perez Boucher Fleury Royer Klein Jacquet Adam Paris Poirier Marty Aubry Guyot Carre "
    "Charles Renault Charpentier Menard Maillard Baron Bertin Bailly Herve Schneider "
    "Fernandez Le Collet Leger Bouvier Julien Prevost Millet Perrot Daniel "
).split()
DEPARTMENTS = ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"]
STATES = [  # share of pathways in each state (domain.md: most are included or ended)
    ("requested", 0.10),
    ("eligible", 0.05),
    ("included", 0.55),
    ("suspended", 0.05),
    ("closed", 0.22),
    ("cancelled", 0.03),
]
# The pool of professionals of each organisation; rehab teams add the pulmonologist, the
# physiotherapist or nurse and the dietitian its forfait pays (domain.md §3).
PROFESSIONS = (
    "gp",
    "psychologist",
    "social_worker",
    "physiotherapist",
    "nurse",
    "pulmonologist",
    "dietitian",
)
# Kinds of encounter each profession has (the forfaits count them: a psychologist's
# consultations, a physiotherapist's or nurse's home visits); others any kind.
PROFESSION_KINDS = {
    "psychologist": ("consultation",),
    "social_worker": ("consultation", "phone_call", "home_visit"),
    "physiotherapist": ("home_visit",),
    "nurse": ("home_visit", "phone_call"),
    "dietitian": ("consultation", "video"),
}
REFERRALS = [
    ("gp", 0.45),
    ("specialist", 0.15),
    ("hospital", 0.15),
    ("patient", 0.10),
    ("relative", 0.05),
    ("coordination", 0.07),
    ("other", 0.03),
]


# Referral source per programme (the long-COVID requester is derived from it: patient,
# relative, or professional for every other source).
REFERRALS_BY_PROGRAMME = {
    # domain.md §3: prescribed by the pulmonologist (usual case) or the GP, or via an SMR.
    "REHAB": [("specialist", 0.65), ("gp", 0.2), ("hospital", 0.15)],
    # domain.md §2: mostly patients of the MSMA's GP, or referred by another actor.
    "MSMA": [
        ("gp", 0.6),
        ("coordination", 0.1),
        ("hospital", 0.1),
        ("patient", 0.1),
        ("relative", 0.05),
        ("other", 0.05),
    ],
    # domain.md §4 names who asks the cell (patient / relative / professional) without the
    # figures of its 78 requests: these shares are our assumption, patients mostly asking
    # themselves by phone.
    "COVID": [
        ("patient", 0.55),
        ("relative", 0.1),
        ("gp", 0.22),
        ("specialist", 0.05),
        ("hospital", 0.05),
        ("coordination", 0.03),
    ],
}
# Ages at the request, (lowest, highest, share). Long COVID: the cell's age bands of
# domain.md §4 (0-18, 19-29, 30-49, 50-75, over 75), shares assumed (working-age adults
# first); rehab: adults with COPD (90%), mostly over 50; MSMA: adults.
AGES = {
    "COVID": [
        ((8, 18), 0.04),
        ((19, 29), 0.12),
        ((30, 49), 0.42),
        ((50, 75), 0.38),
        ((76, 90), 0.04),
    ],
    "REHAB": [((40, 49), 0.1), ((50, 64), 0.35), ((65, 75), 0.4), ((76, 88), 0.15)],
    "MSMA": [((18, 29), 0.2), ((30, 49), 0.5), ((50, 70), 0.3)],
    None: [((18, 85), 1.0)],
}
SEX = {"COVID": [("female", 0.65), ("male", 0.35)], None: [("female", 0.5), ("male", 0.5)]}
# domain.md §3: intercurrent events in about 30% of rehab programmes, by kind, 17% severe,
# 37% of them ending the programme (no figures for the other programmes: same rates).
INCIDENT_RATE = 0.3
INCIDENT_SEVERE = 0.17
INCIDENT_ENDING = 0.37
REHAB_INCIDENT_TYPES = [
    ("respiratory", 0.35),
    ("musculoskeletal", 0.17),
    ("motivational", 0.13),
    ("cardiovascular", 0.05),
    ("other", 0.30),
]
# 124 microstructures at the national scale (50,000 pathways), proportional below.
MSMA_PER_PATHWAY = 124 / 50000
# Share of MSMA patients with each good outcome (or problem) at inclusion (our assumption).
MSMA_ITEMS_AT_INCLUSION = {
    "rights_opened": 0.6,
    "housing": 0.7,
    "work_or_school": 0.35,
    "bank_account": 0.8,
    "legal_problems": 0.2,
    "family_contact": 0.65,
    "parental_authority": 0.3,
    "family_problems": 0.35,
    "activities": 0.25,
    "screenings_done": 0.4,
    "treatments_started": 0.3,
    "use_reduced": 0.1,
    "use_stopped": 0.02,
    "smoking_stopped": 0.03,
}
MSMA_PROBLEMS = {"legal_problems", "family_problems"}
MSMA_SUBSTANCES = [
    ("ALCOHOL", 0.55),
    ("TOBACCO", 0.45),
    ("CANNABIS", 0.3),
    ("OPIOIDS", 0.25),
    ("COCAINE", 0.12),
    ("MEDICINES", 0.1),
    ("GAMBLING", 0.04),
]


def pick(rng, weighted):
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def log(message, started):
    print("[%6.1fs] %s" % (time.monotonic() - started, message), flush=True)


def plan_pathway(rng, organisations, programmes, today):
    """Organisation, programme, state and dates of one pathway, before its patient exists."""
    org = organisations[rng.randrange(len(organisations))]
    programme = rng.choice(programmes)
    state = pick(rng, STATES)
    request = today - timedelta(days=rng.randint(30, 3 * 365))
    included = state in ("included", "suspended", "closed")
    inclusion = min(request + timedelta(days=rng.randint(5, 45)), today) if included else False
    end = inclusion + timedelta(days=rng.randint(60, 360)) if state == "closed" else False
    if end and end > today:
        end = today
    return {
        "org": org,
        "programme": programme,
        "state": state,
        "request": request,
        "inclusion": inclusion,
        "end": end,
    }


def birth_date(rng, code, request):
    """A birth date giving an age at the request drawn from the programme's age shares."""
    low, high = pick(rng, AGES.get(code, AGES[None]))
    return request - timedelta(
        days=rng.randint(int(low * 365.25) + 1, int((high + 1) * 365.25) - 2)
    )


def generate(env, scale, seed):
    started = time.monotonic()
    rng = random.Random(seed)
    n_orgs, n_pathways, per_pathway = SCALES[scale]
    env = env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            mail_activity_quick_update=True,
        )
    )
    organisations = env["res.company"].create(
        [
            {"name": "Bench cell %02d (%s)" % (n + 1, DEPARTMENTS[n % len(DEPARTMENTS)])}
            for n in range(n_orgs)
        ]
    )
    if "account.chart.template" in env:
        # Payouts are vendor bills: each organisation needs its accounts and journals.
        for org in organisations:
            env["account.chart.template"].try_loading("generic_coa", org, install_demo=False)
    programmes = env["parcours.programme"].search([("stage_ids", "!=", False)])
    if not programmes:
        raise RuntimeError("no programme with stages: install the programme addons first")
    programmes.write({"company_ids": [Command.link(org.id) for org in organisations]})
    log("%d organisations, programmes %s" % (n_orgs, ", ".join(programmes.mapped("code"))), started)

    professions = {code: env.ref("parcours_base.profession_" + code) for code in PROFESSIONS}
    professionals = {}
    employers = {}
    for org in organisations:
        # The structure employing the salaried psychologists and social workers (a CSAPA).
        employer = employers[org] = env["res.partner"].create(
            {"name": "CSAPA %s" % org.name, "is_company": True, "parcours_structure_type": "csapa"}
        )
        for code, profession in professions.items():
            professionals[org, code] = env["res.partner"].create(
                [
                    {
                        "name": "%s %s (%s)"
                        % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), code),
                        "parcours_profession_id": profession.id,
                        "parcours_employment": employment,
                        "parcours_employer_id": employer.id if employment == "salaried" else False,
                    }
                    for employment in rng.choices(["self_employed", "salaried"], k=8)
                ]
            )
    users = env["res.users"]
    coordinator_groups = env.ref("parcours_base.group_parcours_coordinator") | env.ref(
        "base.group_allow_export"
    )
    for index, org in enumerate(organisations):
        users |= (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": "Bench coordinator %d-%d" % (index, n),
                        "login": "bench_coord_%d_%d" % (index, n),
                        "password": "bench",
                        "company_id": org.id,
                        "company_ids": [Command.set(org.ids)],
                        "groups_id": [Command.set(coordinator_groups.ids)],
                    }
                    for n in range(max(2, 20 // n_orgs + 1))
                ]
            )
        )
        for partner in professionals[org, "gp"][:3] | professionals[org, "psychologist"][:2]:
            env["res.users"].with_context(no_reset_password=True).create(
                {
                    "name": partner.name,
                    "login": "bench_pro_%d" % partner.id,
                    "password": "bench",
                    "partner_id": partner.id,
                    "company_id": org.id,
                    "company_ids": [Command.set(org.ids)],
                    "groups_id": [
                        Command.set([env.ref("parcours_base.group_parcours_professional").id])
                    ],
                }
            )
    log(
        "%d professionals, %d coordinators"
        % (sum(len(p) for p in professionals.values()), len(users)),
        started,
    )

    today = TODAY
    Pathway = env["parcours.pathway"]
    end_reasons = {
        p: p.end_reason_ids[:3] or env["parcours.end.reason"].search([], limit=3)
        for p in programmes
    }
    microstructures = {}
    if "parcours.msma.microstructure" in env:
        # Before the pathways: an MSMA pathway is followed by its microstructure's team.
        microstructures = create_microstructures(
            env, rng, organisations, employers, n_pathways, started
        )
    vertical = VerticalValues(env, rng, microstructures, professionals)
    created = 0
    batch_size = 1000
    pathway_ids = []
    while created < n_pathways:
        size = min(batch_size, n_pathways - created)
        plans = [plan_pathway(rng, organisations, programmes, today) for _n in range(size)]
        patients = env["parcours.patient"].create(
            [
                {
                    "birth_name": "%s-%d"
                    % (rng.choice(LAST_NAMES), seed * 10_000_000 + created + n),
                    "first_names": rng.choice(FIRST_NAMES),
                    "birth_date": birth_date(rng, plan["programme"].code, plan["request"]),
                    "sex": pick(rng, SEX.get(plan["programme"].code, SEX[None])),
                    "zip": "%s%03d" % (rng.choice(DEPARTMENTS), rng.randint(0, 999)),
                    "company_id": plan["org"].id,
                }
                for n, plan in enumerate(plans)
            ]
        )
        values = []
        for plan, patient in zip(plans, patients, strict=True):
            programme, org, state = plan["programme"], plan["org"], plan["state"]
            request, inclusion, end = plan["request"], plan["inclusion"], plan["end"]
            extra = vertical.values(programme.code, org, plan)
            team = extra.pop("team", None) or [
                rng.choice(professionals[org, code])
                for code in ("gp", "psychologist", "social_worker")
            ]
            minor = (request - patient.birth_date).days < 18 * 365.25
            values.append(
                {
                    "patient_id": patient.id,
                    "programme_id": programme.id,
                    "company_id": org.id,
                    "state": state,
                    "referral_source": pick(
                        rng, REFERRALS_BY_PROGRAMME.get(programme.code, REFERRALS)
                    ),
                    "request_date": request,
                    "inclusion_date": inclusion,
                    "end_date": end,
                    "end_reason_id": end_reasons[programme][:1].id if state == "closed" else False,
                    "user_id": rng.choice(
                        users.filtered(lambda u, org=org: u.company_id == org)
                    ).id,
                    "stage_id": programme._first_stage(
                        {
                            "requested": "request",
                            "eligible": "evaluation",
                            "included": "included",
                            "suspended": "included",
                            "closed": "closed",
                            "cancelled": "closed",
                        }[state]
                    ).id
                    or programme.stage_ids[:1].id,
                    "member_ids": [
                        Command.create({"partner_id": partner.id, "date_from": request})
                        for partner in team
                    ],
                    "consent_ids": [
                        Command.create(
                            {
                                "date": inclusion,
                                "covers_evaluation": rng.random() < 0.8,
                                # A minor's consent is given by a legal representative.
                                **(
                                    {
                                        "signatory": "representative",
                                        "representative_name": "%s %s"
                                        % (rng.choice(FIRST_NAMES), patient.birth_name),
                                    }
                                    if minor
                                    else {}
                                ),
                            }
                        )
                    ]
                    if inclusion
                    else [],
                    **extra,
                }
            )
        pathways = Pathway.create(values)
        pathway_ids += pathways.ids
        created += size
        env.cr.commit()
        env.invalidate_all()
        log("%d pathways" % created, started)

    followed = Pathway.browse(pathway_ids).filtered(lambda p: p.inclusion_date)
    kinds = env["parcours.encounter.kind"].search([])
    insert_encounters(env, rng, followed, kinds, per_pathway, started)
    generate_rcps(env, rng, organisations, programmes, followed, started)
    generate_incidents(env, rng, followed, started)
    if microstructures:
        generate_msma_rcps(env, rng, microstructures, followed, started)
    if "parcours.msma.microstructure" in env:
        generate_msma(env, rng, followed, started)
    if "parcours.rehab.assessment" in env:
        generate_rehab(env, rng, organisations, followed, started)
    if "parcours.covid.referral" in env:
        generate_covid(env, rng, organisations, Pathway.browse(pathway_ids), started)
    if "parcours.payout.run" in env:
        generate_payouts(env, organisations, PAYOUT_QUARTERS[scale], started)
    env.cr.commit()
    log("done: %s scale, seed %s" % (scale, seed), started)


def insert_encounters(env, rng, pathways, kinds, per_pathway, started):
    """Encounters in bulk SQL, then the dependent stored fields recomputed by the ORM.

    Each is held by a member of the care team with a kind of its profession, so that the
    forfaits paid per encounter have encounters to count."""
    total = 0
    kinds_of = {
        env.ref("parcours_base.profession_" + code): [
            env.ref("parcours_base.encounter_kind_" + name) for name in names
        ]
        for code, names in PROFESSION_KINDS.items()
    }
    for start in range(0, len(pathways), 2000):
        batch = pathways[start : start + 2000]
        rows = []
        for pathway in batch:
            members = pathway.member_ids
            last = pathway.end_date or TODAY
            span = max(1, (last - pathway.inclusion_date).days)
            for _n in range(rng.randint(per_pathway // 2, per_pathway * 3 // 2)):
                member = rng.choice(members)
                kind = rng.choice(kinds_of.get(member.profession_id) or kinds)
                when = datetime.combine(
                    pathway.inclusion_date + timedelta(days=rng.randint(0, span)),
                    datetime.min.time(),
                ) + timedelta(hours=rng.randint(8, 18))
                rows.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), now(), %s, %s)",
                        pathway.id,
                        pathway.company_id.id,
                        pathway.programme_id.id,
                        member.partner_id.id,
                        member.profession_id.id,
                        member.user_id.id or None,
                        kind.id,
                        kind.default_mode,
                        when,
                        kind.default_duration,
                        "done" if when.date() <= TODAY else "planned",
                        True,
                        env.uid,
                        env.uid,
                    )
                )
        if rows:
            env.cr.execute(
                SQL(
                    "INSERT INTO parcours_encounter (pathway_id, company_id, programme_id, "
                    "partner_id, "
                    "profession_id, user_id, kind_id, mode, start, duration, state, billable, "
                    "create_date, write_date, create_uid, write_uid) VALUES %s",
                    SQL(", ").join(rows),
                )
            )
        total += len(rows)
        env.add_to_compute(env["parcours.pathway"]._fields["last_encounter_date"], batch)
        batch.flush_recordset()
        env.cr.commit()
        env.invalidate_all()
        log("%d encounters" % total, started)


def generate_rcps(env, rng, organisations, programmes, pathways, started):
    today = TODAY
    count = 0
    for org in organisations:
        org_pathways = pathways.filtered(lambda p, org=org: p.company_id == org)
        for quarter in range(12):
            day = today - timedelta(days=91 * quarter)
            sample = org_pathways.filtered(lambda p, day=day: p.inclusion_date <= day)
            if not sample:
                continue
            chosen = rng.sample(list(sample), min(20, len(sample)))
            create_rcp(env, "RCP %s" % day.strftime("%Y-%m"), org, programmes, day, chosen)
            count += 1
    env.cr.commit()
    log("%d RCP meetings" % count, started)


def create_rcp(env, name, org, programmes, day, pathways, attendees=None):
    """A meeting reviewing `pathways` (decision: continue), validated when past, attended
    for 90 minutes by `attendees` or by the care teams of the pathways (it is paid)."""
    past = day < TODAY
    partners = (
        attendees
        or env["parcours.care.team.member"].concat(*(p.member_ids for p in pathways)).partner_id
    )
    return (
        env["parcours.rcp"]
        .with_context(parcours_rcp_lifecycle=True)
        .create(
            {
                "name": name,
                "date": datetime.combine(day, datetime.min.time()) + timedelta(hours=14),
                "company_id": org.id,
                "programme_ids": [Command.set(programmes.ids)],
                "state": "validated" if past else "planned",
                "decision_ids": [
                    Command.create(
                        {
                            "pathway_id": p.id,
                            "decision": "continue",
                            "applied": past,
                            "reason": "Review",
                        }
                    )
                    for p in pathways
                ],
                "attendee_ids": [
                    Command.create(
                        {"partner_id": partner.id, "minutes_attended": 90 if past else 0}
                    )
                    for partner in partners
                ],
            }
        )
    )


def generate_msma_rcps(env, rng, microstructures, pathways, started):
    """domain.md §2: each microstructure's GP, psychologist and social worker meet at least
    once a quarter to review every patient they follow (three years of quarters)."""
    programme = env.ref("parcours_msma.programme_msma")
    msma = pathways.filtered(lambda p: p.programme_id == programme)
    today = TODAY
    count = decisions = 0
    for org, structures in microstructures.items():
        for structure in structures:
            followed = msma.filtered(lambda p, s=structure: p.microstructure_id == s)
            team = structure.gp_ids | structure.psychologist_ids | structure.social_worker_ids
            for quarter in range(1, 13):
                day = today - timedelta(days=91 * quarter - rng.randint(0, 20))
                reviewed = followed.filtered(
                    lambda p, day=day: p.inclusion_date <= day and (p.end_date or day) >= day
                )
                if reviewed:
                    name = "RCP %s %s" % (structure.name, day.strftime("%Y-%m"))
                    create_rcp(env, name, org, programme, day, reviewed, team)
                    count, decisions = count + 1, decisions + len(reviewed)
        env.cr.commit()
    log("%d microstructure RCP meetings, %d decisions" % (count, decisions), started)


class VerticalValues:
    """The programme-specific fields of a pathway, set at its creation (one batched create
    instead of one write per pathway afterwards)."""

    def __init__(self, env, rng, microstructures, professionals):
        self.rng = rng
        self.microstructures = microstructures
        self.professionals = professionals
        if "parcours.msma.substance" in env:
            codes = dict(env["parcours.msma.substance"].search([]).mapped(lambda s: (s.code, s.id)))
            self.substance_ids = {code: codes[code] for code, _share in MSMA_SUBSTANCES}
        if "parcours.covid.orientation" in env:
            self.orientations = env["parcours.covid.orientation"].search([]).ids
            self.axes = env["parcours.covid.axis"].search([]).ids

    def values(self, code, org, plan):
        method = getattr(self, "_" + (code or "").lower(), None)
        return method(org, plan) if method else {}

    def _msma(self, org, plan):
        rng = self.rng
        structure = rng.choice(self.microstructures[org])
        taken = [code for code, share in MSMA_SUBSTANCES if rng.random() < share] or ["ALCOHOL"]
        opioids = "OPIOIDS" in taken
        return {
            # Identified by the MSMA's GP and followed by its psychologist and social worker.
            "microstructure_id": structure.id,
            "team": [
                structure.gp_ids[:1],
                structure.psychologist_ids[:1],
                structure.social_worker_ids[:1],
            ],
            "msma_substance_ids": [Command.set([self.substance_ids[code] for code in taken])],
            "msma_tso": opioids and rng.random() < 0.7,
            "msma_injecting": opioids and rng.random() < 0.3,
            "msma_first_access": rng.random() < 0.35,
            "msma_alcoholic_fibrosis": "ALCOHOL" in taken and rng.random() < 0.1,
            "msma_hcv_status": pick(
                rng, [("unknown", 0.4), ("negative", 0.55), ("positive", 0.05)]
            ),
            "msma_hiv_status": pick(
                rng, [("unknown", 0.4), ("negative", 0.59), ("positive", 0.01)]
            ),
        }

    def _rehab(self, org, plan):
        rng = self.rng
        days_before = rng.choice([0, 0, 0, 4, 7, 12, 20])
        pros = self.professionals
        # domain.md §3: the prescribing pulmonologist and the GP; a physiotherapist or nurse
        # for about 80% of patients; a dietitian and a psychologist for about a third each.
        team = [rng.choice(pros[org, "pulmonologist"]), rng.choice(pros[org, "gp"])]
        if rng.random() < 0.8:
            team.append(rng.choice(pros[org, rng.choice(["physiotherapist", "nurse"])]))
        for code in ("dietitian", "psychologist"):
            if rng.random() < 1 / 3:
                team.append(rng.choice(pros[org, code]))
        return {
            "team": team,
            "rehab_entry_mode": pick(
                rng, [("standard", 0.8), ("smr_short", 0.1), ("smr_reinforcement", 0.1)]
            ),
            "rehab_smoking": pick(
                rng, [("never", 0.1), ("former", 0.6), ("recent_quit", 0.1), ("active", 0.2)]
            ),
            "rehab_bmi": round(rng.gauss(25, 5), 1),
            "rehab_hospital_days_before": days_before,
            "rehab_hospital_stays_before": (days_before + 9) // 10,
            # The 12 months after: known only for programmes ended a year ago.
            **(
                {"rehab_hospital_days_after": max(0, days_before - rng.randint(0, 10))}
                if plan["end"] and plan["end"] <= TODAY - timedelta(days=365)
                else {}
            ),
        }

    def _covid(self, org, plan):
        rng = self.rng
        request = plan["request"]
        oriented = plan["state"] != "requested" and rng.random() < 0.9
        return {
            # Symptoms persisting from 4 weeks up to 3 months, a few beyond (domain.md §4).
            "covid_onset_date": request
            - timedelta(weeks=rng.randint(*pick(rng, [((4, 12), 0.8), ((13, 40), 0.2)]))),
            "covid_channel": pick(rng, [("phone", 0.75), ("email", 0.25)]),
            "covid_complexity": pick(rng, [("simple", 0.7), ("complex", 0.3)]),
            "covid_gp_consulted": rng.random() < 0.7,
            "covid_axis_ids": [Command.set(rng.sample(self.axes, rng.randint(1, 3)))],
            **(
                {
                    "covid_orientation_id": rng.choice(self.orientations),
                    "covid_orientation_date": min(
                        request + timedelta(days=rng.randint(1, 20)), TODAY
                    ),
                }
                if oriented
                else {}
            ),
        }


def generate_incidents(env, rng, pathways, started):
    """Intercurrent events at domain.md's rates, of a type offered in the pathway's programme,
    with the medical director's decision: those of closed pathways ended them."""
    types = env["parcours.incident.type"].search([])
    generic = types.filtered(lambda t: not t.programme_id)
    rehab_types, rehab, rehab_reason = {}, None, None
    if "parcours.rehab.assessment" in env:
        rehab = env.ref("parcours_rehab.programme_rehab")
        rehab_reason = env.ref("parcours_rehab.end_reason_incident")
        rehab_types = {
            env.ref("parcours_rehab.incident_type_" + kind): share
            for kind, share in REHAB_INCIDENT_TYPES
        }
    today = TODAY
    # An incident on a closed pathway is the one that ended it: closed pathways get more of
    # them so that 37% of the incidents end their programme and 30% of pathways have one.
    closed_share = len(pathways.filtered(lambda p: p.state == "closed")) / max(1, len(pathways))
    closed_rate = min(1.0, INCIDENT_ENDING * INCIDENT_RATE / max(closed_share, 0.01))
    open_rate = (INCIDENT_RATE - closed_share * closed_rate) / max(1 - closed_share, 0.01)
    values = []
    for p in pathways:
        last = p.end_date or today
        closed = p.state == "closed"
        if (last - p.inclusion_date).days < 2 or rng.random() >= (
            closed_rate if closed else open_rate
        ):
            continue
        day = (
            last
            if closed
            else p.inclusion_date + timedelta(days=rng.randint(1, (last - p.inclusion_date).days))
        )
        if rehab_types and p.programme_id == rehab:
            type_ = pick(rng, list(rehab_types.items()))
        else:
            own = types.filtered(lambda t, p=p: t.programme_id == p.programme_id)
            type_ = rng.choice(own or generic)
        decided = closed or day < today - timedelta(days=7)
        decision = "interrupt" if closed else ("suspend" if p.state == "suspended" else "continue")
        reason = rehab_reason if p.programme_id == rehab else p.end_reason_id
        values.append(
            {
                "pathway_id": p.id,
                "type_id": type_.id,
                "date": day,
                "severity": "severe"
                if rng.random() < INCIDENT_SEVERE
                else rng.choice(["minor", "moderate"]),
                **(
                    {
                        "decision": decision,
                        "state": "decided",
                        "decided_by_id": env.uid,
                        "decision_date": min(day + timedelta(days=1), today),
                        "end_reason_id": reason.id if closed else False,
                    }
                    if decided
                    else {}
                ),
            }
        )
    incidents = env["parcours.incident"].create(values)
    # Rehab programmes ended by an incident say so (the pathway's end reason).
    ended = incidents.filtered(lambda i: i.decision == "interrupt")
    for reason, group in ended.grouped("end_reason_id").items():
        group.pathway_id.filtered(lambda p, r=reason: p.end_reason_id != r).end_reason_id = reason
    env.cr.commit()
    log(
        "%d incidents (%d severe, %d ending their pathway)"
        % (len(incidents), len(incidents.filtered(lambda i: i.severity == "severe")), len(ended)),
        started,
    )


def create_microstructures(env, rng, organisations, employers, n_pathways, started):
    """About 124 microstructures at national scale, each a GP practice with its own GP,
    psychologist and social worker (employed by the partner CSAPA; a few psychologists
    self-employed) and their weekly session, spread over the organisations."""
    programme = env.ref("parcours_msma.programme_msma")
    count = max(len(organisations), round(MSMA_PER_PATHWAY * n_pathways))
    professions = {
        code: env.ref("parcours_base.profession_" + code).id
        for code in ("gp", "psychologist", "social_worker")
    }
    values = []
    for n in range(count):
        org = organisations[n % len(organisations)]
        # Fictitious practices: the 20 real Occitanie ones ship as the addon's data.
        site, department = "MSP %s" % rng.choice(LAST_NAMES), rng.choice(DEPARTMENTS)
        psychologist_employment = "self_employed" if rng.random() < 0.25 else "salaried"

        def person(code, employment, org=org):
            return Command.create(
                {
                    "name": "%s %s (%s)" % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), code),
                    "parcours_profession_id": professions[code],
                    "parcours_employment": employment,
                    "parcours_employer_id": employers[org].id
                    if employment == "salaried"
                    else False,
                }
            )

        values.append(
            {
                "name": "%s %d" % (site, n + 1),
                "company_id": org.id,
                "programme_id": programme.id,
                "site_type": pick(
                    rng,
                    [
                        ("msp", 0.5),
                        ("group_practice", 0.25),
                        ("solo_practice", 0.15),
                        ("health_centre", 0.1),
                    ],
                ),
                "department": department,
                "structure_id": employers[org].id,
                "gp_ids": [person("gp", "self_employed")],
                "psychologist_ids": [person("psychologist", psychologist_employment)],
                "social_worker_ids": [person("social_worker", "salaried")],
                # Waves since 2017 (domain.md): all before the generated pathways.
                "start_date": date(rng.randint(2017, TODAY.year - 3), rng.randint(1, 12), 1),
            }
        )
    records = env["parcours.msma.microstructure"].create(values)
    # About 3 h a week each (domain.md), morning or afternoon: planned for the next quarter.
    hours = {structure: rng.choice([(9.0, 12.0), (14.0, 17.0)]) for structure in records}
    env["parcours.msma.session"].create(
        [
            {
                "microstructure_id": structure.id,
                "weekday": rng.choice(["mon", "tue", "wed", "thu", "fri"]),
                "hour_from": hours[structure][0],
                "hour_to": hours[structure][1],
                "partner_ids": [
                    Command.set((structure.psychologist_ids | structure.social_worker_ids).ids)
                ],
                "date_from": TODAY,
                "weeks": 13,
            }
            for structure in records
        ]
    )
    env.cr.commit()
    log("%d microstructures with their team and weekly session" % len(records), started)
    return {org: records.filtered(lambda s, org=org: s.company_id == org) for org in organisations}


def generate_msma(env, rng, pathways, started):
    """Yearly periods (renewed on each anniversary while followed), the assessment at
    inclusion and one at each RCP that reviewed the pathway, its items improving over time."""
    programme = env.ref("parcours_msma.programme_msma")
    msma = pathways.filtered(lambda p: p.programme_id == programme)
    periods = []
    for pathway in msma:
        start, last, year = pathway.inclusion_date, pathway.end_date or TODAY, 1
        while start <= last:
            end = start + relativedelta(years=1) - timedelta(days=1)
            periods.append(
                {
                    "pathway_id": pathway.id,
                    "sequence": year,
                    "date_start": start,
                    "date_end": end,
                    "origin": "inclusion" if year == 1 else "renewal",
                }
            )
            start, year = end + timedelta(days=1), year + 1
    # Periods already opened (by an inclusion made through the ORM) are kept.
    known = {(period.pathway_id.id, period.sequence) for period in msma.msma_period_ids}
    periods = [vals for vals in periods if (vals["pathway_id"], vals["sequence"]) not in known]
    env["parcours.msma.period"].create(periods)
    decisions = env["parcours.rcp.decision"].search(
        [("pathway_id", "in", msma.ids), ("rcp_id.state", "=", "validated")]
    )
    reviews = {}
    for decision in decisions:
        reviews.setdefault(decision.pathway_id, []).append(decision.rcp_id)
    assessments = []
    for pathway in msma:
        items = {item: rng.random() < share for item, share in MSMA_ITEMS_AT_INCLUSION.items()}
        assessments.append(
            {
                "pathway_id": pathway.id,
                "date": pathway.inclusion_date,
                "kind": "inclusion",
                "use_intensity": pick(rng, [("high", 0.5), ("moderate", 0.35), ("low", 0.15)]),
                **items,
            }
        )
        for rcp in sorted(reviews.get(pathway, []), key=lambda r: r.date):
            # At each review, one outcome in five not yet reached is reached (a problem goes).
            items = {
                item: (value and rng.random() >= 0.2)
                if item in MSMA_PROBLEMS
                else (value or rng.random() < 0.2)
                for item, value in items.items()
            }
            assessments.append(
                {
                    "pathway_id": pathway.id,
                    "date": rcp.date.date(),
                    "kind": "rcp",
                    "rcp_id": rcp.id,
                    "use_intensity": pick(
                        rng, [("high", 0.3), ("moderate", 0.35), ("low", 0.25), ("none", 0.1)]
                    ),
                    **items,
                }
            )
    env["parcours.msma.assessment"].create(assessments)
    env.cr.commit()
    log(
        "%d MSMA pathways: %d yearly periods, %d assessments"
        % (len(msma), len(periods), len(assessments)),
        started,
    )


def generate_rehab(env, rng, organisations, pathways, started):
    """W0, W6 and W12 measurements (four CRQ domains from 1 to 7, endurance test, W6
    satisfaction) on their dates, and an exercise bike lent for the 12 weeks."""
    programme = env.ref("parcours_rehab.programme_rehab")
    rehab = pathways.filtered(lambda p: p.programme_id == programme)
    today = TODAY
    values = []
    for pathway in rehab:
        last = min(pathway.end_date or today, today)
        crq = {
            domain: rng.uniform(2, 5) for domain in ("dyspnoea", "fatigue", "emotion", "mastery")
        }
        endurance = rng.randint(180, 600)
        # About 60% improve by at least the 0.5 point that counts (significant).
        gain = rng.uniform(0.5, 1.5) if rng.random() < 0.6 else rng.uniform(-0.3, 0.45)
        for kind, week, share in (("w0", 0, 0), ("w6", 6, 0.5), ("w12", 12, 1)):
            day = pathway.inclusion_date + timedelta(weeks=week)
            if day > last:
                break
            values.append(
                {
                    "pathway_id": pathway.id,
                    "kind": kind,
                    "date": day,
                    **{
                        "crq_" + domain: round(min(7, max(1, score + gain * share)), 1)
                        for domain, score in crq.items()
                    },
                    "endurance_seconds": int(endurance * (1 + gain * share * 0.6)),
                    **({"satisfaction": str(rng.randint(6, 10))} if kind == "w6" else {}),
                }
            )
    env["parcours.rehab.assessment"].create(values)
    # Each organisation has as many bikes as patients training at once: a bike goes to the
    # first free one, else a new bike is bought (free_at: the day each bike comes back).
    loans, free_at = [], {org: [] for org in organisations}
    for pathway in rehab.sorted("inclusion_date"):
        start = pathway.inclusion_date
        pickup = pathway._rehab_intervention_end(start) or start + timedelta(weeks=12)
        if pathway.end_date and pathway.end_date < pickup:
            pickup = pathway.end_date  # interrupted: the bike is collected early
        if pickup <= start:
            continue  # ended the day it started: no bike delivered
        bikes = free_at[pathway.company_id]
        index = next((i for i, day in enumerate(bikes) if day <= start), len(bikes))
        bikes[index : index + 1] = [pickup]
        returned = pickup <= today
        loans.append(
            {
                "pathway_id": pathway.id,
                "bike": (pathway.company_id, index),
                "date_start": start,
                "date_planned_pickup": pickup,
                "date_pickup": pickup if returned else False,
                "state": "returned" if returned else "delivered",
            }
        )
    bike_ids = {}
    for org, bikes in free_at.items():
        records = env["parcours.rehab.ergocycle"].create(
            [
                {
                    "name": "ERG-%02d-%04d" % (org.id, n + 1),
                    "model": rng.choice(["Domyos E-Seat", "Kettler Axos", "Monark 828E"]),
                    "low_load": rng.random() < 0.3,
                    "company_id": org.id,
                }
                for n in range(len(bikes))
            ]
        )
        bike_ids.update({(org, n): bike.id for n, bike in enumerate(records)})
    for loan in loans:
        loan["ergocycle_id"] = bike_ids[loan.pop("bike")]
    env["parcours.rehab.ergocycle.loan"].create(loans)
    # A bike out on loan today is marked delivered, as action_deliver leaves it.
    delivered = [loan["ergocycle_id"] for loan in loans if loan["state"] == "delivered"]
    env["parcours.rehab.ergocycle"].browse(delivered).state = "delivered"
    env.cr.commit()
    log(
        "%d rehab pathways: %d measurements, %d bikes, %d loans"
        % (len(rehab), len(values), len(bike_ids), len(loans)),
        started,
    )


def generate_covid(env, rng, organisations, pathways, started):
    """Each cell's resource directory and the referrals of the oriented requests (their
    channel, requester, age, onset and orientation are set when the pathway is created)."""
    programme = env.ref("parcours_covid.programme_covid")
    covid = pathways.filtered(lambda p: p.programme_id == programme)
    axes = env["parcours.covid.axis"].search([])
    resources = env["parcours.covid.resource"]
    for org in organisations:
        resources |= resources.create(
            [
                {
                    "name": "%s %s %s" % (label, rng.choice(LAST_NAMES), department),
                    "kind": kind,
                    "department": department,
                    "company_id": org.id,
                    "axis_ids": [Command.set(rng.sample(axes.ids, rng.randint(1, 3)))],
                }
                for department in rng.sample(DEPARTMENTS, 3)
                for kind, label in (
                    ("mco_centre", "Post-COVID centre"),
                    ("smr_day_hospital", "SMR day hospital"),
                    ("specialist", "Dr"),
                    ("physiotherapist", "Physiotherapy"),
                )
            ]
        )
    referrals = []
    today = TODAY
    for pathway in covid.filtered("covid_orientation_date"):
        if rng.random() < 0.6:
            # A resource of the cell of the kind the orientation calls for, when it has one.
            local = resources.filtered(lambda r, p=pathway: r.company_id == p.company_id)
            kind = pathway.covid_orientation_id.resource_kind
            local = local.filtered(lambda r, kind=kind: r.kind == kind) or local
            sent = pathway.covid_orientation_date
            state = pick(
                rng,
                [("sent", 0.2), ("accepted", 0.2), ("seen", 0.3), ("done", 0.2), ("refused", 0.1)],
            )
            changed = min(sent + timedelta(days=rng.randint(0, 30)), today)
            referrals.append(
                {
                    "pathway_id": pathway.id,
                    "orientation_id": pathway.covid_orientation_id.id,
                    "resource_id": rng.choice(local).id,
                    "date_sent": sent,
                    "state": state,
                    "state_date": changed,
                    "seen_date": changed if state in ("seen", "done") else False,
                }
            )
    env["parcours.covid.referral"].create(referrals)
    env.cr.commit()
    log(
        "%d long-COVID requests, %d resources, %d referrals"
        % (len(covid), len(resources), len(referrals)),
        started,
    )


def generate_payouts(env, organisations, quarters, started):
    """Quarterly payout runs of each organisation and programme with forfait rules, oldest
    first, through the run's own actions: compute (forfait lines), validate (vendor bills)."""
    rules = env["parcours.forfait.rule"].search([])
    today = TODAY
    first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    starts = [first - relativedelta(months=3 * n) for n in range(quarters, 0, -1)]
    runs = env["parcours.payout.run"]
    for start in starts:
        period = {"date_from": start, "date_to": start + relativedelta(months=3, days=-1)}
        for org in organisations:
            for programme in rules.programme_id:
                run = runs.create({"programme_id": programme.id, "company_id": org.id, **period})
                run.action_compute()
                if not run.line_ids:
                    run.unlink()  # no forfait period ended in this quarter
                    continue
                run.action_validate()
                runs |= run
                env.cr.commit()
        log("payout runs of the quarter from %s" % start, started)
    lines = env["parcours.forfait.line"].search_count([("run_id", "in", runs.ids)])
    bills = env["account.move"].search_count([("parcours_payout_run_id", "in", runs.ids)])
    log(
        "%d payout runs over %d quarters (%s to %s): %d forfait lines, %d vendor bills"
        % (len(runs), quarters, starts[0], first - timedelta(days=1), lines, bills),
        started,
    )


generate(env, os.environ["PARCOURS_SCALE"], int(os.environ["PARCOURS_SEED"]))  # noqa: F821
