import csv
import io
from collections import defaultdict

import xlsxwriter
from markupsafe import Markup, escape
from psycopg2.errors import UniqueViolation

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL


class ParcoursPayoutRun(models.Model):
    _name = "parcours.payout.run"
    _description = "Forfait payout run"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    programme_id = fields.Many2one(
        "parcours.programme",
        required=True,
        index=True,
        tracking=True,
        domain="[('company_ids', 'in', company_id)]",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("computed", "Computed"),
            ("done", "Billed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("parcours.forfait.line", "run_id", string="Forfait Lines")
    move_ids = fields.One2many(
        "account.move",
        "parcours_payout_run_id",
        string="Vendor Bills",
        groups="account.group_account_invoice",
    )
    move_count = fields.Integer(compute="_compute_move_count")
    funding_ids = fields.One2many("parcours.funding", "run_id", string="Funding Received")
    total_amount = fields.Monetary(compute="_compute_totals", string="Accrued")
    paid_out_amount = fields.Monetary(compute="_compute_totals", string="Paid Out")
    retained_amount = fields.Monetary(
        compute="_compute_totals",
        string="Retained",
        help="Cost items the organisation keeps for itself, such as the coordinations.",
    )
    funds_received = fields.Monetary(compute="_compute_totals")
    balance_amount = fields.Monetary(
        compute="_compute_totals",
        string="Balance",
        help="Funds received - paid out - retained: what no component took, or what the "
        "funder still owes when negative.",
    )
    summary_html = fields.Html(compute="_compute_summary_html", string="Preview", sanitize=False)

    def init(self):
        # One billed run per programme, organisation and period, whatever the timing.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS parcours_payout_run_billed_once
                ON parcours_payout_run (programme_id, company_id, date_from, date_to)
                WHERE state = 'done'
                """
            )
        )

    @api.depends("programme_id.code", "date_from", "date_to")
    def _compute_name(self):
        for run in self:
            run.name = "%s %s / %s" % (
                run.programme_id.code or "",
                run.date_from or "",
                run.date_to or "",
            )

    def _compute_move_count(self):
        for run in self:
            # sudo: a coordinator sees how many bills a run made, not the bills themselves.
            run.move_count = len(run.sudo().move_ids)

    @api.depends("line_ids.amount_cents", "line_ids.retained", "funding_ids.amount_cents")
    def _compute_totals(self):
        for run in self:
            figures = run._reconciliation()
            run.total_amount = figures["accrued"] / 100
            run.paid_out_amount = figures["paid_out"] / 100
            run.retained_amount = figures["retained"] / 100
            run.funds_received = figures["received"] / 100
            run.balance_amount = figures["balance"] / 100

    @api.depends("line_ids.amount_cents", "line_ids.partner_id", "line_ids.component_id")
    def _compute_summary_html(self):
        for run in self:
            run.summary_html = run._summary_html()

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for run in self:
            if run.date_to < run.date_from:
                raise ValidationError(self.env._("A payout period cannot end before it starts."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda run: run.state == "done"):
            raise UserError(self.env._("A billed payout run cannot be deleted."))

    def action_compute(self):
        """Accrue the forfait lines of the period as drafts (again when already computed)."""
        self.check_access("write")
        for run in self:
            if run.state not in ("draft", "computed"):
                raise UserError(
                    self.env._(
                        "%s is already billed or cancelled: it cannot be computed again.",
                        run.name,
                    )
                )
            run._lock_period()
            run._draft_lines().unlink()
            Line = self.env["parcours.forfait.line"]
            Line._accrue(run.programme_id, run.company_id, run.date_from, run.date_to, run=run)
            # Corrections made since the last run are billed with this one.
            Line.search(
                [
                    ("run_id", "=", False),
                    ("kind", "!=", "accrual"),
                    ("validation_state", "=", "validated"),
                    ("programme_id", "=", run.programme_id.id),
                    ("company_id", "=", run.company_id.id),
                ]
            ).run_id = run
            run.state = "computed"

    def action_validate(self):
        """Validate the lines and make one vendor bill per beneficiary, all or nothing."""
        # Checked first: the lines and bills below are written in bulk.
        self.check_access("write")
        for run in self:
            if run.state != "computed":
                raise UserError(self.env._("Compute %s before validating it.", run.name))
            try:
                with self.env.cr.savepoint():
                    run._lock_period()
                    # Drafts are billed with the corrections attached to the run, then all
                    # are validated and linked to their bill lines at once.
                    bill_line_of = run._create_bills()
                    Line = self.env["parcours.forfait.line"]
                    (run._draft_lines() | Line.browse(bill_line_of))._validate_and_link(
                        bill_line_of
                    )
                    run.state = "done"
            except UniqueViolation as error:
                raise UserError(
                    self.env._("%s: this programme and period are already billed.", run.name)
                ) from error

    def action_bill_again(self):
        """Bill again the lines whose vendor bill was cancelled (e.g. a wrong bank account)."""
        self.check_access("write")
        for run in self:
            if run.state != "done":
                raise UserError(self.env._("Only a billed payout run can be billed again."))
            with self.env.cr.savepoint():
                run._lock_period()
                bill_line_of = run._create_bills()
                if not bill_line_of:
                    raise UserError(self.env._("No vendor bill of %s is cancelled.", run.name))
                self.env["parcours.forfait.line"].browse(bill_line_of)._validate_and_link(
                    bill_line_of
                )

    def action_cancel(self):
        for run in self:
            if run.state == "done":
                raise UserError(
                    self.env._("%s is billed: cancel its vendor bills instead.", run.name)
                )
        self._draft_lines().unlink()
        # Corrections wait for the next run.
        self.line_ids.run_id = False
        self.state = "cancelled"

    def action_reset_to_draft(self):
        self.filtered(lambda run: run.state == "cancelled").state = "draft"

    def action_view_bills(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_in_invoice_type"
        )
        action["domain"] = [("parcours_payout_run_id", "=", self.id)]
        action["context"] = {"default_move_type": "in_invoice", "create": False}
        return action

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_billing.parcours_forfait_line_action"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"group_by": ["partner_id", "component_id"]}
        return action

    def action_export_declaration_xlsx(self):
        self.ensure_one()
        return self._download(
            self.env._("declaration-%s.xlsx", self.name), self._xlsx(self._declaration_rows())
        )

    def action_export_declaration_csv(self):
        self.ensure_one()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in self._declaration_rows():
            writer.writerow(row)
        return self._download(
            self.env._("declaration-%s.csv", self.name), buffer.getvalue().encode("utf-8-sig")
        )

    def action_export_statements(self):
        """One sheet per beneficiary: what they are paid, patient by patient."""
        self.ensure_one()
        sheets = defaultdict(list)
        for line in self.line_ids.sorted(lambda line: (line.partner_id.name or "", line.id)):
            sheets[line.partner_id.display_name].append(
                [
                    line.pathway_ref,
                    line.period_start,
                    line.period_end,
                    line.component_id.name,
                    line.source or "",
                    line.amount_cents / 100,
                ]
            )
        header = [
            self.env._("Patient reference"),
            self.env._("Period start"),
            self.env._("Period end"),
            self.env._("Component"),
            self.env._("Computed from"),
            self.env._("Amount"),
        ]
        content = self._xlsx_sheets(
            {
                name: [
                    header,
                    *rows,
                    ["", "", "", "", self.env._("Total"), sum(r[5] for r in rows)],
                ]
                for name, rows in sheets.items()
            }
        )
        return self._download(self.env._("statements-%s.xlsx", self.name), content)

    def _lock_period(self):
        """Refuse at once when another transaction works on the same period."""
        self.ensure_one()
        key = "parcours.payout.run:%s:%s:%s" % (
            self.programme_id.id,
            self.company_id.id,
            self.date_from,
        )
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", key))
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                self.env._(
                    "Another payout run of this programme is being processed for this period; "
                    "try again in a moment."
                )
            )

    def _draft_lines(self):
        return self.env["parcours.forfait.line"].search(
            [("run_id", "in", self.ids), ("validation_state", "=", "draft")]
        )

    def _create_bills(self):
        """One posted vendor bill per beneficiary, one bill line per component.

        Returns the bill line paying each forfait line: {forfait line id: bill line}.
        """
        self.ensure_one()
        # Totals per beneficiary and component in one query: a run holds tens of thousands
        # of lines, the bills a few hundred.
        groups = defaultdict(list)
        for partner, component, line_ids, cents, patients in self.env[
            "parcours.forfait.line"
        ]._read_group(
            [
                ("run_id", "=", self.id),
                ("validation_state", "!=", "cancelled"),
                ("retained", "=", False),
                ("amount_cents", "!=", 0),
                "|",
                ("move_id", "=", False),
                ("move_id.state", "=", "cancel"),
            ],
            ["partner_id", "component_id"],
            ["id:array_agg", "amount_cents:sum", "pathway_ref:count_distinct"],
        ):
            groups[partner].append((component, line_ids, cents, patients))
        vals_list = []
        order = []
        for partner, by_component in groups.items():
            # A beneficiary owing money after a correction gets a refund, not a bill.
            sign = -1 if sum(cents for _c, _ids, cents, _p in by_component) < 0 else 1
            bill_lines = []
            for component, line_ids, cents, patients in sorted(
                by_component, key=lambda group: group[0].sequence
            ):
                order.append(line_ids)
                bill_lines.append(
                    Command.create(
                        {
                            "name": self.env._(
                                "%(component)s, %(count)s patient(s), %(start)s to %(end)s",
                                component=component.name,
                                count=patients,
                                start=self.date_from,
                                end=self.date_to,
                            ),
                            "quantity": 1,
                            "price_unit": sign * cents / 100,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": component.analytic_distribution,
                            **(
                                {"account_id": component.account_id.id}
                                if component.account_id
                                else {}
                            ),
                        }
                    )
                )
            rule = by_component[0][0].rule_id
            vals_list.append(
                {
                    "move_type": "in_invoice" if sign > 0 else "in_refund",
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "currency_id": rule.currency_id.id,
                    "invoice_date": self.date_to,
                    "ref": self.name,
                    "parcours_payout_run_id": self.id,
                    "invoice_line_ids": bill_lines,
                    **({"journal_id": rule.journal_id.id} if rule.journal_id else {}),
                }
            )
        if not vals_list:
            return {}
        moves = self.env["account.move"].create(vals_list)
        moves.action_post()
        bill_lines = moves.invoice_line_ids.sorted(
            lambda line: (line.move_id.id, line.sequence, line.id)
        )
        return {
            line_id: bill_line
            for bill_line, line_ids in zip(bill_lines, order, strict=True)
            for line_id in line_ids
        }

    def _reconciliation(self):
        """Cents of the period: received = paid out + retained + balance, exactly."""
        self.ensure_one()
        cents = dict(self._line_totals(["retained"], [("validation_state", "!=", "cancelled")]))
        accrued = sum(cents.values())
        paid_out = cents.get(False, 0)
        received = sum(self.funding_ids.mapped("amount_cents"))
        return {
            "accrued": accrued,
            "paid_out": paid_out,
            "received": received,
            "retained": accrued - paid_out,
            "balance": received - accrued,
        }

    def _line_totals(self, groupby, domain=()):
        """[(*group, cents)] of the run's lines: one query, however many lines."""
        self.ensure_one()
        if not self._origin.id:
            return []
        return self.env["parcours.forfait.line"]._read_group(
            [("run_id", "=", self._origin.id), *domain], groupby, ["amount_cents:sum"]
        )

    def _summary_html(self):
        self.ensure_one()
        by_partner = {
            partner.display_name: cents for partner, cents in self._line_totals(["partner_id"])
        }
        by_component = {
            component.name: cents for component, cents in self._line_totals(["component_id"])
        }
        if not by_partner:
            return Markup("")
        currency = self.currency_id

        def table(title, totals):
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
                % (escape(name), currency.format(cents / 100))
                for name, cents in sorted(totals.items())
            )
            return Markup(
                "<table class='table table-sm o_parcours_payout_summary'><thead><tr><th>%s</th>"
                "<th class='text-end'>%s</th></tr></thead><tbody>%s</tbody></table>"
            ) % (title, self.env._("Amount"), rows)

        return table(self.env._("Beneficiary"), by_partner) + table(
            self.env._("Component"), by_component
        )

    def _declaration_rows(self):
        """Included patients and forfait amounts per period, as the funder's platform wants."""
        self.ensure_one()
        totals = defaultdict(int)
        for line in self.line_ids.filtered(lambda line: line.validation_state != "cancelled"):
            totals[(line.pathway_ref, line.period_start, line.period_end, line.rule_id)] += (
                line.amount_cents
            )
        rows = [
            [
                self.env._("Patient reference"),
                self.env._("Programme"),
                self.env._("Funder"),
                self.env._("Period start"),
                self.env._("Period end"),
                self.env._("Forfait"),
            ]
        ]
        for (ref, start, end, rule), cents in sorted(totals.items(), key=lambda item: item[0][:3]):
            rows.append(
                [
                    ref,
                    self.programme_id.name,
                    rule.funder_id.name or "",
                    fields.Date.to_string(start),
                    fields.Date.to_string(end),
                    "%.2f" % (cents / 100),
                ]
            )
        return rows

    def _xlsx(self, rows):
        return self._xlsx_sheets({self.env._("Declaration"): rows})

    @api.model
    def _xlsx_sheets(self, sheets):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(
            buffer, {"in_memory": True, "default_date_format": "yyyy-mm-dd"}
        )
        for name, rows in sheets.items():
            # Sheet names: at most 31 characters, without []:*?/\
            clean = "".join(char for char in name if char not in "[]:*?/\\")[:31] or "-"
            sheet = workbook.add_worksheet(clean)
            for row_index, row in enumerate(rows):
                for col_index, value in enumerate(row):
                    sheet.write(row_index, col_index, value)
        workbook.close()
        return buffer.getvalue()

    def _download(self, filename, content):
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "parcours_download": True,  # purged after a day (parcours_base)
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "download",
        }
