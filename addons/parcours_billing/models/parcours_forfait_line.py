from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, clean_context, formatLang

from ..tools.forfait_split import to_cents


class ParcoursForfaitLine(models.Model):
    _name = "parcours.forfait.line"
    _description = "Forfait line"
    _order = "period_start desc, pathway_ref, sequence, id"
    _check_company_auto = True

    pathway_id = fields.Many2one(
        "parcours.pathway",
        readonly=True,
        index=True,
        ondelete="restrict",
        groups="parcours_base.group_parcours_coordinator,parcours_base.group_parcours_manager",
    )
    # Indexes only where a search or a join uses them: every index is rewritten by the
    # tens of thousands of lines a payout run inserts and validates. `state` has none: it
    # changes at validation and is only searched beside a run, a period or an organisation.
    pathway_ref = fields.Char(
        string="Patient Reference",
        readonly=True,
        help="Pseudonymous reference of the pathway: it does not reveal who the patient is.",
    )
    rule_id = fields.Many2one("parcours.forfait.rule", required=True, readonly=True)
    component_id = fields.Many2one("parcours.forfait.component", required=True, readonly=True)
    sequence = fields.Integer(related="component_id.sequence")
    # Not stored: the rule says it, and each stored many2one costs every inserted line a
    # foreign key check.
    programme_id = fields.Many2one(related="rule_id.programme_id")
    funder_id = fields.Many2one(related="rule_id.funder_id")
    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, readonly=True, index=True
    )
    period_start = fields.Date(required=True, readonly=True)
    period_end = fields.Date(required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Beneficiary", required=True, readonly=True, index=True
    )
    retained = fields.Boolean(
        readonly=True,
        help="Kept by the organisation itself: no vendor bill is made for it.",
    )
    currency_id = fields.Many2one(related="rule_id.currency_id")
    amount_cents = fields.Integer(readonly=True, help="The amount in cents: sums are exact.")
    amount = fields.Monetary(compute="_compute_amount", store=True, precompute=True)
    source_facts = fields.Json(
        readonly=True,
        help="What the amount was computed from: counts, minutes, patients.",
    )
    source = fields.Char(
        string="Computed From",
        compute="_compute_source",
        help="The facts of the computation, in the reader's language.",
    )
    reason = fields.Char(
        string="Correction Reason",
        readonly=True,
        help="Why an accountant corrected the line; the accountant is its author.",
    )
    kind = fields.Selection(
        [
            ("accrual", "Accrual"),
            ("reversal", "Reversal"),
            ("correction", "Correction"),
        ],
        required=True,
        default="accrual",
        readonly=True,
    )
    reversal_of_id = fields.Many2one(
        "parcours.forfait.line",
        string="Reverses",
        readonly=True,
        index="btree_not_null",
    )
    is_current = fields.Boolean(
        default=True,
        readonly=True,
        help="The line in force for its patient, component and period (not reversed).",
    )
    # Where a line stands is not stored on it: it follows from its run and from the vendor
    # bill its run made for its beneficiary and component. A line is written once, when it
    # is accrued; validating a run, billing it again or paying its bills writes the run and
    # the bills only, never the tens of thousands of lines they settle.
    validation_state = fields.Selection(
        [("draft", "Draft"), ("validated", "Validated")],
        compute="_compute_billing",
        search="_search_validation_state",
        help="Draft until its payout run is validated; corrections are validated when booked.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("validated", "Validated"),
            ("billed", "Billed"),
            ("paid", "Paid"),
        ],
        compute="_compute_billing",
        search="_search_state",
    )
    run_id = fields.Many2one(
        "parcours.payout.run",
        string="Payout Run",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        compute="_compute_billing",
        search="_search_move_line_id",
        groups="account.group_account_invoice",
        help="The line of the vendor bill in force that pays this line with the others of its "
        "beneficiary and component in the run.",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Vendor Bill",
        compute="_compute_billing",
        search="_search_move_id",
        groups="account.group_account_invoice",
    )

    def init(self):
        # A patient's component is accrued once per period, even when two runs race:
        # the database refuses a second line in force for the same key.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS parcours_forfait_line_once_per_period
                ON parcours_forfait_line (pathway_id, component_id, period_start)
                WHERE is_current
                """
            )
        )

    @api.depends("pathway_ref", "component_id.name", "period_start")
    def _compute_display_name(self):
        # The pseudonymous reference only: accountants read these names.
        for line in self:
            line.display_name = "%s · %s · %s" % (
                line.pathway_ref or "",
                line.component_id.name or "",
                line.period_start or "",
            )

    @api.depends("source_facts", "component_id.name")
    @api.depends_context("lang")
    def _compute_source(self):
        for line in self:
            line.source = line._render_source(line.source_facts or {})

    def _render_source(self, facts):
        """The facts of a line as a sentence in the reader's language."""
        kind = facts.get("kind")
        if kind == "encounters":
            return self.env._("%(count)s done encounter(s)", count=facts["count"])
        if kind == "rcp":
            text = self.env._(
                "%(minutes)s RCP minute(s) x %(rate)s/h shared over %(patients)s patient(s) "
                "= %(share)s",
                minutes=facts["minutes"],
                rate=self._format_cents(facts["rate"]),
                patients=facts["patients"],
                share=self._format_cents(facts["share"]),
            )
            if facts.get("stated"):
                text = self.env._("%(computation)s; the funder's figure is paid", computation=text)
            return text
        if kind == "reversal":
            return self.env._("Reversal of a corrected line")
        if kind == "correction":
            return self.env._("Correction")
        if kind == "text":
            return facts.get("text") or ""
        return self.component_id.name or ""

    def _format_cents(self, cents):
        return formatLang(self.env, cents / 100, digits=2)

    @api.depends("amount_cents")
    def _compute_amount(self):
        for line in self:
            line.amount = line.amount_cents / 100

    @api.depends(
        "kind",
        "retained",
        "partner_id",
        "component_id",
        "run_id.state",
        "run_id.move_ids.state",
        "run_id.move_ids.payment_state",
    )
    def _compute_billing(self):
        bill_line_of = self._bill_lines()
        # sudo: the bill of lines the user reads, for its state only.
        bill_lines = self.env["account.move.line"].sudo().browse(set(bill_line_of.values()))
        bill_lines.fetch(["move_id"])
        bill_lines.move_id.fetch(["state", "payment_state"])
        for line in self:
            bill_line = bill_lines.browse(bill_line_of.get(line.id))
            move = bill_line.move_id
            if line.kind == "accrual" and (not line.run_id or line.run_id.state != "done"):
                line.validation_state = "draft"
                line.state = "draft"
            else:
                line.validation_state = "validated"
                if move.payment_state in ("paid", "in_payment"):
                    line.state = "paid"
                else:
                    line.state = "billed" if move else "validated"
            line.move_line_id = bill_line.id
            line.move_id = move.id

    def _bill_lines(self):
        """{line id: the bill line in force paying it}."""
        ids = [line_id for line_id in self._ids if isinstance(line_id, int)]
        if not ids:
            return {}
        self.flush_model(["run_id", "partner_id", "component_id", "retained"])
        self.env.cr.execute(
            SQL(
                "SELECT line.id, bill_line.id FROM %s WHERE line.id IN %s",
                self._billed_lines_join(),
                tuple(ids),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _billed_lines_join(self, move_condition=None):
        """FROM clause: each billed line (`line`) with its bill line and its bill (`move`).

        The bills of a run are one per beneficiary, with one line per component; lines kept by
        the organisation are on none."""
        self.env["account.move.line"].flush_model(["move_id", "parcours_forfait_component_id"])
        self.env["account.move"].flush_model(
            ["parcours_payout_run_id", "partner_id", "state", "payment_state"]
        )
        return SQL(
            """
            parcours_forfait_line line
            JOIN account_move move
              ON move.parcours_payout_run_id = line.run_id
             AND move.partner_id = line.partner_id
             AND NOT line.retained
             AND move.state != 'cancel'
             AND %s
            JOIN account_move_line bill_line
              ON bill_line.move_id = move.id
             AND bill_line.parcours_forfait_component_id = line.component_id
            """,
            move_condition or SQL("TRUE"),
        )

    def _billed_line_ids(self, move_condition=None):
        """Subquery of the ids of the lines billed by a bill in force meeting the condition."""
        return SQL(
            "(SELECT line.id FROM %s)",
            self._billed_lines_join(move_condition),
        )

    def _states_searched(self, operator, value, states):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the state of forfait lines."))
        values = {value} if operator in ("=", "!=") else set(value)
        return values & set(states) if operator in ("=", "in") else set(states) - values

    def _search_validation_state(self, operator, value):
        wanted = self._states_searched(operator, value, ("draft", "validated"))
        draft = [
            ("kind", "=", "accrual"),
            "|",
            ("run_id", "=", False),
            ("run_id.state", "!=", "done"),
        ]
        if wanted == {"draft", "validated"}:
            return expression.TRUE_DOMAIN
        if wanted == {"draft"}:
            return draft
        if wanted == {"validated"}:
            return ["!", *expression.normalize_domain(draft)]
        return expression.FALSE_DOMAIN

    def _search_state(self, operator, value):
        wanted = self._states_searched(operator, value, ("draft", "validated", "billed", "paid"))
        paid = SQL("move.payment_state IN ('paid', 'in_payment')")
        billed = self._billed_line_ids()
        conditions = {
            "draft": [("validation_state", "=", "draft")],
            "validated": [
                "&",
                ("validation_state", "=", "validated"),
                ("id", "not in", billed),
            ],
            "billed": [("id", "in", self._billed_line_ids(SQL("NOT (%s)", paid)))],
            "paid": [("id", "in", self._billed_line_ids(paid))],
        }
        if not wanted:
            return expression.FALSE_DOMAIN
        return expression.OR([conditions[state] for state in sorted(wanted)])

    def _search_move_line_id(self, operator, value):
        return self._search_bill(operator, value, SQL.identifier("bill_line", "id"))

    def _search_move_id(self, operator, value):
        return self._search_bill(operator, value, SQL.identifier("move", "id"))

    def _search_bill(self, operator, value, column):
        if operator in ("=", "!=") and value is False:
            operator = "not in" if operator == "=" else "in"
            return [("id", operator, self._billed_line_ids())]
        if operator not in ("=", "in"):
            raise UserError(self.env._("Unsupported search on the vendor bills of forfait lines."))
        ids = [value] if operator == "=" else list(value)
        return [("id", "in", self._billed_line_ids(SQL("%s IN %s", column, tuple(ids) or (0,))))]

    @api.model_create_multi
    def create(self, vals_list):
        # Forfait lines are booked by the accrual engine and the correction action only.
        self._check_internal()
        return super().create(vals_list)

    def write(self, vals):
        # Amounts, links to bills, payment state and sources are facts of the engine, the
        # validation and the correction: nobody writes them by hand.
        self._check_internal()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_draft_only(self):
        self._check_internal()
        if self.filtered(lambda line: line.validation_state != "draft"):
            raise UserError(
                self.env._("Only draft forfait lines can be deleted; correct the others.")
            )

    def _check_internal(self):
        """Refuse a change that does not come from the engine's private, superuser path."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Forfait lines are computed by payout runs and changed only by a "
                    "correction (a reversal and a new line)."
                )
            )

    def action_correct(self, amount, reason):
        """Replace validated lines by a reversal and a new line of `amount` (in currency)."""
        if not self.env.user.has_group("parcours_base.group_parcours_accountant"):
            raise AccessError(self.env._("Only accountants correct forfait lines."))
        if not (reason or "").strip():
            raise UserError(self.env._("A correction needs a reason."))
        self.check_access("read")
        return self._correct(amount, reason.strip())

    def _correct(self, amount, reason):
        """The reversal and the new line of each line, booked as superuser.

        The accountant who corrects stays the author (create_uid) of both lines, and the
        reason is kept on them.
        """
        new_lines = self.browse()
        cents = to_cents(amount)
        # sudo: lines refuse every user's write; these were checked readable by the
        # accountant in action_correct. A client's `default_*` context keys (a bill, a state)
        # never reach the new lines.
        for line in self.sudo().with_context(clean_context(self.env.context)):
            if not line.is_current or line.validation_state != "validated":
                raise UserError(
                    self.env._(
                        "Only a validated line in force can be corrected (%s).",
                        line.pathway_ref,
                    )
                )
            common = {
                # The correcting accountant cannot read pathway_id, only carry it over.
                "pathway_id": line.pathway_id.id,
                "pathway_ref": line.pathway_ref,
                "rule_id": line.rule_id.id,
                "component_id": line.component_id.id,
                "company_id": line.company_id.id,
                "period_start": line.period_start,
                "period_end": line.period_end,
                "partner_id": line.partner_id.id,
                "retained": line.retained,
                "reason": reason,
            }
            # The corrected line keeps its figures; it is only taken out of force.
            line.is_current = False
            line.flush_recordset(["is_current"])
            new_lines |= line.create(
                [
                    dict(
                        common,
                        kind="reversal",
                        amount_cents=-line.amount_cents,
                        reversal_of_id=line.id,
                        is_current=False,
                        source_facts={"kind": "reversal"},
                    ),
                    dict(
                        common,
                        kind="correction",
                        amount_cents=cents,
                        reversal_of_id=line.id,
                        source_facts={"kind": "correction"},
                    ),
                ]
            )
        return new_lines.sudo(False)
