"""Benchmarks on a generated database, each figure beside a reference measured in the same run.

Run inside `odoo shell` by `./parcours bench` (PARCOURS_BENCH_OUTPUT: the JSON file).
Times are server-side wall-clock seconds; queries are SQL statements sent to PostgreSQL.
"""

import io
import json
import os
import platform
import resource
import statistics
import time
from datetime import date, datetime, timedelta

import psycopg2
import xlsxwriter
from lxml import etree

from odoo import Command
from odoo.sql_db import connection_info_for
from odoo.tools import SQL

from odoo.addons.parcours_base.tools.kanban import CARD_SPECIFICATION

RESULTS = []
ONLY = os.environ.get("PARCOURS_BENCH_ONLY", "")  # run only the benchmarks named so


def measure(label, function, reference_label=None, reference=None, savepoint=None, before=None):
    """Time (and count the queries of) `function`, then its reference, in the same run.

    Each is undone afterwards: back to `savepoint` when given, else the whole transaction.
    `before`, when given, is called (untimed) before each.
    """
    if ONLY not in label:
        return
    row = {"benchmark": label, "reference_is": reference_label}
    for key, target in (("measured", function), ("reference", reference)):
        if target is None:
            continue
        if before is not None:
            before()
        env.invalidate_all()  # noqa: F821
        queries = env.cr.sql_log_count  # noqa: F821
        started = time.perf_counter()
        detail = target()
        row[key] = {
            "seconds": round(time.perf_counter() - started, 3),
            "queries": env.cr.sql_log_count - queries,  # noqa: F821
            "detail": detail,
        }
        # Benchmarks never change the database.
        if savepoint is None:
            env.cr.rollback()  # noqa: F821
        else:
            savepoint.rollback()
            env.invalidate_all()  # noqa: F821
    if reference is not None and row["reference"]["seconds"]:
        row["ratio"] = round(row["measured"]["seconds"] / row["reference"]["seconds"], 2)
    RESULTS.append(row)


def form_view_specification(model):
    """What the web client asks `web_read` for when it opens a record of `model` in its form
    view: every field of the view (invisible ones too), many2ones with their name, x2manys
    with the fields of their embedded list (its first 40 rows) or kanban."""
    views = model.get_views([(False, "form")])
    fields_of = {name: info["fields"] for name, info in views["models"].items()}

    def fields_under(node):
        for child in node.iterchildren(tag=etree.Element):
            if child.tag == "field":
                yield child
            else:
                yield from fields_under(child)

    def specification(node, model_name):
        spec = {"display_name": {}}
        for field in fields_under(node):
            name, info = field.get("name"), fields_of[model_name][field.get("name")]
            if info["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                subview = next(field.iterchildren("list", "kanban"), None)
                spec[name] = {
                    "fields": specification(subview, info["relation"])
                    if subview is not None
                    else {"display_name": {}}
                }
                if subview is not None and subview.tag == "list":
                    spec[name]["limit"] = int(subview.get("limit", 40))
            else:
                spec[name] = {}
        return spec

    return specification(etree.fromstring(views["views"]["form"]["arch"]), model._name)


def run(env):
    coordinator = env["res.users"].search([("login", "=like", "bench_coord_0_%")], limit=1)
    pathways = env["parcours.pathway"].with_user(coordinator)
    programme = env["parcours.programme"].search([("code", "=", "MSMA")], limit=1) or env[
        "parcours.programme"
    ].search([("stage_ids", "!=", False)], limit=1)
    kanban = pathways.with_context(default_programme_id=programme.id)
    scope = [("programme_id", "=", programme.id)]

    def load_kanban():
        columns = kanban.web_read_group(scope, ["stage_id"], ["stage_id"])["groups"]
        for column in columns:
            kanban.web_search_read(column["__domain"], CARD_SPECIFICATION, limit=80)
        return {"columns": len(columns)}

    def plain_list_page():
        return {"rows": len(pathways.search_read(scope, ["name"], limit=80))}

    measure(
        "kanban: columns with counts + 80 cards each",
        load_kanban,
        "plain list page of 80 names",
        plain_list_page,
    )

    if "parcours.fhir.api" in env:
        api = env["parcours.fhir.api"].with_user(coordinator)
        columns = ["name", "state", "patient_id", "programme_id", "request_date", "end_date"]
        measure(
            "FHIR: searchset bundle of 1,000 EpisodeOfCare, as JSON",
            lambda: {
                "bytes": len(
                    json.dumps(
                        api._fhir_search("EpisodeOfCare", {"_count": ["1000"]}, "http://b/fhir/R4")
                    )
                )
            },
            "search_read of the same 1,000 pathways (6 fields)",
            lambda: {"rows": len(pathways.search_read([], columns, limit=1000, order="id"))},
        )

    sample = pathways.search([*scope, ("state", "=", "included")], limit=1)
    form = {
        name: {} for name in ("name", "state", "request_date", "inclusion_date", "planned_end_date")
    }
    form.update(
        {
            "patient_id": {"fields": {"display_name": {}}},
            "member_ids": {
                "fields": {"partner_id": {"fields": {"display_name": {}}}, "date_from": {}}
            },
            "encounter_count": {},
        }
    )
    measure(
        "pathway form with its timeline",
        lambda: {"chars": len(sample.web_read({**form, "timeline_html": {}})[0]["timeline_html"])},
        "the same form without the timeline",
        lambda: {"fields": len(sample.web_read(form)[0])},
    )

    # The access log's cost: the same work with the log and with it switched off (the flag
    # the kanban's cards use), in one run. Each opening is a request of its own: its rows
    # are written when it commits (the cursor's flush runs the precommit hooks).
    openings = pathways.search(scope, limit=40)

    def without_log(function):
        def run():
            listing = env.cr.cache.setdefault("parcours_access_log_listing", [])
            listing.append(True)
            try:
                return function()
            finally:
                listing.pop()

        return run

    def open_forms(specification=form, model=pathways):
        # As separate requests: one record at a time (no prefetch across), a cold cache.
        for pathway_id in openings.ids:
            model.browse(pathway_id).web_read(specification)
            env.cr.flush()
            env.invalidate_all()
        return {"openings": len(openings)}

    # The same openings as the web client asks for them: every field of the form view, files
    # as their size (the client's `bin_size`).
    view_form = form_view_specification(pathways)

    def open_view_forms():
        return dict(
            open_forms(view_form, pathways.with_context(bin_size=True)), fields=len(view_form)
        )

    def measure_alternating(label, function, reference_label, reference, rounds=7):
        """As measure(), `rounds` times, log on first then off first in turn (neither
        profits from the other's warm caches): the median of each, their ratio."""
        if ONLY not in label:
            return
        runs, queries, details = {"measured": [], "reference": []}, {}, {}
        for number in range(rounds):
            pair = [("measured", function), ("reference", reference)]
            for key, target in pair if number % 2 == 0 else pair[::-1]:
                env.invalidate_all()
                before = env.cr.sql_log_count
                started = time.perf_counter()
                details[key] = target()
                runs[key].append(time.perf_counter() - started)
                queries[key] = env.cr.sql_log_count - before
                env.cr.rollback()
        row = {"benchmark": label, "reference_is": reference_label, "rounds": rounds}
        for key, seconds in runs.items():
            row[key] = {
                "seconds": round(statistics.median(seconds), 3),
                "queries": queries[key],
                "detail": details[key],
                "runs": [round(value, 3) for value in seconds],
            }
        if row["reference"]["seconds"]:
            row["ratio"] = round(row["measured"]["seconds"] / row["reference"]["seconds"], 2)
        RESULTS.append(row)

    # Warm both ways first (registry caches, prepared plans): neither is measured cold.
    if "access log" in ONLY or not ONLY:
        open_forms()
        open_view_forms()
        without_log(load_kanban)()
        env.cr.rollback()
        env.invalidate_all()
    measure_alternating(
        "access log: 40 pathway form openings, logged",
        open_forms,
        "the same openings without the log",
        without_log(open_forms),
    )
    measure_alternating(
        "access log: 40 openings with the form view's fields, logged",
        open_view_forms,
        "the same openings without the log",
        without_log(open_view_forms),
    )
    measure_alternating(
        "access log: kanban, log on",
        load_kanban,
        "the same kanban without the log",
        without_log(load_kanban),
    )

    def agenda():
        rcp = (
            env["parcours.rcp"]
            .with_user(coordinator)
            .create(
                {
                    "name": "Bench RCP",
                    "company_id": coordinator.company_id.id,
                    "programme_ids": [Command.set(env["parcours.programme"].search([]).ids)],
                }
            )
        )
        rcp.action_propose_agenda()
        return {"agenda": len(rcp.decision_ids)}

    measure(
        "RCP agenda proposal for a quarter",
        agenda,
        "counting the included pathways",
        lambda: {"included": pathways.search_count([("state", "=", "included")])},
    )

    indicators = env["parcours.indicator"].search([])
    report = (
        env["parcours.report"]
        .with_user(coordinator)
        .create(
            {
                "name": "Bench",
                "programme_ids": [Command.set(env["parcours.programme"].search([]).ids)],
                "period": "year",
                "date_from": date.today() - timedelta(days=365),
                "indicator_ids": [Command.set(indicators.ids)],
                "breakdown": "month",
            }
        )
    )
    rows = pathways.search([("request_date", ">=", report.date_from)])

    def native_export():
        data = rows.export_data(
            [
                "name",
                "programme_id",
                "state",
                "request_date",
                "inclusion_date",
                "referral_source",
                "end_date",
            ]
        )["datas"]
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet()
        for r, line in enumerate(data):
            for c, value in enumerate(line):
                sheet.write(r, c, value)
        book.close()
        return {"rows": len(data)}

    measure(
        "indicator report (%d indicators, by month) + xlsx workbook" % len(indicators),
        lambda: {"bytes": len(report._workbook())},
        "Odoo's export_data of the period's pathways + xlsxwriter",
        native_export,
    )

    evaluation = (
        env["parcours.evaluation.export"]
        .sudo()
        .create(
            {
                "programme_ids": [Command.set(env["parcours.programme"].search([]).ids)],
                "date_from": date.today() - timedelta(days=3 * 365),
                "date_to": date.today(),
            }
        )
    )
    everything = env["parcours.pathway"].sudo().search([("inclusion_date", "!=", False)])
    measure(
        "evaluation export (pseudonymised xlsx)",
        lambda: {"rows": evaluation._build_workbook(evaluation._evaluable_pathways())[1]},
        "export_data of the included pathways (7 fields)",
        lambda: {
            "rows": len(
                everything.export_data(
                    [
                        "name",
                        "programme_id",
                        "state",
                        "request_date",
                        "inclusion_date",
                        "end_date",
                        "referral_source",
                    ]
                )["datas"]
            )
        },
    )

    with_billing = "parcours.payout.run" in env and "parcours.msma.microstructure" in env
    if with_billing and ONLY in "payout run" and not os.environ.get("PARCOURS_BENCH_SKIP_PAYOUT"):
        measure_payout(env, int(os.environ.get("PARCOURS_PAYOUT_PATHWAYS", "10000")))


def payout_fixture(env, count):
    """An MSMA organisation of `count` patients whose yearly forfait falls due this year.

    As in domain.md, a microstructure's team (a self-employed GP, a psychologist, a social
    worker employed by a CSAPA) follows about 42 patients and meets once in a validated RCP;
    a quarter of the psychologists are salaried, so their employer is paid instead.
    Built with batched ORM creates (not timed); the caller rolls it back.
    """
    company = env["res.company"].create({"name": "Bench payout organisation"})
    env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    programme = env.ref("parcours_msma.programme_msma")
    programme.company_ids = [Command.link(company.id)]
    today = date.today()
    n_teams = max(1, count // 42)
    employers = env["res.partner"].create(
        [
            {"name": "Bench CSAPA %d" % n, "is_company": True, "parcours_structure_type": "csapa"}
            for n in range(max(1, n_teams // 10))
        ]
    )

    def professionals(code, salaried_every=0):
        return env["res.partner"].create(
            [
                {
                    "name": "Bench %s %d" % (code, n),
                    "parcours_profession_id": env.ref("parcours_base.profession_" + code).id,
                    "parcours_employment": "salaried" if salaried else "self_employed",
                    "parcours_employer_id": salaried and employers[n % len(employers)].id,
                }
                for n in range(n_teams)
                for salaried in [salaried_every and n % salaried_every == 0]
            ]
        )

    teams = list(
        zip(
            professionals("gp"),
            professionals("psychologist", salaried_every=4),
            professionals("social_worker", salaried_every=1),
            strict=True,
        )
    )
    env["parcours.rcp"].with_context(parcours_rcp_lifecycle=True).create(
        [
            {
                "name": "Bench RCP %d" % n,
                "date": datetime.combine(today - timedelta(days=100), datetime.min.time()),
                "company_id": company.id,
                "programme_ids": [Command.set(programme.ids)],
                "state": "validated",
                "attendee_ids": [
                    Command.create(
                        {"partner_id": member.id, "attendance": "present", "minutes_attended": 90}
                    )
                    for member in team
                ],
            }
            for n, team in enumerate(teams)
        ]
    )
    consultation = env.ref("parcours_base.encounter_kind_consultation")
    # The first patients (every number of visits, 12 teams) go through the ORM; the others
    # are copies of them in bulk SQL: the ORM's care-team hooks (followers, activities)
    # would take over an hour at 50,000 patients, and the payout reads none of it.
    exemplars = min(count, 7 * 12)
    pathways = payout_pathways(env, company, programme, teams, consultation, exemplars)
    if count > exemplars:
        clone_pathways(env, pathways, teams, count)
    env.invalidate_all()
    return programme, company


def payout_inclusion(today, n):
    """Included last year: the first yearly period ends during the run's year."""
    return today - timedelta(days=400 + n % 300)


def payout_pathways(env, company, programme, teams, consultation, count):
    """Patients 0..count-1 with their pathway, care team, consent and n % 7 visits (ORM)."""
    today = date.today()
    patients = env["parcours.patient"].create(
        [
            {
                "birth_name": "Payout-%d" % n,
                "first_names": "Bench",
                "birth_date": date(1970 + n % 40, 1 + n % 12, 1 + n % 28),
                "company_id": company.id,
            }
            for n in range(count)
        ]
    )
    inclusion = {n: payout_inclusion(today, n) for n in range(count)}
    pathways = env["parcours.pathway"].create(
        [
            {
                "patient_id": patient.id,
                "programme_id": programme.id,
                "company_id": company.id,
                "state": "included",
                "stage_id": programme._first_stage("included").id,
                "request_date": inclusion[n] - timedelta(days=20),
                "inclusion_date": inclusion[n],
                "member_ids": [
                    Command.create({"partner_id": member.id, "date_from": inclusion[n]})
                    for member in teams[n % len(teams)]
                ],
                "consent_ids": [Command.create({"date": inclusion[n]})],
            }
            for n, patient in enumerate(patients)
        ]
    )
    env["parcours.encounter"].create(
        [
            {
                "pathway_id": pathway.id,
                "partner_id": teams[n % len(teams)][1].id,
                "kind_id": consultation.id,
                "start": datetime.combine(
                    pathway.inclusion_date + timedelta(days=30 * (visit + 1)),
                    datetime.min.time(),
                )
                + timedelta(hours=10),
                "state": "done",
            }
            for n, pathway in enumerate(pathways)
            for visit in range(n % 7)
        ]
    )
    env.flush_all()
    return pathways


def clone_pathways(env, exemplars, teams, count):
    """Patients len(exemplars)..count-1 as SQL copies of the exemplar with the same n % 7.

    Each copy keeps its exemplar's columns (the ORM's values) except its names, dates,
    pathway links and team members, set as payout_pathways sets them; its visits are the
    exemplar's, moved by the difference of inclusion dates.
    """
    today = date.today()
    size = len(exemplars)
    pathway_of = exemplars.ids
    patient_of = exemplars.patient_id.ids
    role = {member.id: index for team in teams for index, member in enumerate(team)}

    def rows_of(table, columns):
        env.cr.execute(
            SQL(
                "SELECT %s FROM %s WHERE pathway_id = ANY(%s) ORDER BY id",
                SQL(", ").join(SQL.identifier(column) for column in ["id", "pathway_id", *columns]),
                SQL.identifier(table),
                pathway_of,
            )
        )
        rows = {}
        for row in env.cr.fetchall():
            rows.setdefault(row[1], []).append(row)
        return rows

    members = rows_of("parcours_care_team_member", ["partner_id"])
    consents = rows_of("parcours_consent", [])
    encounters = rows_of("parcours_encounter", ["start"])
    for first in range(size, count, 10000):
        numbers = range(first, min(first + 10000, count))
        patient_ids = next_ids(env, "parcours_patient", len(numbers))
        pathway_ids = next_ids(env, "parcours_pathway", len(numbers))
        inclusion = [payout_inclusion(today, n) for n in numbers]
        birth = [date(1970 + n % 40, 1 + n % 12, 1 + n % 28) for n in numbers]
        copy_rows(
            env,
            "parcours_patient",
            patient_ids,
            [patient_of[n % size] for n in numbers],
            {
                "birth_name": ("varchar", ["Payout-%d" % n for n in numbers]),
                "birth_date": ("date", birth),
                "identity_key": (
                    "varchar",
                    [
                        "PAYOUT %d|BENCH|%s|" % (n, day)
                        for n, day in zip(numbers, birth, strict=True)
                    ],
                ),
            },
        )
        copy_rows(
            env,
            "parcours_pathway",
            pathway_ids,
            [pathway_of[n % size] for n in numbers],
            {
                "patient_id": ("int4", patient_ids),
                "name": ("varchar", ["BENCH-%d" % pathway_id for pathway_id in pathway_ids]),
                "request_date": ("date", [day - timedelta(days=20) for day in inclusion]),
                "inclusion_date": ("date", inclusion),
            },
        )
        member_rows = [
            (row[0], pathway_id, teams[n % len(teams)][role[row[2]]].id, day)
            for n, pathway_id, day in zip(numbers, pathway_ids, inclusion, strict=True)
            for row in members[pathway_of[n % size]]
        ]
        copy_rows(
            env,
            "parcours_care_team_member",
            next_ids(env, "parcours_care_team_member", len(member_rows)),
            [row[0] for row in member_rows],
            {
                "pathway_id": ("int4", [row[1] for row in member_rows]),
                "partner_id": ("int4", [row[2] for row in member_rows]),
                "date_from": ("date", [row[3] for row in member_rows]),
            },
        )
        consent_rows = [
            (row[0], pathway_id, day)
            for n, pathway_id, day in zip(numbers, pathway_ids, inclusion, strict=True)
            for row in consents[pathway_of[n % size]]
        ]
        copy_rows(
            env,
            "parcours_consent",
            next_ids(env, "parcours_consent", len(consent_rows)),
            [row[0] for row in consent_rows],
            {
                "pathway_id": ("int4", [row[1] for row in consent_rows]),
                "date": ("date", [row[2] for row in consent_rows]),
            },
        )
        encounter_rows = [
            (
                row[0],
                pathway_id,
                teams[n % len(teams)][1].id,
                row[2] + (day - payout_inclusion(today, n % size)),
            )
            for n, pathway_id, day in zip(numbers, pathway_ids, inclusion, strict=True)
            for row in encounters.get(pathway_of[n % size], [])
        ]
        copy_rows(
            env,
            "parcours_encounter",
            next_ids(env, "parcours_encounter", len(encounter_rows)),
            [row[0] for row in encounter_rows],
            {
                "pathway_id": ("int4", [row[1] for row in encounter_rows]),
                "partner_id": ("int4", [row[2] for row in encounter_rows]),
                "start": ("timestamp", [row[3] for row in encounter_rows]),
                "calendar_event_id": ("int4", [None] * len(encounter_rows)),
                "step_id": ("int4", [None] * len(encounter_rows)),
            },
        )


def next_ids(env, table, count):
    env.cr.execute(
        SQL("SELECT nextval(%s) FROM generate_series(1, %s)", "%s_id_seq" % table, count)
    )
    return [row[0] for row in env.cr.fetchall()]


def copy_rows(env, table, ids, source_ids, values):
    """Insert rows `ids` of `table`, each a copy of a source row with `values` replaced.

    `values`: {column: (SQL type, [one value per row])}.
    """
    if not ids:
        return
    env.cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s AND column_name != 'id' "
            "ORDER BY ordinal_position",
            table,
        )
    )
    columns = [row[0] for row in env.cr.fetchall()]
    names = list(values)
    # Statistics of the rows inserted so far: without them the planner scans the whole
    # table for each copy.
    env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (id, %(columns)s)
            SELECT new.id, %(select)s
              FROM unnest(%(ids)s::int4[], %(sources)s::int4[], %(arrays)s)
                   AS new(id, source_id, %(names)s)
              JOIN %(table)s source ON source.id = new.source_id
            """,
            table=SQL.identifier(table),
            columns=SQL(", ").join(SQL.identifier(column) for column in columns),
            select=SQL(", ").join(
                SQL.identifier("new" if column in values else "source", column)
                for column in columns
            ),
            ids=ids,
            sources=source_ids,
            arrays=SQL(", ").join(
                SQL("%s::%s[]", values[name][1], SQL(values[name][0])) for name in names
            ),
            names=SQL(", ").join(SQL.identifier(name) for name in names),
        )
    )


def vacuum(env):
    """VACUUM ANALYZE the database, as autovacuum would between a user's runs.

    A run rolled back leaves hundreds of thousands of dead rows and index entries behind:
    the next run would pay for them (each unique check visits the dead entries of its key).
    """
    _name, info = connection_info_for(env.cr.dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True  # VACUUM cannot run inside a transaction
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def measure_payout(env, count):
    """A payout run for `count` MSMA patients, beside creating the same bills directly.

    With PARCOURS_BENCH_COMMIT=1 (a throwaway copy of the database, made by `./parcours
    bench`), the fixture is committed and each step of the background run commits, as the
    web requests and the cron jobs of a user's run do; otherwise all is rolled back.
    """
    commit = os.environ.get("PARCOURS_BENCH_COMMIT") == "1"
    started = time.perf_counter()
    before_fixture = None if commit else env.cr.savepoint()
    programme, company = payout_fixture(env, count)
    # Planner statistics as autovacuum would leave them on a database in use.
    env.cr.execute(SQL("ANALYZE"))
    if commit:
        env.cr.commit()
    with_fixture = None if commit else env.cr.savepoint()
    print("payout fixture: %d pathways in %.0f s" % (count, time.perf_counter() - started))
    period = {"date_from": date.today() - timedelta(days=365), "date_to": date.today()}

    def payout():
        run = env["parcours.payout.run"].create(
            {"programme_id": programme.id, "company_id": company.id, **period}
        )
        run.action_compute()
        run.action_validate()
        return {"lines": len(run.line_ids), "bills": len(run.move_ids)}

    # The bills the run makes, captured once, then created again directly as the reference.
    with env.cr.savepoint() as capture:
        payout()
        bills = [
            {
                "move_type": move.move_type,
                "partner_id": move.partner_id.id,
                "company_id": move.company_id.id,
                "invoice_date": move.invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": line.name,
                            "quantity": 1,
                            "price_unit": line.price_unit,
                            "account_id": line.account_id.id,
                            "analytic_distribution": line.analytic_distribution,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for line in move.invoice_line_ids
                ],
            }
            for move in env["account.move"].search([("company_id", "=", company.id)])
        ]
        capture.rollback()
    env.invalidate_all()

    def clear_dead_rows():
        # Each measure starts without the dead rows of the one before (rolled back), out of
        # any transaction that would keep them visible.
        env.cr.rollback()
        vacuum(env)

    def direct():
        moves = env["account.move"].create(bills)
        moves.action_post()
        return {"bills": len(moves), "bill lines": len(moves.invoice_line_ids)}

    measure(
        "payout run: %d MSMA patients, a year (compute + validate + bills)" % count,
        payout,
        "one batched account.move.create of the same bills",
        direct,
        savepoint=with_fixture,
        before=clear_dead_rows if commit else None,
    )

    def payout_job():
        """The same run as background jobs: queued, then run by the cron's own method.

        Each request and each job is a transaction of its own when committing.
        """
        Run = env["parcours.payout.run"]
        run = Run.create({"programme_id": programme.id, "company_id": company.id, **period})
        for step in (
            run.action_compute_later,
            Run._cron_run_jobs,
            run.action_validate_later,
            Run._cron_run_jobs,
        ):
            step()
            if commit:
                env.cr.commit()
        if run.state != "done":
            raise RuntimeError("the background payout failed: %s" % run.job_error)
        return {
            "lines": len(run.line_ids),
            "bills": len(run.move_ids),
            # High-water mark of this process (the worker running the jobs), fixture included.
            "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }

    measure(
        "payout run as background jobs: %d MSMA patients (cron compute + validate)" % count,
        payout_job,
        "one batched account.move.create of the same bills",
        direct,
        savepoint=with_fixture,
        before=clear_dead_rows if commit else None,
    )
    if not commit:
        with_fixture.close(rollback=True)
        before_fixture.close(rollback=True)


def run_directory(env, lines=1000000):
    """Import an RPPS extraction of `lines` activity lines, then the same file again.

    Opt-in (`./parcours bench --only directory`): the file is made from the fictitious
    sample of parcours_directory, each line repeated with other numbers.
    """
    if "directory" not in ONLY or "parcours.directory.import" not in env:
        return
    import tempfile

    from odoo.tools.misc import file_path

    sample = file_path("parcours_directory/data/samples/PS_LibreAcces_Personne_activite_sample.txt")
    with open(sample, encoding="utf-8") as handle:
        header, *templates = [line for line in handle.read().splitlines() if line]
    Import = env["parcours.directory.import"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as extraction:
        extraction.write(header + "\n")
        for number in range(lines):
            fields = templates[number % len(templates)].split("|")
            identifier = "%011d" % (30000000000 + number)
            fields[1], fields[2] = identifier, fields[0] + identifier
            fields[7] = "%s-%d" % (fields[7], number)
            extraction.write("|".join(fields) + "\n")
        extraction.flush()

        def import_twice():
            detail = {}
            for label in ("first", "again"):
                started = time.perf_counter()
                with open(extraction.name, "rb") as handle:
                    log = Import._import_file("rpps", handle, "bench.txt")
                detail[label] = {
                    "seconds": round(time.perf_counter() - started, 1),
                    "created": log.created_count,
                    "updated": log.updated_count,
                }
            return detail

        measure("directory: import %d RPPS lines, then the same file again" % lines, import_twice)


if "directory" not in ONLY:
    run(env)  # noqa: F821
run_directory(env)  # noqa: F821
machine = "%s, %s cores, Python %s" % (
    platform.platform(),
    os.cpu_count(),
    platform.python_version(),
)
counts = {
    "pathways": env["parcours.pathway"].search_count([]),  # noqa: F821
    "encounters": env["parcours.encounter"].search_count([]),  # noqa: F821
}
print("\nMachine: %s\nData: %s\n" % (machine, counts))
print("%-62s %9s %8s %9s %8s %6s" % ("benchmark", "seconds", "queries", "ref s", "ref q", "ratio"))
for row in RESULTS:
    if "note" in row:
        print("%-62s %s" % (row["benchmark"], row["note"]))
        continue
    measured, reference = row.get("measured", {}), row.get("reference", {})
    print(
        "%-62s %9s %8s %9s %8s %6s"
        % (
            row["benchmark"][:62],
            measured.get("seconds", ""),
            measured.get("queries", ""),
            reference.get("seconds", ""),
            reference.get("queries", ""),
            row.get("ratio", ""),
        )
    )
with open(os.environ["PARCOURS_BENCH_OUTPUT"], "w", encoding="utf-8") as handle:
    json.dump(
        {"machine": machine, "data": counts, "results": RESULTS}, handle, indent=2, default=str
    )
