from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.indicators import total_figure
from ..tools.xlsx import SafeWorkbook

PERIOD_LENGTHS = {"month": 1, "quarter": 3, "year": 12}


def calendar_start(period, day):
    """The first day of the calendar month, quarter or year holding `day` (`day` itself for
    a custom period).

    >>> import datetime
    >>> calendar_start("quarter", datetime.date(2026, 11, 29))
    datetime.date(2026, 10, 1)
    >>> calendar_start("year", datetime.date(2026, 11, 29))
    datetime.date(2026, 1, 1)
    """
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    return day


# What anyone computing a shared report may set on it; the rest is the administrators'.
SHARED_REPORT_SETTINGS = {"period", "date_from", "date_to", "breakdown"}


class ParcoursReport(models.Model):
    """A report a manager defines in the UI: indicators over programmes and a period."""

    _name = "parcours.report"
    _description = "Indicator report"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    programme_ids = fields.Many2many("parcours.programme", string="Programmes", required=True)
    company_ids = fields.Many2many(
        "res.company", string="Organisations", help="Empty: every organisation you can see."
    )
    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year"), ("custom", "Custom")],
        required=True,
        default="quarter",
    )
    date_from = fields.Date(
        compute="_compute_date_from",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="The first day of a calendar month, quarter or year for those periods.",
    )
    date_to = fields.Date(
        compute="_compute_date_to", store=True, readonly=False, required=True, precompute=True
    )
    indicator_ids = fields.Many2many("parcours.indicator", string="Indicators", required=True)
    breakdown = fields.Selection(
        [
            ("none", "None"),
            ("organisation", "Organisation"),
            ("programme", "Programme"),
            ("department", "Département"),
            ("month", "Month"),
            ("sex", "Sex"),
            ("age_band", "Age band"),
            ("referral_source", "Referral source"),
        ],
        required=True,
        default="none",
    )
    result_ids = fields.One2many("parcours.report.result", "report_id", string="Results")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        help="Empty: a shared report, seen by every manager and coordinator.",
    )
    monthly_delivery = fields.Boolean(
        help="Every month, the previous month's workbook is attached here and sent to the owner."
    )

    @api.depends("period")
    def _compute_date_from(self):
        for report in self:
            report.date_from = calendar_start(
                report.period, report.date_from or fields.Date.context_today(report)
            )

    @api.depends("period", "date_from")
    def _compute_date_to(self):
        for report in self:
            months = PERIOD_LENGTHS.get(report.period)
            if months and report.date_from:
                report.date_to = report.date_from + relativedelta(months=months, days=-1)
            elif not report.date_to:
                report.date_to = report.date_from

    @api.constrains("monthly_delivery", "user_id")
    def _check_delivery_owner(self):
        for report in self:
            if report.monthly_delivery and not report.user_id:
                raise ValidationError(
                    self.env._("%s is sent monthly to its owner: give it an owner.", report.name)
                )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for report in self:
            if report.date_to < report.date_from:
                raise UserError(self.env._("The period of %s ends before it starts.", report.name))

    def write(self, vals):
        shared = self.filtered(lambda report: not report.user_id)
        if (
            shared
            and set(vals) - SHARED_REPORT_SETTINGS
            and not self.env.su
            and not self.env.user.has_group("parcours_base.group_parcours_admin")
        ):
            raise AccessError(
                self.env._(
                    "%s is shared: only administrators change it; copy it to make your own.",
                    shared[0].name,
                )
            )
        return super().write(vals)

    def action_compute(self):
        """Recompute the figures, shown as a pivot and a graph."""
        for report in self:
            report._compute_results()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_base.parcours_report_result_action"
        )
        action["domain"] = [("report_id", "in", self.ids)]
        return action

    def action_chart(self):
        """The figures as a chart, one unit at a time (the first indicator's to start)."""
        self.ensure_one()
        action = self.action_compute()
        action["views"] = [(False, "graph"), (False, "pivot"), (False, "list")]
        action["context"] = {"search_default_unit_%s" % (self.indicator_ids[:1].unit or "count"): 1}
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        # Not attached to the report: a shared report is read by every organisation, its
        # workbook (raw rows with pathway references) only by the user who made it.
        return self.env["ir.attachment"]._parcours_download_action(
            "%s %s.xlsx" % (self.name, self.date_from), self._workbook()
        )

    def _compute_results(self):
        self.ensure_one()
        # The user's own figures only (record rule): others keep theirs.
        self.env["parcours.report.result"].search([("report_id", "=", self.id)]).unlink()
        values = []
        for indicator in self.indicator_ids:
            for label, records, figure, denominator in indicator._evaluate(self):
                label, detail = label if isinstance(label, tuple) else (label, False)
                measured = [
                    value
                    for value in map(indicator._value_of, records)
                    if value is not None and indicator.measure == "average"
                ]
                values.append(
                    {
                        "report_id": self.id,
                        "indicator_id": indicator.id,
                        "breakdown_value": label or self.env._("(none)"),
                        "breakdown_detail": detail or False,
                        "numerator": len(records),
                        "denominator": denominator or 0,
                        "value": figure or 0.0,
                        "value_sum": sum(measured),
                        "sample_size": len(measured),
                        "defined": figure is not None,
                    }
                )
        self.env["parcours.report.result"].create(values)

    def _workbook(self):
        """Title sheet with definitions, a sheet per indicator group, and the raw rows."""
        self.ensure_one()
        evaluations = [(indicator, indicator._evaluate(self)) for indicator in self.indicator_ids]
        book = SafeWorkbook()
        title = [
            (self.env._("Report"), self.name),
            (self.env._("Programmes"), ", ".join(self.programme_ids.mapped("name"))),
            (
                self.env._("Organisations"),
                ", ".join(self.company_ids.mapped("name")) or self.env._("All"),
            ),
            (self.env._("First day"), self.date_from),
            (self.env._("Last day"), self.date_to),
            (
                self.env._("Breakdown"),
                dict(self._fields["breakdown"]._description_selection(self.env))[self.breakdown],
            ),
            (self.env._("Generated on"), fields.Datetime.now()),
        ] + [
            (
                indicator.name,
                indicator.definition or "",
                ", ".join(indicator.programme_ids.mapped("name")) or self.env._("Every programme"),
            )
            for indicator in self.indicator_ids
        ]
        book.add_table(
            self.env._("Report"),
            [self.env._("Item"), self.env._("Value"), self.env._("Applies to")],
            title,
            widths={0: 40, 1: 90, 2: 30},
        )
        groups = {}
        for indicator, results in evaluations:
            groups.setdefault(indicator.group_name or self.env._("Indicators"), []).append(
                (indicator, results)
            )
        for group, members in groups.items():
            self._group_sheet(book, group, members)
        raw = (
            (
                indicator.name,
                " / ".join(part for part in label if part) if isinstance(label, tuple) else label,
                indicator._raw_reference(record),
                record[indicator.period_field],
            )
            for indicator, results in evaluations
            for label, records, _figure, _denominator in results
            for record in records
        )
        book.add_table(
            self.env._("Raw rows"),
            [
                self.env._("Indicator"),
                self.env._("Breakdown"),
                self.env._("Pathway reference"),
                self.env._("Date"),
            ],
            raw,
            widths={0: 45, 1: 25, 2: 20, 3: 12},
            formats={3: book.day},
        )
        return book.close()

    def _group_sheet(self, book, group, members):
        """A sheet of figures: one row per indicator and breakdown, the figures of a
        category (e.g. an orientation category) above its options, each figure in its
        unit's format, and one chart per unit with its title."""
        units = dict(
            self.env["parcours.indicator"]._fields["unit"]._description_selection(self.env)
        )
        currency = (self.company_ids[:1] or self.env.company).currency_id
        cell_formats = {
            "count": book.count,
            "percent": book.percent,
            "days": book.days,
            "currency": book.money(currency),
            "number": book.number,
        }
        detailed = any(
            isinstance(label, tuple) for __, results in members for label, *__ in results
        )
        headers = [
            self.env._("Indicator"),
            self.env._("Breakdown"),
            self.env._("Numerator"),
            self.env._("Denominator"),
            self.env._("Value"),
            self.env._("Target"),
        ]
        if detailed:
            headers.append(self.env._("Detail"))
        sheet = book.book.add_worksheet(group[:31])
        for column, title in enumerate(headers):
            width = {0: 45, 1: 25, 6: 30}.get(column, max(12, len(title) + 2))
            sheet.set_column(column, column, width)
            sheet.write_string(0, column, title, book.header)
        sheet.freeze_panes(1, 0)
        ranges = {}
        row = 0
        order = sorted(members, key=lambda member: list(units).index(member[0].unit or "number"))
        for indicator, results in order:
            unit = indicator.unit or "number"
            for label, detail, numerator, denominator, figure in self._sheet_rows(
                indicator, results
            ):
                row += 1
                cells = [
                    (indicator.name, None),
                    (label, None),
                    (float(numerator), book.count),
                    (denominator, book.count),
                    (figure, cell_formats[unit]),
                    (indicator.target or None, cell_formats[unit]),
                ]
                if detailed:
                    cells.append((detail, None))
                for column, (value, cell_format) in enumerate(cells):
                    book.write_cell(sheet, row, column, value, cell_format)
                first, __ = ranges.get(unit, (row, row))
                ranges[unit] = (first, row)
        for position, (unit, (first, last)) in enumerate(ranges.items()):
            chart = book.book.add_chart({"type": "bar"})
            chart.add_series(
                {
                    "name": headers[4],
                    "categories": [sheet.name, first, 0, last, 1],
                    "values": [sheet.name, first, 4, last, 4],
                }
            )
            chart.set_title({"name": "%s (%s)" % (group, units[unit])})
            chart.set_legend({"none": True})
            sheet.insert_chart(1 + 16 * position, len(headers) + 1, chart)

    def _sheet_rows(self, indicator, results):
        """(label, detail, numerator, denominator, figure) rows of an indicator's results: a
        category's figure over its whole population, then its options beneath."""
        rows, categories = [], {}
        for label, records, figure, denominator in results:
            if not isinstance(label, tuple):
                rows.append((label, None, len(records), denominator, figure))
                continue
            if label[0] not in categories:
                categories[label[0]] = len(rows)
                rows.append([])
            rows[categories[label[0]]].append((label, records, figure, denominator))
        expanded = []
        for row in rows:
            if isinstance(row, tuple):
                expanded.append(row)
                continue
            parts = []
            for __, records, figure, denominator in row:
                measured = [
                    value for value in map(indicator._value_of, records) if value is not None
                ]
                parts.append((figure, len(records), denominator or 0, sum(measured), len(measured)))
            denominators = [denominator for __, __, __, denominator in row]
            expanded.append(
                (
                    row[0][0][0],
                    None,
                    sum(part[1] for part in parts),
                    sum(denominators) if any(denominators) else None,
                    total_figure(indicator.measure, parts),
                )
            )
            expanded += [
                (label[0], label[1], len(records), denominator, figure)
                for label, records, figure, denominator in row
                if label[1]
            ]
        return expanded

    @api.model
    def _cron_monthly_delivery(self):
        """Attach last month's workbook to each report asking for it and tell its owner."""
        first = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        for report in self.search([("monthly_delivery", "=", True), ("user_id", "!=", False)]):
            # Computed as the owner, so the owner's record rules decide what is counted.
            snapshot = report.with_user(report.user_id).new(
                {
                    "name": report.name,
                    "programme_ids": report.programme_ids.ids,
                    "company_ids": report.company_ids.ids,
                    "indicator_ids": report.indicator_ids.ids,
                    "breakdown": report.breakdown,
                    "period": "month",
                    "date_from": first,
                }
            )
            content = snapshot._workbook()
            attachment = self.env["ir.attachment"].create(
                {
                    "name": "%s %s.xlsx" % (report.name, first.strftime("%Y-%m")),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": report.id,
                }
            )
            # The message names the report and month only; figures stay in the attachment.
            report.message_post(
                body=self.env._("Monthly report for %s.", first.strftime("%Y-%m")),
                attachment_ids=attachment.ids,
                partner_ids=report.user_id.partner_id.ids,
            )
