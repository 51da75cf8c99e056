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
    if "parcours.msma.microstructure" in env:
        generate_msma(env, rng, organisations, professionals, employers, followed, started)
    if "parcours.rehab.assessment" in env:
        generate_rehab(env, rng, organisations, followed, started)
    if "parcours.covid.referral" in env:
        generate_covid(env, rng, organisations, Pathway.browse(pathway_ids), started)
    if "parcours.payout.run" in env:
        generate_payouts(env, organisations, started)
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


def generate_msma(env, rng, organisations, professionals, employers, pathways, started):
    """Microstructures of about 42 patients (domain.md: 124 of them for 7,000 patients a year),
    each MSMA pathway in one, with its yearly periods and an assessment at inclusion."""
    programme = env.ref("parcours_msma.programme_msma")
    msma = pathways.filtered(lambda p: p.programme_id == programme)
    count = 0
    for org in organisations:
        org_pathways = msma.filtered(lambda p, org=org: p.company_id == org)
        if not org_pathways:
            continue
        team = {code: professionals[org, code] for code in ("gp", "psychologist", "social_worker")}
        structures = env["parcours.msma.microstructure"].create(
            [
                {
                    "name": "MSP %s %d" % (rng.choice(LAST_NAMES), n + 1),
                    "company_id": org.id,
                    "programme_id": programme.id,
                    "site_type": pick(
                        rng, [("msp", 0.6), ("group_practice", 0.3), ("health_centre", 0.1)]
                    ),
                    "department": rng.choice(DEPARTMENTS),
                    "structure_id": employers[org].id,
                    "gp_ids": [Command.set(rng.sample(team["gp"].ids, 2))],
                    "psychologist_ids": [Command.set(team["psychologist"][n % 8 : n % 8 + 1].ids)],
                    "social_worker_ids": [
                        Command.set(team["social_worker"][n % 8 : n % 8 + 1].ids)
                    ],
                    "start_date": min(org_pathways.mapped("request_date")),
                }
                for n in range(max(1, len(org_pathways) // 42))
            ]
        )
        for index, structure in enumerate(structures):
            org_pathways[index :: len(structures)].write({"microstructure_id": structure.id})
        count += len(structures)
    periods = []
    for pathway in msma:
        start = pathway.inclusion_date
        last = pathway.end_date or date.today()
        year = 1
        while start <= last:
            periods.append(
                {
                    "pathway_id": pathway.id,
                    "sequence": year,
                    "date_start": start,
                    "date_end": start.replace(year=start.year + 1) - timedelta(days=1)
                    if (start.month, start.day) != (2, 29)
                    else start + timedelta(days=364),
                    "origin": "inclusion" if year == 1 else "renewal",
                }
            )
            start, year = periods[-1]["date_end"] + timedelta(days=1), year + 1
    # Periods the inclusion opened already are kept: only missing years are added.
    known = {(period.pathway_id.id, period.sequence) for period in msma.msma_period_ids}
    env["parcours.msma.period"].create(
        [values for values in periods if (values["pathway_id"], values["sequence"]) not in known]
    )
    env["parcours.msma.assessment"].create(
        [
            {
                "pathway_id": pathway.id,
                "date": pathway.inclusion_date,
                "kind": "inclusion",
                "rights_opened": rng.random() < 0.6,
                "housing": rng.random() < 0.7,
                "family_contact": rng.random() < 0.65,
                "screenings_done": rng.random() < 0.4,
                "use_reduced": rng.random() < 0.35,
                "use_stopped": rng.random() < 0.1,
                "smoking_stopped": rng.random() < 0.08,
            }
            for pathway in msma
            if not pathway.msma_assessment_ids.filtered(lambda a: a.kind == "inclusion")
        ]
    )
    env.cr.commit()
    log(
        "%d microstructures; %d MSMA pathways with their periods and assessments"
        % (count, len(msma)),
        started,
    )


def generate_rehab(env, rng, organisations, pathways, started):
    """W0 and W12 assessments (CRQ 1-7, endurance), and a bike lent to each patient."""
    programme = env.ref("parcours_rehab.programme_rehab")
    rehab = pathways.filtered(lambda p: p.programme_id == programme)
    values = []
    for pathway in rehab:
        crq = rng.uniform(2, 5)
        values.append(
            {
                "pathway_id": pathway.id,
                "kind": "w0",
                "date": pathway.inclusion_date,
                **{"crq_" + domain: round(crq, 1) for domain in ("dyspnoea", "fatigue")},
                "endurance_seconds": rng.randint(180, 600),
            }
        )
        if pathway.end_date:
            # domain.md: most programmes improve; about a third significantly.
            gain = rng.uniform(-0.2, 1.2)
            values.append(
                {
                    "pathway_id": pathway.id,
                    "kind": "w12",
                    "date": pathway.end_date,
                    **{
                        "crq_" + domain: round(min(7, crq + gain), 1)
                        for domain in ("dyspnoea", "fatigue")
                    },
                    "endurance_seconds": rng.randint(240, 900),
                    "satisfaction": rng.randint(6, 10),
                }
            )
    env["parcours.rehab.assessment"].create(values)
    bikes = env["parcours.rehab.ergocycle"]
    for org in organisations:
        bikes |= bikes.create(
            [
                {"name": "ERG-%d-%03d" % (org.id, n), "model": "Domyos", "company_id": org.id}
                for n in range(max(2, len(rehab) // (10 * len(organisations))))
            ]
        )
    loans = []
    busy_until = {}
    for pathway in rehab.sorted("inclusion_date"):
        free = bikes.filtered(
            lambda bike, p=pathway: bike.company_id == p.company_id
            and busy_until.get(bike.id, date.min) < p.inclusion_date
        )
        if not free:
            continue
        bike = free[0]
        # The bike comes back when the programme ends (12 weeks), a day later at the least.
        end = max(
            pathway.end_date or pathway.inclusion_date + timedelta(days=84),
            pathway.inclusion_date + timedelta(days=1),
        )
        busy_until[bike.id] = end
        loans.append(
            {
                "pathway_id": pathway.id,
                "ergocycle_id": bike.id,
                "date_start": pathway.inclusion_date,
                "date_planned_pickup": end,
                "date_pickup": end if end < date.today() else False,
                "state": "returned" if end < date.today() else "delivered",
            }
        )
    env["parcours.rehab.ergocycle.loan"].create(loans)
    env.cr.commit()
    log("%d rehab assessments, %d bikes, %d loans" % (len(values), len(bikes), len(loans)), started)


def generate_covid(env, rng, organisations, pathways, started):
    """Requests as the Paris cell saw them (channel, requester), orientations, referrals."""
    programme = env.ref("parcours_covid.programme_covid")
    covid = pathways.filtered(lambda p: p.programme_id == programme)
    orientations = env["parcours.covid.orientation"].search([])
    resources = env["parcours.covid.resource"]
    for org in organisations:
        resources |= resources.create(
            [
                {
                    "name": "%s %s" % (kind, org.name),
                    "kind": kind,
                    "department": DEPARTMENTS[n],
                    "company_id": org.id,
                }
                for n, kind in enumerate(
                    ("mco_centre", "smr_day_hospital", "specialist", "physiotherapist")
                )
            ]
        )
    for channel, share in (("phone", 0.7), ("email", 0.3)):
        covid.filtered(lambda _p, share=share: rng.random() < share).covid_channel = channel
    referrals = []
    for pathway in covid.filtered("inclusion_date"):
        oriented = pathway.request_date + timedelta(days=rng.randint(1, 15))
        pathway.write(
            {
                "covid_orientation_id": rng.choice(orientations).id,
                "covid_orientation_date": oriented,
            }
        )
        if rng.random() < 0.6:
            local = resources.filtered(lambda r, p=pathway: r.company_id == p.company_id)
            referrals.append(
                {
                    "pathway_id": pathway.id,
                    "resource_id": rng.choice(local).id,
                    "date_sent": oriented,
                    "state": pick(
                        rng,
                        [
                            ("sent", 0.2),
                            ("accepted", 0.2),
                            ("seen", 0.3),
                            ("done", 0.2),
                            ("refused", 0.1),
                        ],
                    ),
                }
            )
    env["parcours.covid.referral"].create(referrals)
    env.cr.commit()
    log("%d long-COVID requests, %d referrals" % (len(covid), len(referrals)), started)


def generate_payouts(env, organisations, started):
    """Last year's payout run of each programme with forfaits, computed, validated and billed."""
    rules = env["parcours.forfait.rule"].search([])
    period = {"date_from": date.today() - timedelta(days=365), "date_to": date.today()}
    runs = env["parcours.payout.run"]
    for org in organisations:
        for programme in rules.programme_id:
            run = runs.create({"programme_id": programme.id, "company_id": org.id, **period})
            run.action_compute()
            if run.line_ids:
                run.action_validate()
            runs |= run
            env.cr.commit()
    lines = env["parcours.forfait.line"].search_count([("run_id", "in", runs.ids)])
    log("%d payout runs, %d forfait lines" % (len(runs), lines), started)


generate(env, os.environ["PARCOURS_SCALE"], int(os.environ["PARCOURS_SEED"]))  # noqa: F821
