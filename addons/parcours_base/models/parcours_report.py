from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.xlsx import SafeWorkbook

PERIOD_LENGTHS = {"month": 1, "quarter": 3, "year": 12}
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
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1)
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

    def action_export_xlsx(self):
        self.ensure_one()
        attachment = self._export_attachment()
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "new",
        }

    def _compute_results(self):
        self.ensure_one()
        # The user's own figures only (record rule): others keep theirs.
        self.env["parcours.report.result"].search([("report_id", "=", self.id)]).unlink()
        values = []
        for indicator in self.indicator_ids:
            for label, records, figure, denominator in indicator._evaluate(self):
                values.append(
                    {
                        "report_id": self.id,
                        "indicator_id": indicator.id,
                        "breakdown_value": label or self.env._("(none)"),
                        "numerator": len(records),
                        "denominator": denominator or 0,
                        "value": figure or 0.0,
                        "defined": figure is not None,
                    }
                )
        self.env["parcours.report.result"].create(values)

    def _export_attachment(self):
        content = self._workbook()
        # Not attached to the report: a shared report is read by every organisation, its
        # workbook (raw rows with pathway references) only by the user who made it.
        return self.env["ir.attachment"].create(
            {
                "name": "%s %s.xlsx" % (self.name, self.date_from),
                "raw": content,
                "parcours_download": True,
            }
        )

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
            (self.env._("Period"), "%s - %s" % (self.date_from, self.date_to)),
            (
                self.env._("Breakdown"),
                dict(self._fields["breakdown"]._description_selection(self.env))[self.breakdown],
            ),
            (self.env._("Generated on"), fields.Datetime.now()),
        ] + [(indicator.name, indicator.definition or "") for indicator in self.indicator_ids]
        book.add_table(
            self.env._("Report"),
            [self.env._("Item"), self.env._("Value")],
            title,
            widths={0: 40, 1: 90},
        )
        groups = {}
        for indicator, results in evaluations:
            groups.setdefault(indicator.group_name or self.env._("Indicators"), []).append(
                (indicator, results)
            )
        for group, members in groups.items():
            rows = [
                (
                    indicator.name,
                    label,
                    float(len(records)),
                    denominator,
                    figure,
                    indicator.target or None,
                )
                for indicator, results in members
                for label, records, figure, denominator in results
            ]
            book.add_table(
                group,
                [
                    self.env._("Indicator"),
                    self.env._("Breakdown"),
                    self.env._("Numerator"),
                    self.env._("Denominator"),
                    self.env._("Value"),
                    self.env._("Target"),
                ],
                rows,
                widths={0: 45, 1: 25},
                chart=4,
            )
        raw = (
            (
                indicator.name,
                label,
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
        )
        return book.close()

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
