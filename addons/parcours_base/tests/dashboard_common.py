"""Checks shared by the tests of the shipped spreadsheet dashboards.

A dashboard is a JSON spreadsheet whose pivots and charts query the ORM from the browser; a
renamed field or a wrong domain only shows up there as an error cell. These helpers run every
data source of a dashboard server-side, as the given user, the way the spreadsheet would.
"""

import json
import re
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.osv import expression

# Days covered by each relative period of a date filter (spreadsheet/global_filters/helpers.js).
RELATIVE_PERIOD_DAYS = {
    "last_week": 7,
    "last_month": 30,
    "last_three_months": 90,
    "last_six_months": 180,
    "last_year": 365,
    "last_three_years": 3 * 365,
}
FORMULA_RE = re.compile(r"PIVOT\.(VALUE|HEADER)\(([^()]*)\)")


def dashboard_url(dashboard):
    """The Dashboards app opened on `dashboard`, for the shared `parcours_dashboard_tour`."""
    return "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action?dashboard_id=%d" % (
        dashboard.id
    )


class DashboardCheckMixin:
    """Assertions on a `spreadsheet.dashboard` record; mix into a TransactionCase."""

    def dashboard_data(self, dashboard):
        return json.loads(dashboard.spreadsheet_data)

    def dashboard_sources(self, data):
        """(name, model, domain, aggregates, groupby, field matching) of each data source."""
        for pivot in data["pivots"].values():
            aggregates = [
                "%s:%s" % (measure["fieldName"], measure["aggregator"])
                for measure in pivot["measures"]
                if measure["fieldName"] != "__count"
            ]
            groupby = [
                ":".join(filter(None, (dimension["fieldName"], dimension.get("granularity"))))
                for dimension in pivot["rows"] + pivot["columns"]
            ]
            yield (
                pivot["name"],
                pivot["model"],
                pivot["domain"],
                aggregates,
                groupby,
                pivot["fieldMatching"],
            )
        for list_ in data["lists"].values():
            yield list_["name"], list_["model"], list_["domain"], [], [], list_["fieldMatching"]
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                if not chart["type"].startswith("odoo_"):
                    continue
                meta = chart["metaData"]
                aggregates = [] if meta["measure"] == "__count" else [meta["measure"]]
                yield (
                    figure["id"],
                    meta["resModel"],
                    chart["searchParams"]["domain"],
                    aggregates,
                    meta["groupBy"],
                    chart["fieldMatching"],
                )

    def resolve_chain(self, model, chain):
        """The field a dotted field chain ends on, failing the test if a link is missing."""
        field = None
        for name in chain.split("."):
            if field is not None:
                model = self.env[field.comodel_name]
            self.assertIn(name, model._fields, "%s has no field %s" % (model._name, name))
            field = model._fields[name]
        return field

    def filter_domain(self, data, model, matching, relations=True):
        """The domain the date filter's default value adds to a data source.

        With `relations`, each relational filter is also given a value, so that its field
        chain is evaluated too.
        """
        filters = {item["id"]: item for item in data["globalFilters"]}
        today = fields.Date.context_today(self.env.user)
        domain = []
        for filter_id, match in matching.items():
            self.assertIn(filter_id, filters, "field matching of an unknown filter")
            global_filter = filters[filter_id]
            field = self.resolve_chain(self.env[model], match["chain"])
            self.assertEqual(field.type, match["type"], match["chain"])
            if global_filter["type"] == "date":
                days = RELATIVE_PERIOD_DAYS[global_filter["defaultValue"]]
                shift = timedelta(days=days * match.get("offset", 0))
                start, end = today - timedelta(days=days - 1) + shift, today + shift
                if field.type == "datetime":
                    start, end = datetime.combine(start, time.min), datetime.combine(end, time.max)
                domain.append([(match["chain"], ">=", start), (match["chain"], "<=", end)])
            elif relations and global_filter["type"] == "relation":
                self.assertEqual(field.comodel_name, global_filter["modelName"], match["chain"])
                some = self.env[field.comodel_name].search([], limit=1)
                domain.append([(match["chain"], "in", some.ids)])
        return expression.AND(domain) if domain else []

    def assertDashboardSourcesWork(self, dashboard, user):
        """Every data source names existing fields and evaluates for `user`."""
        data = self.dashboard_data(dashboard)
        self.assertTrue(data["sheets"], "the dashboard has no sheet")
        for global_filter in data["globalFilters"]:
            if global_filter["type"] == "relation":
                self.assertIn(global_filter["modelName"], self.env)
            elif global_filter["type"] == "date":
                self.assertIn(global_filter["defaultValue"], RELATIVE_PERIOD_DAYS)
        sources = list(self.dashboard_sources(data))
        self.assertTrue(sources, "the dashboard has no data source")
        for name, model, domain, aggregates, groupby, matching in sources:
            with self.subTest(source=name):
                self.assertIn(model, self.env)
                records = self.env[model].with_user(user)
                for spec in aggregates + groupby:
                    field = self.resolve_chain(records, spec.split(":")[0])
                    self.assertTrue(field.store, "%s is not stored" % spec)
                full_domain = expression.AND([domain, self.filter_domain(data, model, matching)])
                try:
                    records.read_group(full_domain, aggregates, groupby, lazy=False)
                    records.search_count(full_domain)
                except AccessError as error:
                    self.fail("%s cannot read %s: %s" % (user.login, name, error))

    def assertDashboardFormulasValid(self, dashboard):
        """PIVOT formulas name existing pivots, measures and dimensions; cards point at cells."""
        data = self.dashboard_data(dashboard)
        cells = {
            (sheet["name"], ref)
            for sheet in data["sheets"]
            for ref, cell in sheet["cells"].items()
            if cell.get("content")
        }
        for sheet in data["sheets"]:
            for ref, cell in sheet["cells"].items():
                for function, arguments in FORMULA_RE.findall(cell.get("content", "")):
                    with self.subTest(cell="%s!%s" % (sheet["name"], ref)):
                        self.check_pivot_formula(data, function, arguments)
            for figure in sheet["figures"]:
                chart = figure["data"]
                if chart["type"] != "scorecard":
                    continue
                for key in ("keyValue", "baseline"):
                    if chart.get(key):
                        sheet_name, ref = chart[key].split("!")
                        self.assertIn((sheet_name, ref), cells, "%s: empty cell" % chart[key])

    def check_pivot_formula(self, data, function, arguments):
        args = [arg.strip().strip('"') for arg in arguments.split(",")]
        self.assertIn(args[0], data["pivots"], "unknown pivot %s" % args[0])
        pivot = data["pivots"][args[0]]
        model = self.env[pivot["model"]]
        if function == "VALUE":
            self.assertIn(args[1], [measure["id"] for measure in pivot["measures"]])
            args = args[2:]
        else:
            args = args[1:]
        dimensions = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
        for dimension, value in zip(args[::2], args[1::2], strict=True):
            name = dimension.lstrip("#").split(":")[0]
            self.assertIn(name, dimensions, "%s is not a dimension of the pivot" % name)
            field = model._fields[name]
            if field.type == "selection" and not dimension.startswith("#"):
                self.assertIn(value, dict(field._description_selection(self.env)))

    def pivot_count(self, dashboard, name, user):
        """What the pivot named `name` counts for `user` with the default filter values."""
        data = self.dashboard_data(dashboard)
        pivot = next(p for p in data["pivots"].values() if p["name"] == name)
        domain = expression.AND(
            [
                pivot["domain"],
                self.filter_domain(data, pivot["model"], pivot["fieldMatching"], relations=False),
            ]
        )
        return self.env[pivot["model"]].with_user(user).search_count(domain)
