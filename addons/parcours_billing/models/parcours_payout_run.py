import csv
import io
from collections import defaultdict

from markupsafe import Markup, escape
from psycopg2.errors import UniqueViolation

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from odoo.addons.parcours_base.tools.xlsx import SafeWorkbook, csv_cell

# Written only by the run's own actions (as superuser, through _set_state).
ACTION_FIELDS = {
    "state",
    "computed_by_id",
    "validated_by_id",
    "job_action",
    "job_user_id",
    "job_state",
    "job_started",
    "job_error",
}
# The period a run covers: fixed once it is computed.
PERIOD_FIELDS = {"programme_id", "company_id", "date_from", "date_to"}
# Computed from the programme and the period (bills carry it as their reference).
COMPUTED_FIELDS = {"name"}


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
    computed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    validated_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    needs_second_person = fields.Boolean(
        compute="_compute_needs_second_person",
        help="The accrued amount reaches the organisation's threshold: someone other than "
        "the person who computed the run validates it.",
    )
    job_action = fields.Selection(
        [("compute", "Compute"), ("validate", "Validate and bill")],
        string="Background Job",
        readonly=True,
        copy=False,
        help="The step a background job will run (large organisations).",
    )
    job_user_id = fields.Many2one("res.users", string="Requested by", readonly=True, copy=False)
    job_state = fields.Selection(
        [("queued", "Queued"), ("failed", "Failed")],
        help="Queued: a background worker runs it shortly; each step is all or nothing, and "
        "is run again when a worker stops in the middle.",
        readonly=True,
        copy=False,
    )
    job_started = fields.Datetime(string="Queued on", readonly=True, copy=False)
    job_error = fields.Text(readonly=True, copy=False)
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

    @api.depends(
        "company_id.parcours_second_validation",
        "company_id.parcours_second_validation_amount",
        "total_amount",
    )
    def _compute_needs_second_person(self):
        for run in self:
            company = run.company_id
            run.needs_second_person = company.parcours_second_validation and (
                abs(run.total_amount) >= company.parcours_second_validation_amount
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for run in self:
            if run.date_to < run.date_from:
                raise ValidationError(self.env._("A payout period cannot end before it starts."))
            if run.date_to > today:
                raise ValidationError(
                    self.env._(
                        "%(run)s ends on %(end)s: a period is paid once it has ended.",
                        run=run.name,
                        end=run.date_to,
                    )
                )

    @api.constrains("programme_id", "company_id", "date_from", "date_to", "state")
    def _check_one_live_run(self):
        """One live (not cancelled) run per programme, organisation and period."""
        for run in self.filtered(lambda run: run.state != "cancelled"):
            # sudo: a run the user cannot read still holds the period.
            other = self.sudo().search(
                [
                    ("id", "!=", run.id),
                    ("programme_id", "=", run.programme_id.id),
                    ("company_id", "=", run.company_id.id),
                    ("state", "!=", "cancelled"),
                    ("date_from", "<=", run.date_to),
                    ("date_to", ">=", run.date_from),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(run)s overlaps %(other)s, a payout run of the same programme and "
                        "organisation: cancel that one first or choose another period.",
                        run=run.name,
                        other=other.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            (ACTION_FIELDS | COMPUTED_FIELDS) & set(vals) for vals in vals_list
        ):
            raise AccessError(self.env._("A payout run's state is set by its actions only."))
        # Runs of one programme and organisation are created one transaction at a time, so
        # that the overlap check above sees the other's run.
        for vals in vals_list:
            self._lock_programme(
                vals.get("programme_id"), vals.get("company_id") or self.env.company.id
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if ACTION_FIELDS & set(vals):
                raise AccessError(self.env._("A payout run's state is set by its actions only."))
            if COMPUTED_FIELDS & set(vals):
                raise UserError(self.env._("A payout run is named after its programme and period."))
            if PERIOD_FIELDS & set(vals) and self.filtered(lambda run: run.state != "draft"):
                raise UserError(
                    self.env._(
                        "A computed or billed payout run keeps its programme, organisation "
                        "and period; cancel it and create another one."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda run: run.state == "done"):
            raise UserError(self.env._("A billed payout run cannot be deleted."))

    def unlink(self):
        self.check_access("unlink")
        # sudo: draft lines belong to the run; the engine removes them with it.
        self._draft_lines().sudo().unlink()
        return super().unlink()

    def action_compute(self):
        """Accrue the forfait lines of the period as drafts (again when already computed)."""
        self.check_access("write")
        self._check_computable()
        for run in self:
            run._compute_lines()

    def _check_computable(self):
        """A run is computed (again) only while nothing of it is billed, over a past period."""
        for run in self:
            if run.state not in ("draft", "computed"):
                raise UserError(
                    self.env._(
                        "%s is already billed or cancelled: it cannot be computed again.",
                        run.name,
                    )
                )
            run._check_dates()

    def _compute_lines(self):
        """Accrue the run's lines through the engine (as superuser) and mark it computed."""
        self.ensure_one()
        self._lock_period()
        # sudo: nobody writes forfait lines by hand; the run drives the engine.
        self._draft_lines().sudo().unlink()
        self.env["parcours.forfait.accrual"].sudo()._accrue(
            self.programme_id, self.company_id, self.date_from, self.date_to, run=self
        )
        Line = self.env["parcours.forfait.line"].sudo()
        # Corrections made since the last run are billed with this one.
        Line.search(
            [
                ("run_id", "=", False),
                ("kind", "!=", "accrual"),
                ("programme_id", "=", self.programme_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        ).run_id = self
        self._set_state("computed", computed_by_id=self.env.user.id)

    def action_validate(self):
        """Validate the lines and make one vendor bill per beneficiary, all or nothing."""
        # Checked first: the lines and bills below are written in bulk.
        self.check_access("write")
        self.env["account.move"].check_access("create")
        for run in self:
            if run.state != "computed":
                raise UserError(self.env._("Compute %s before validating it.", run.name))
            run._check_second_person()
            run._check_dates()
            try:
                with self.env.cr.savepoint():
                    run._lock_period()
                    # Drafts are billed with the corrections attached to the run. The lines
                    # are not written: validated with their run, paid by its bills.
                    run._create_bills()
                    run._set_state("done", validated_by_id=self.env.user.id)
            except UniqueViolation as error:
                raise UserError(
                    self.env._("%s: this programme and period are already billed.", run.name)
                ) from error

    def action_bill_again(self):
        """Bill again the lines whose vendor bill was cancelled (e.g. a wrong bank account)."""
        self.check_access("write")
        self.env["account.move"].check_access("create")
        for run in self:
            if run.state != "done":
                raise UserError(self.env._("Only a billed payout run can be billed again."))
            with self.env.cr.savepoint():
                run._lock_period()
                if not run._create_bills():
                    raise UserError(self.env._("No vendor bill of %s is cancelled.", run.name))

    def action_cancel(self):
        self.check_access("write")
        for run in self:
            if run.state == "done":
                raise UserError(
                    self.env._("%s is billed: cancel its vendor bills instead.", run.name)
                )
        # sudo: the engine's lines; corrections wait for the next run.
        self._draft_lines().sudo().unlink()
        self.sudo().line_ids.run_id = False
        self._set_state("cancelled")

    def action_reset_to_draft(self):
        """Reopen a cancelled run as a draft; any other run is refused, never reopened."""
        self.check_access("write")
        for run in self:
            if run.state == "done":
                raise UserError(
                    self.env._(
                        "%s is billed: a billed payout run is never reopened; correct its "
                        "lines or cancel its vendor bills instead.",
                        run.name,
                    )
                )
            if run.state != "cancelled":
                raise UserError(
                    self.env._("Only a cancelled payout run can be reset to draft (%s).", run.name)
                )
        self._set_state("draft")

    def action_compute_later(self):
        """Compute as a background job: for organisations whose runs outgrow a web request."""
        self.check_access("write")
        self._check_computable()
        self._queue("compute")

    def action_validate_later(self):
        """Validate and bill as a background job, with the checks of action_validate."""
        self.check_access("write")
        self.env["account.move"].check_access("create")
        for run in self:
            if run.state != "computed":
                raise UserError(self.env._("Compute %s before validating it.", run.name))
            run._check_second_person()
        self._queue("validate")

    def _queue(self, action):
        if self.filtered(lambda run: run.job_state == "queued"):
            raise UserError(self.env._("A background job already runs for this payout run."))
        # sudo: job fields are refused to write(); the public actions checked the rights.
        self.sudo().write(
            {
                "job_action": action,
                "job_user_id": self.env.user.id,
                "job_state": "queued",
                "job_started": fields.Datetime.now(),
                "job_error": False,
            }
        )
        # sudo: a user may not read scheduled actions; this one only runs the queued jobs.
        self.env.ref("parcours_billing.ir_cron_payout_jobs").sudo()._trigger()

    @api.model
    def _cron_run_jobs(self, limit=None):
        """Run queued payout jobs, one run per transaction.

        Each step (compute, validate) is all or nothing: when the worker dies, its
        transaction rolls back, the run is still queued and the next cron call runs it
        again. Nothing is billed twice: a run is billed in the same transaction as its
        bills, and the database refuses a second billed run of a period.
        """
        runs = self.search([("job_state", "=", "queued")], order="id")
        done = 0
        for run in runs[:limit] if limit else runs:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM parcours_payout_run WHERE id = %s FOR UPDATE SKIP LOCKED",
                    run.id,
                )
            )
            if not self.env.cr.fetchone():
                continue  # another cron worker holds it
            user = run.job_user_id
            action = run.job_action
            try:
                with self.env.cr.savepoint():
                    as_user = run.with_user(user).with_company(run.company_id)
                    if action == "compute":
                        as_user.action_compute()
                    else:
                        as_user.action_validate()
            except (UserError, ValidationError, AccessError) as error:
                # sudo: job fields are refused to write(); the job ran as its user above.
                run.sudo().write(
                    {"job_state": "failed", "job_error": str(error), "job_action": False}
                )
                run._job_message(
                    user, self.env._("The background job failed: %s", error), failed=True
                )
            else:
                # sudo: job fields are refused to write(); the job ran as its user above.
                run.sudo().write({"job_state": False, "job_action": False, "job_error": False})
                run._job_message(
                    user,
                    self.env._("Computed in the background.")
                    if action == "compute"
                    else self.env._("Validated and billed in the background."),
                )
            done += 1
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(runs) - done)

    def _job_message(self, user, body, failed=False):
        self.message_post(
            body=body,
            partner_ids=user.partner_id.ids,
            message_type="notification",
            subtype_xmlid="mail.mt_comment" if failed else "mail.mt_note",
        )

    def _set_state(self, state, **values):
        """The only path writing a run's state (and who computed or validated it)."""
        # sudo: state and authors are refused to write(); the actions above checked rights.
        self.sudo().write({"state": state, **values})

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
        headers, rows = self._declaration_rows()
        book = SafeWorkbook()
        book.add_table(
            self.env._("Declaration"),
            headers,
            rows,
            widths={0: 16, 1: 28, 2: 40},
            formats={3: book.day, 4: book.day, 5: book.euro},
        )
        return self._download(self.env._("declaration-%s.xlsx", self.name), book.close())

    def action_export_declaration_csv(self):
        self.ensure_one()
        headers, rows = self._declaration_rows()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([csv_cell(title) for title in headers])
        for ref, programme, funder, start, end, amount in rows:
            writer.writerow(
                [
                    csv_cell(value)
                    for value in (
                        ref,
                        programme,
                        funder,
                        start.strftime("%d/%m/%Y"),
                        end.strftime("%d/%m/%Y"),
                        # French spreadsheets read a decimal comma.
                        ("%.2f" % amount).replace(".", ","),
                    )
                ]
            )
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
                    line.reason or line.source or "",
                    line.amount_cents / 100,
                ]
            )
        headers = [
            self.env._("Patient reference"),
            self.env._("Period start"),
            self.env._("Period end"),
            self.env._("Component"),
            self.env._("Computed from"),
            self.env._("Amount"),
        ]
        book = SafeWorkbook()
        used = set()
        for name, rows in sheets.items():
            total = sum(row[5] for row in rows)
            book.add_table(
                self._sheet_name(name, used),
                headers,
                [*rows, [None, None, None, None, self.env._("Total"), total]],
                widths={0: 16, 3: 30, 4: 48},
                formats={1: book.day, 2: book.day, 5: book.euro},
            )
        if not sheets:
            book.add_table(self.env._("Statements"), headers, [])
        return self._download(self.env._("statements-%s.xlsx", self.name), book.close())

    @api.model
    def _sheet_name(self, name, used):
        """A unique sheet name: at most 31 characters, without []:*?/\\."""
        clean = "".join(char for char in name if char not in "[]:*?/\\")[:28] or "-"
        candidate, number = clean, 1
        while candidate.lower() in used:
            number += 1
            candidate = "%s %d" % (clean, number)
        used.add(candidate.lower())
        return candidate

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

    def _check_second_person(self):
        self.ensure_one()
        # The superuser (scripts, data loading) is no person: the rule is for users.
        if self.env.su and self.env.uid == SUPERUSER_ID:
            return
        if self.needs_second_person and self.computed_by_id == self.env.user:
            raise AccessError(
                self.env._(
                    "%(run)s accrues %(amount)s: someone other than the person who "
                    "computed it validates it.",
                    run=self.name,
                    amount=self.currency_id.format(self.total_amount),
                )
            )

    def _lock_programme(self, programme_id, company_id):
        """Wait for another transaction creating a run of this programme and organisation."""
        key = "parcours.payout.run.create:%s:%s" % (programme_id, company_id)
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))

    def _draft_lines(self):
        # sudo: the run's draft lines, whoever may read them.
        return (
            self.env["parcours.forfait.line"]
            .sudo()
            .search([("run_id", "in", self.ids), ("validation_state", "=", "draft")])
        )

    def _create_bills(self):
        """One posted vendor bill per beneficiary, one bill line per component.

        Lines already paid by a bill in force are left out: billing a run again makes the
        bills of the beneficiaries whose bill was cancelled. Returns the bills made.
        """
        self.ensure_one()
        # Totals per beneficiary and component in one query: a run holds tens of thousands
        # of lines, the bills a few hundred.
        groups = defaultdict(list)
        for partner, component, cents, patients in self.env["parcours.forfait.line"]._read_group(
            [
                ("run_id", "=", self.id),
                ("retained", "=", False),
                ("amount_cents", "!=", 0),
                ("move_id", "=", False),
            ],
            ["partner_id", "component_id"],
            ["amount_cents:sum", "pathway_ref:count_distinct"],
        ):
            groups[partner].append((component, cents, patients))
        vals_list = []
        for partner, by_component in groups.items():
            # A beneficiary owing money after a correction gets a refund, not a bill.
            sign = -1 if sum(cents for _c, cents, _p in by_component) < 0 else 1
            bill_lines = []
            for component, cents, patients in sorted(
                by_component, key=lambda group: group[0].sequence
            ):
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
                            "parcours_forfait_component_id": component.id,
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
            return self.env["account.move"]
        # sudo: the link to the run is refused to users (checked by action_validate).
        moves = self.env["account.move"].sudo().create(vals_list)
        moves.action_post()
        return moves

    def _reconciliation(self):
        """Cents of the period: received = paid out + retained + balance, exactly."""
        self.ensure_one()
        cents = dict(self._line_totals(["retained"]))
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
            return self._empty_preview_html()
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

    def _empty_preview_html(self):
        """Why a run has no line: which forfait periods end when, after its period."""
        self.ensure_one()
        if not (self.programme_id and self.company_id and self.date_from and self.date_to):
            return Markup("")
        # sudo: only inclusion and exit dates are read, to count the periods ending.
        ends = (
            self.env["parcours.forfait.accrual"]
            .sudo()
            ._upcoming_ends(self.programme_id, self.company_id, self.date_from, self.date_to)
        )
        if ends["in_period"]:
            message = self.env._(
                "%(count)s forfait period(s) ended between %(start)s and %(end)s; compute the "
                "run to see them.",
                count=ends["in_period"],
                start=self._format_day(self.date_from),
                end=self._format_day(self.date_to),
            )
            return Markup("<p class='text-muted o_parcours_payout_empty'>%s</p>") % message
        items = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(count)s period(s) ending in %(month)s",
                count=count,
                month=self._format_day(month, "MMMM yyyy"),
            )
            for month, count in ends["next"]
        )
        message = self.env._(
            "No forfait period of %(programme)s ends between %(start)s and %(end)s: nothing "
            "is due for this period.",
            programme=self.programme_id.name,
            start=self._format_day(self.date_from),
            end=self._format_day(self.date_to),
        )
        if not items:
            items = Markup("<li>%s</li>") % self.env._(
                "No period ends in the next twelve months (no patient included yet?)."
            )
        return Markup(
            "<div class='o_parcours_payout_empty'><p>%s</p><p>%s</p><ul>%s</ul></div>"
        ) % (message, self.env._("Next periods ending:"), items)

    def _format_day(self, day, pattern="dd/MM/yyyy"):
        return format_date(self.env, day, date_format=pattern)

    def _declaration_rows(self):
        """(headers, rows): included patients and forfait amounts per period.

        Dates are dates and amounts are numbers (in currency); each writer formats them.
        """
        self.ensure_one()
        totals = defaultdict(int)
        for line in self.line_ids:
            totals[(line.pathway_ref, line.period_start, line.period_end, line.rule_id)] += (
                line.amount_cents
            )
        headers = [
            self.env._("Patient reference"),
            self.env._("Programme"),
            self.env._("Funder"),
            self.env._("Period start"),
            self.env._("Period end"),
            self.env._("Forfait"),
        ]
        rows = [
            [ref, self.programme_id.name, rule.funder_id.name or "", start, end, cents / 100]
            for (ref, start, end, rule), cents in sorted(
                totals.items(), key=lambda item: item[0][:3]
            )
        ]
        return headers, rows

    def _download(self, filename, content):
        return self.env["ir.attachment"]._parcours_download_action(filename, content, owner=self)
