"""Benchmarks on a generated database, each figure beside a reference measured in the same run.

Run inside `odoo shell` by `./parcours bench` (PARCOURS_BENCH_OUTPUT: the JSON file).
Times are server-side wall-clock seconds; queries are SQL statements sent to PostgreSQL.
"""

import io
import json
import os
import platform
import time
from datetime import date, timedelta

import xlsxwriter

from odoo import Command

from odoo.addons.parcours_base.tests.test_performance import CARD_SPECIFICATION

RESULTS = []


def measure(label, function, reference_label=None, reference=None):
    """Time (and count the queries of) `function`, then its reference, in the same run."""
    row = {"benchmark": label, "reference_is": reference_label}
    for key, target in (("measured", function), ("reference", reference)):
        if target is None:
            continue
        env.invalidate_all()  # noqa: F821
        queries = env.cr.sql_log_count  # noqa: F821
        started = time.perf_counter()
        detail = target()
        row[key] = {
            "seconds": round(time.perf_counter() - started, 3),
            "queries": env.cr.sql_log_count - queries,  # noqa: F821
            "detail": detail,
        }
        env.cr.rollback()  # noqa: F821  (benchmarks never change the database)
    if reference is not None and row["reference"]["seconds"]:
        row["ratio"] = round(row["measured"]["seconds"] / row["reference"]["seconds"], 2)
    RESULTS.append(row)


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

    if "parcours.payout.run" in env:
        measure_payout(env)


def measure_payout(env):
    """A payout run for a year of MSMA forfaits, beside creating the same bills directly."""
    programme = env["parcours.programme"].search([("code", "=", "MSMA")], limit=1)
    company = (
        env["parcours.pathway"].search([("programme_id", "=", programme.id)], limit=1).company_id
    )
    period = {"date_from": date.today() - timedelta(days=365), "date_to": date.today()}

    def payout():
        run = env["parcours.payout.run"].create(
            {"programme_id": programme.id, "company_id": company.id, **period}
        )
        run.action_compute()
        run.action_validate()
        return {"lines": len(run.line_ids), "bills": len(run.move_ids)}

    # The bills the run makes, captured once, then created again directly as the reference.
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
                        "tax_ids": [Command.clear()],
                    }
                )
                for line in move.invoice_line_ids
            ],
        }
        for move in env["account.move"].search([("parcours_payout_run_id", "!=", False)])
    ]
    env.cr.rollback()
    if not bills:
        # The generator does not make billing periods for the verticals yet.
        RESULTS.append({"benchmark": "payout run", "note": "no forfait to pay in this data"})
        return

    def direct():
        moves = env["account.move"].create(bills)
        moves.action_post()
        return {"bills": len(moves)}

    measure(
        "payout run: a year of MSMA forfaits (compute + validate + bills)",
        payout,
        "one batched account.move.create of the same bills",
        direct,
    )


run(env)  # noqa: F821
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
