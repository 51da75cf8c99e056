import hashlib
import hmac
from bisect import bisect_left, bisect_right
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.forfait_split import parse_schedule, scale, split_forfait, to_cents
from ..tools.periods import covered_fraction, forfait_periods

LOCKED_FIELDS = {
    "amount_cents",
    "partner_id",
    "component_id",
    "rule_id",
    "pathway_id",
    "period_start",
    "period_end",
    "company_id",
    "pathway_ref",
    "retained",
    "kind",
    "reversal_of_id",
    "is_current",
    "validation_state",
}


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
    pathway_ref = fields.Char(
        string="Patient Reference",
        readonly=True,
        index=True,
        help="Pseudonymous reference of the pathway: it does not reveal who the patient is.",
    )
    rule_id = fields.Many2one("parcours.forfait.rule", required=True, readonly=True, index=True)
    component_id = fields.Many2one(
        "parcours.forfait.component", required=True, readonly=True, index=True
    )
    sequence = fields.Integer(related="component_id.sequence")
    programme_id = fields.Many2one(
        related="rule_id.programme_id", store=True, index=True, precompute=True
    )
    funder_id = fields.Many2one(related="rule_id.funder_id")
    company_id = fields.Many2one(
        "res.company", string="Organisation", required=True, readonly=True, index=True
    )
    period_start = fields.Date(required=True, readonly=True, index=True)
    period_end = fields.Date(required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Beneficiary", required=True, readonly=True, index=True
    )
    retained = fields.Boolean(
        readonly=True, help="Kept by the organisation itself: no vendor bill is made for it."
    )
    currency_id = fields.Many2one(related="rule_id.currency_id")
    amount_cents = fields.Integer(readonly=True, help="The amount in cents: sums are exact.")
    amount = fields.Monetary(compute="_compute_amount", store=True, precompute=True)
    source = fields.Char(string="Computed From", readonly=True)
    kind = fields.Selection(
        [("accrual", "Accrual"), ("reversal", "Reversal"), ("correction", "Correction")],
        required=True,
        default="accrual",
        readonly=True,
    )
    reversal_of_id = fields.Many2one(
        "parcours.forfait.line", string="Reverses", readonly=True, index="btree_not_null"
    )
    is_current = fields.Boolean(
        default=True,
        readonly=True,
        help="The line in force for its patient, component and period (not reversed).",
    )
    validation_state = fields.Selection(
        [("draft", "Draft"), ("validated", "Validated"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("validated", "Validated"),
            ("billed", "Billed"),
            ("paid", "Paid"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        precompute=True,
        index=True,
    )
    run_id = fields.Many2one(
        "parcours.payout.run", string="Payout Run", readonly=True, index=True, ondelete="set null"
    )
    move_id = fields.Many2one(
        "account.move",
        string="Vendor Bill",
        readonly=True,
        index="btree_not_null",
        copy=False,
        groups="account.group_account_invoice",
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        readonly=True,
        copy=False,
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

    @api.depends("amount_cents")
    def _compute_amount(self):
        for line in self:
            line.amount = line.amount_cents / 100

    @api.depends("validation_state", "move_id.state", "move_id.payment_state")
    def _compute_state(self):
        # The bill is read as superuser: its payment makes the line paid whoever triggers it.
        for line in self.sudo():
            move = line.move_id
            if line.validation_state == "cancelled":
                line.state = "cancelled"
            elif move.state == "posted" and move.payment_state in ("paid", "in_payment"):
                line.state = "paid"
            elif move and move.state != "cancel":
                line.state = "billed"
            else:
                line.state = line.validation_state

    def write(self, vals):
        # Only the correction itself (as superuser, never over RPC) may take a validated line
        # out of force.
        internal = self.env.su and self.env.context.get("parcours_forfait_correction")
        if (
            not internal
            and LOCKED_FIELDS & set(vals)
            and self.filtered(lambda line: line.validation_state != "draft")
        ):
            raise UserError(
                self.env._(
                    "A validated forfait line cannot be changed: correct it instead "
                    "(a reversal and a new line are created)."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_draft_only(self):
        if self.filtered(lambda line: line.validation_state != "draft"):
            raise UserError(
                self.env._("Only draft forfait lines can be deleted; correct the others.")
            )

    def action_correct(self, amount):
        """Replace validated lines by a reversal and a new line of `amount` (in currency)."""
        if not self.env.user.has_group("parcours_base.group_parcours_accountant"):
            raise UserError(self.env._("Only accountants correct forfait lines."))
        return self._correct(amount)

    def _correct(self, amount):
        new_lines = self.browse()
        for line in self:
            if not line.is_current or line.validation_state != "validated":
                raise UserError(
                    self.env._(
                        "Only a validated line in force can be corrected (%s).", line.pathway_ref
                    )
                )
            cents = to_cents(amount)
            common = {
                # sudo: the correcting accountant cannot read pathway_id, only carry it over.
                "pathway_id": line.sudo().pathway_id.id,
                "pathway_ref": line.pathway_ref,
                "rule_id": line.rule_id.id,
                "component_id": line.component_id.id,
                "company_id": line.company_id.id,
                "period_start": line.period_start,
                "period_end": line.period_end,
                "partner_id": line.partner_id.id,
                "retained": line.retained,
                "validation_state": "validated",
            }
            # The corrected line keeps its figures; it is only taken out of force.
            line.sudo().with_context(parcours_forfait_correction=True).is_current = False
            line.flush_recordset(["is_current"])
            # sudo: the new lines carry the hidden pathway_id (see _create_lines).
            new_lines |= self.sudo().create(
                [
                    dict(
                        common,
                        kind="reversal",
                        amount_cents=-line.amount_cents,
                        reversal_of_id=line.id,
                        is_current=False,
                        source=self.env._("Reversal of a corrected line"),
                    ),
                    dict(
                        common,
                        kind="correction",
                        amount_cents=cents,
                        reversal_of_id=line.id,
                        source=self.env._("Correction"),
                    ),
                ]
            )
        return new_lines.sudo(False)

    def _validate_and_link(self, bill_line_of):
        """Validate these lines and link those paid by a bill line ({line id: bill line}).

        One statement for a whole payout run (tens of thousands of lines, each UPDATE
        rewriting every index). `state` is derived from the bill by the same rule as
        _compute_state, read from the bills just posted.
        """
        self.check_access("write")
        self.flush_recordset()
        self.env["account.move"].flush_model(["state", "payment_state"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE parcours_forfait_line AS line
                   SET validation_state = 'validated',
                       move_id = link.move_id,
                       move_line_id = link.move_line_id,
                       state = CASE
                           WHEN link.bill_state = 'posted'
                                AND link.payment_state IN ('paid', 'in_payment') THEN 'paid'
                           WHEN link.bill_state != 'cancel' THEN 'billed'
                           ELSE 'validated'
                       END,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM (
                        SELECT todo.id, bill.id AS move_id, bill_line.id AS move_line_id,
                               bill.state AS bill_state, bill.payment_state
                          FROM unnest(%(line_ids)s::int4[], %(bill_line_ids)s::int4[])
                               AS todo(id, bill_line_id)
                     LEFT JOIN account_move_line AS bill_line
                               ON bill_line.id = todo.bill_line_id
                     LEFT JOIN account_move AS bill ON bill.id = bill_line.move_id
                       ) AS link
                 WHERE line.id = link.id AND line.validation_state != 'cancelled'
                """,
                uid=self.env.uid,
                now=self.env.cr.now(),
                line_ids=self.ids,
                bill_line_ids=[
                    bill_line_of[line_id].id if line_id in bill_line_of else None
                    for line_id in self.ids
                ],
            )
        )
        self._after_bulk_update(
            ["validation_state", "move_id", "move_line_id", "state", "write_uid", "write_date"]
        )

    def _after_bulk_update(self, fnames):
        """What write() does after its UPDATE: drop the stale cache, tell the dependents.

        `state` was written by the statement itself, so it is not recomputed.
        """
        self.invalidate_recordset(fnames)
        with self.env.protecting([self._fields["state"]], self):
            self.modified(fnames)

    @api.model
    def _pseudonymous_refs(self, pathway_ids):
        """Stable references that cannot be traced back to the patient without the key."""
        # sudo: the database secret keys the hash; it is used here, never returned.
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return {
            pathway_id: "PW-"
            + hmac.new(secret.encode(), b"parcours.pathway:%d" % pathway_id, hashlib.sha256)
            .hexdigest()[:10]
            .upper()
            for pathway_id in pathway_ids
        }

    @api.model
    def _accrue(self, programme, company, date_from, date_to, run=None):
        """Create the draft lines of the periods ending between date_from and date_to.

        A period ends on its last day or when the patient leaves the programme. Keys
        already accrued are skipped, so running a period again creates nothing.
        All reads are batched: the number of queries does not depend on the patients.
        """
        rules = self.env["parcours.forfait.rule"].search(
            [
                ("programme_id", "=", programme.id),
                ("company_id", "in", (company.id, False)),
            ]
        )
        if not rules:
            return self.browse()
        facts = self._billing_facts(programme, company, date_to)
        done = {
            (line["pathway_id"][0], line["component_id"][0], line["period_start"])
            # sudo: lines already booked count whoever may read them (idempotency).
            for line in self.sudo().search_read(
                [
                    ("is_current", "=", True),
                    ("rule_id", "in", rules.ids),
                    ("company_id", "=", company.id),
                    ("period_end", ">=", date_from),
                ],
                ["pathway_id", "component_id", "period_start"],
            )
        }
        refs = self._pseudonymous_refs([pathway["id"] for pathway in facts["pathways"]])
        vals_list = []
        for rule in rules:
            for pathway in facts["pathways"]:
                for start, end in forfait_periods(
                    rule.period_kind,
                    pathway["inclusion_date"],
                    date_to,
                    phases=rule._phase_durations(),
                    duration=rule._period_duration(),
                ):
                    exit_date = pathway["end_date"]
                    if exit_date and exit_date < start:
                        break
                    last_day = min(end, exit_date) if exit_date else end
                    if not date_from <= last_day <= date_to:
                        continue
                    for component_id, partner, cents, source in self._split_period(
                        rule, pathway, start, end, facts
                    ):
                        if cents and (pathway["id"], component_id, start) not in done:
                            vals_list.append(
                                {
                                    "pathway_id": pathway["id"],
                                    "pathway_ref": refs[pathway["id"]],
                                    "rule_id": rule.id,
                                    "component_id": component_id,
                                    "company_id": company.id,
                                    "period_start": start,
                                    "period_end": end,
                                    "partner_id": partner.id,
                                    "retained": partner == company.partner_id,
                                    "amount_cents": cents,
                                    "source": source,
                                    "run_id": run.id if run else False,
                                }
                            )
        return self._insert_accruals(vals_list)

    @api.model
    def _insert_accruals(self, vals_list):
        """Insert draft accrual lines in one statement: a run accrues tens of thousands.

        The ORM's create costs about half a millisecond a line; here each column is sent as
        one array. Everything create() would add is written the same way: the stored
        computed fields (programme, amount, state), defaults and log columns; then
        `modified` tells whatever depends on the lines. pathway_id, hidden from the
        accountants who run payouts, is carried over without being read by them.
        """
        self.check_access("create")
        if not vals_list:
            return self.browse()
        self.env.flush_all()
        rules = self.env["parcours.forfait.rule"].browse({vals["rule_id"] for vals in vals_list})
        programme_of = {rule.id: rule.programme_id.id for rule in rules}
        integer, text, day, flag = SQL("int4"), SQL("varchar"), SQL("date"), SQL("bool")
        columns = {
            "pathway_id": integer,
            "pathway_ref": text,
            "rule_id": integer,
            "component_id": integer,
            "company_id": integer,
            "period_start": day,
            "period_end": day,
            "partner_id": integer,
            "retained": flag,
            "amount_cents": integer,
            "source": text,
            "run_id": integer,
        }
        arrays = [
            SQL("%s::%s[]", [vals[name] or None for vals in vals_list], sql_type)
            for name, sql_type in columns.items()
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO parcours_forfait_line (
                    %(columns)s, programme_id, amount, kind, is_current, validation_state,
                    state, create_uid, write_uid, create_date, write_date
                )
                SELECT accrual.*, programme.id, accrual.amount_cents / 100.0, 'accrual', TRUE,
                       'draft', 'draft', %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(arrays)s) AS accrual(%(columns)s)
                  JOIN unnest(%(rule_ids)s::int4[], %(programme_ids)s::int4[])
                       AS programme(rule_id, id) ON programme.rule_id = accrual.rule_id
                RETURNING id
                """,
                columns=SQL(", ").join(SQL.identifier(name) for name in columns),
                arrays=SQL(", ").join(arrays),
                uid=self.env.uid,
                now=self.env.cr.now(),
                rule_ids=list(programme_of),
                programme_ids=list(programme_of.values()),
            )
        )
        lines = self.browse(row[0] for row in self.env.cr.fetchall())
        self.env["parcours.payout.run"].browse(
            {vals["run_id"] for vals in vals_list if vals["run_id"]}
        ).invalidate_recordset(["line_ids"])
        # The computed columns were written above: only what lies outside the lines recomputes.
        with self.env.protecting(
            [self._fields[name] for name in ("programme_id", "amount", "state")], lines
        ):
            lines.modified(self._fields, create=True)
        return lines

    @api.model
    def _billing_facts(self, programme, company, date_to):
        """Pathways, care teams, encounters and RCP attendance needed by the split.

        Accountants have no access to pathways: this narrow sudo() reads only the dates,
        roles and counts the forfait needs, never clinical content.
        """
        Pathway = self.env["parcours.pathway"].sudo().with_context(active_test=False)
        pathways = Pathway.search_read(
            [
                ("programme_id", "=", programme.id),
                ("company_id", "=", company.id),
                ("inclusion_date", "!=", False),
                ("inclusion_date", "<=", date_to),
                ("state", "!=", "cancelled"),
            ],
            ["inclusion_date", "end_date"],
            order="id",
        )
        pathway_ids = [pathway["id"] for pathway in pathways]
        # Plain tuples: the split reads them for every pathway and component.
        members = defaultdict(list)
        for member in (
            self.env["parcours.care.team.member"]
            .sudo()
            .search_fetch(
                [("pathway_id", "in", pathway_ids)],
                ["pathway_id", "partner_id", "profession_id", "date_from", "date_to"],
            )
        ):
            members[member.pathway_id.id].append(
                (
                    member.profession_id.id,
                    member.partner_id.id,
                    member.date_from,
                    member.date_to,
                )
            )
        encounters = defaultdict(list)
        for encounter in (
            self.env["parcours.encounter"]
            .sudo()
            .search_fetch(
                [
                    ("pathway_id", "in", pathway_ids),
                    ("state", "=", "done"),
                    ("billable", "=", True),
                ],
                ["pathway_id", "partner_id", "kind_id", "start"],
                order="start, id",
            )
        ):
            encounters[encounter.pathway_id.id].append(
                (encounter.partner_id.id, encounter.kind_id.id, encounter.start.date())
            )
        attendance = defaultdict(list)
        for attendee in (
            self.env["parcours.rcp.attendee"]
            .sudo()
            .search_fetch(
                [
                    ("rcp_id.state", "=", "validated"),
                    ("rcp_id.programme_ids", "in", programme.id),
                    ("company_id", "=", company.id),
                    ("attendance", "=", "present"),
                ],
                ["partner_id", "minutes_attended", "rcp_id"],
            )
        ):
            attendance[attendee.partner_id.id].append(
                (attendee.rcp_id.date.date(), attendee.minutes_attended)
            )
        for rows in attendance.values():
            rows.sort()
        return {
            "pathways": pathways,
            "members": members,
            "encounters": encounters,
            "attendance": attendance,
            "inclusions": sorted(pathway["inclusion_date"] for pathway in pathways),
            "company": company,
            "rules": {},
            "beneficiaries": {},
            "exits": sorted(pathway["end_date"] for pathway in pathways if pathway["end_date"]),
        }

    @api.model
    def _split_inputs(self, rule):
        """The fixed part of the split inputs of a rule, in cents, read once per run."""
        return to_cents(rule.currency_id.round(rule.amount)), [
            {
                "component": component,
                "key": component.id,
                "computation": component.computation,
                "amount": to_cents(component.amount),
                "base": to_cents(component.base_amount),
                "rate": to_cents(component.rate),
                "hourly_rate": to_cents(component.hourly_rate),
                "max_count": component.max_count,
                "schedule": parse_schedule(component.schedule),
                "early_exit": component.early_exit,
                "profession_id": component.profession_id.id,
                "kind_id": component.encounter_kind_id.id,
            }
            for component in rule.component_ids
        ]

    @api.model
    def _split_period(self, rule, pathway, start, end, facts):
        """(component id, beneficiary, cents, source) of one pathway period."""
        if rule.id not in facts["rules"]:
            facts["rules"][rule.id] = self._split_inputs(rule)
        total, static_inputs = facts["rules"][rule.id]
        exit_date = pathway["end_date"]
        last_day = min(end, exit_date) if exit_date else end
        team = {}  # profession: partner holding it during the period
        for profession_id, partner_id, date_from, date_to in facts["members"][pathway["id"]]:
            if date_from <= last_day and (not date_to or date_to >= start):
                team.setdefault(profession_id, partner_id)
        # Patients the organisation followed in the period share the pooled costs.
        patients = bisect_right(facts["inclusions"], last_day) - bisect_left(facts["exits"], start)
        inputs = []
        resolved = {}
        for static in static_inputs:
            component = static["component"]
            partner_id = team.get(static["profession_id"], False)
            if (component.id, partner_id) not in facts["beneficiaries"]:
                facts["beneficiaries"][component.id, partner_id] = component._beneficiary(
                    self.env["res.partner"].browse(partner_id), facts["company"]
                )
            beneficiary = facts["beneficiaries"][component.id, partner_id]
            count = 0
            pooled = 0
            source = component.name
            if static["computation"] in ("per_encounter", "schedule") and partner_id:
                count = sum(
                    1
                    for encounter_partner_id, kind_id, day in facts["encounters"][pathway["id"]]
                    if encounter_partner_id == partner_id
                    and (not static["kind_id"] or kind_id == static["kind_id"])
                    and start <= day <= last_day
                )
                source = self.env._("%(count)s done encounter(s)", count=count)
            if static["computation"] == "pooled" and partner_id:
                minutes = sum(
                    attended
                    for day, attended in facts["attendance"][partner_id]
                    if start <= day <= last_day
                )
                pooled = scale(static["hourly_rate"], minutes, 60 * max(patients, 1))
                source = self.env._(
                    "%(minutes)s RCP minute(s) shared over %(patients)s patient(s)",
                    minutes=minutes,
                    patients=patients,
                )
            resolved[component.id] = (beneficiary, source)
            inputs.append(dict(static, count=count, pooled=pooled, payable=bool(beneficiary)))
        # What no component takes is not accrued: the organisation keeps it, and the
        # reconciliation shows it as retained.
        parts, _unallocated = split_forfait(total, inputs, covered_fraction(start, end, exit_date))
        return [
            (component_id, resolved[component_id][0], cents, resolved[component_id][1])
            for component_id, cents in parts.items()
        ]
