"""Fill a Parcours database with realistic, fictitious, reproducible data.

Run inside `odoo shell` by `./parcours generate` (variables: PARCOURS_SCALE, PARCOURS_SEED).
Pathways, patients and care teams go through batched ORM creates (constraints and
computed fields apply); the million encounters of the national scale go through one SQL
insert per batch, after which the stored fields that depend on them are recomputed by the
ORM, so the database ends as the ORM would have left it.
"""

import os
import random
import time
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tools import SQL

SCALES = {
    # organisations, pathways, encounters per followed pathway
    "small": (1, 200, 8),
    "medium": (3, 2000, 15),
    "large": (13, 50000, 20),
}
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
REFERRALS = [
    ("gp", 0.45),
    ("specialist", 0.15),
    ("hospital", 0.15),
    ("patient", 0.10),
    ("relative", 0.05),
    ("coordination", 0.07),
    ("other", 0.03),
]


def pick(rng, weighted):
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def log(message, started):
    print("[%6.1fs] %s" % (time.monotonic() - started, message), flush=True)


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

    professions = {
        code: env.ref("parcours_base.profession_" + code)
        for code in ("gp", "psychologist", "social_worker", "physiotherapist", "nurse")
    }
    professionals = {}
    for org in organisations:
        # The structure employing the salaried psychologists and social workers (a CSAPA).
        employer = env["res.partner"].create(
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

    today = date.today()
    Pathway = env["parcours.pathway"]
    end_reasons = {
        p: p.end_reason_ids[:3] or env["parcours.end.reason"].search([], limit=3)
        for p in programmes
    }
    created = 0
    batch_size = 1000
    pathway_ids = []
    while created < n_pathways:
        size = min(batch_size, n_pathways - created)
        org_of = [organisations[rng.randrange(n_orgs)] for _n in range(size)]
        patients = env["parcours.patient"].create(
            [
                {
                    "birth_name": "%s-%d"
                    % (rng.choice(LAST_NAMES), seed * 10_000_000 + created + n),
                    "first_names": rng.choice(FIRST_NAMES),
                    "birth_date": today - timedelta(days=rng.randint(18 * 365, 85 * 365)),
                    "sex": rng.choice(["female", "male"]),
                    "zip": "%s%03d" % (rng.choice(DEPARTMENTS), rng.randint(0, 999)),
                    "company_id": org_of[n].id,
                }
                for n in range(size)
            ]
        )
        values = []
        for n, patient in enumerate(patients):
            programme = rng.choice(programmes)
            state = pick(rng, STATES)
            request = today - timedelta(days=rng.randint(30, 3 * 365))
            included = state in ("included", "suspended", "closed")
            inclusion = (
                min(request + timedelta(days=rng.randint(5, 45)), today) if included else False
            )
            end = inclusion + timedelta(days=rng.randint(60, 360)) if state == "closed" else False
            if end and end > today:
                end = today
            org = org_of[n]
            team = [
                rng.choice(professionals[org, code])
                for code in ("gp", "psychologist", "social_worker")
            ]
            values.append(
                {
                    "patient_id": patient.id,
                    "programme_id": programme.id,
                    "company_id": org.id,
                    "state": state,
                    "referral_source": pick(rng, REFERRALS),
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
                        Command.create({"date": inclusion, "covers_evaluation": rng.random() < 0.8})
                    ]
                    if inclusion
                    else [],
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
    env.cr.commit()
    log("done: %s scale, seed %s" % (scale, seed), started)


def insert_encounters(env, rng, pathways, kinds, per_pathway, started):
    """Encounters in bulk SQL, then the dependent stored fields recomputed by the ORM."""
    total = 0
    for start in range(0, len(pathways), 2000):
        batch = pathways[start : start + 2000]
        rows = []
        for pathway in batch:
            member = pathway.member_ids[:1]
            last = pathway.end_date or date.today()
            span = max(1, (last - pathway.inclusion_date).days)
            for _n in range(rng.randint(per_pathway // 2, per_pathway * 3 // 2)):
                kind = rng.choice(kinds)
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
                        "done" if when.date() <= date.today() else "planned",
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
    today = date.today()
    count = 0
    for org in organisations:
        org_pathways = pathways.filtered(lambda p, org=org: p.company_id == org)
        for quarter in range(12):
            day = today - timedelta(days=91 * quarter)
            sample = org_pathways.filtered(lambda p, day=day: p.inclusion_date <= day)
            if not sample:
                continue
            chosen = rng.sample(list(sample), min(20, len(sample)))
            env["parcours.rcp"].with_context(parcours_rcp_lifecycle=True).create(
                {
                    "name": "RCP %s" % day.strftime("%Y-%m"),
                    "date": datetime.combine(day, datetime.min.time()) + timedelta(hours=14),
                    "company_id": org.id,
                    "programme_ids": [Command.set(programmes.ids)],
                    "state": "validated" if day < today else "planned",
                    "decision_ids": [
                        Command.create(
                            {
                                "pathway_id": p.id,
                                "decision": "continue",
                                "applied": day < today,
                                "reason": "Review",
                            }
                        )
                        for p in chosen
                    ],
                }
            )
            count += 1
    env.cr.commit()
    log("%d RCP meetings" % count, started)


def generate_incidents(env, rng, pathways, started):
    types = env["parcours.incident.type"].search([])
    # domain.md §3: about 30% of programmes have an intercurrent event, 17% of them severe.
    chosen = pathways.filtered(lambda _p: rng.random() < 0.3)
    env["parcours.incident"].create(
        [
            {
                "pathway_id": p.id,
                "type_id": rng.choice(types).id,
                "date": p.inclusion_date + timedelta(days=rng.randint(1, 60)),
                "severity": "severe" if rng.random() < 0.17 else rng.choice(["minor", "moderate"]),
            }
            for p in chosen
            if p.inclusion_date + timedelta(days=60) <= (p.end_date or date.today())
        ]
    )
    env.cr.commit()
    log("%d incidents" % len(chosen), started)


generate(env, os.environ["PARCOURS_SCALE"], int(os.environ["PARCOURS_SEED"]))  # noqa: F821
