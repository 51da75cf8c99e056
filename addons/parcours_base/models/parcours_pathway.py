from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ACTIVE_STATES = ("draft", "requested", "eligible", "included", "suspended")
INCLUDED_STATES = ("included", "suspended", "closed")


class ParcoursPathway(models.Model):
    _name = "parcours.pathway"
    _description = "Care pathway"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, request_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    patient_id = fields.Many2one(
        "parcours.patient",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
    )
    programme_id = fields.Many2one(
        "parcours.programme",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('company_ids', 'in', company_id)]",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Coordinator",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    stage_id = fields.Many2one(
        "parcours.stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        domain="[('programme_id', '=', programme_id)]",
    )
    date_last_stage_update = fields.Datetime(
        default=fields.Datetime.now, readonly=True, copy=False
    )
    days_in_stage = fields.Integer(compute="_compute_days_in_stage")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("requested", "Requested"),
            ("eligible", "Eligible"),
            ("included", "Included"),
            ("suspended", "Suspended"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="draft",
        tracking=True,
        readonly=True,
        copy=False,
        index=True,
    )
    referral_source = fields.Selection(
        [
            ("patient", "Patient"),
            ("relative", "Relative"),
            ("gp", "GP"),
            ("specialist", "Specialist"),
            ("hospital", "Hospital / SMR"),
            ("coordination", "Coordination cell (DAC, CPTS)"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    referrer_id = fields.Many2one("res.partner", string="Referred By")
    request_date = fields.Date(default=fields.Date.context_today, tracking=True, copy=False)
    file_complete_date = fields.Date(tracking=True, copy=False)
    inclusion_date = fields.Date(tracking=True, copy=False)
    planned_end_date = fields.Date(
        compute="_compute_planned_end_date", store=True, readonly=False, tracking=True, copy=False
    )
    renewal_due_date = fields.Date(
        compute="_compute_renewal_due_date", store=True, readonly=False, tracking=True, copy=False
    )
    end_date = fields.Date(tracking=True, copy=False)
    end_reason_id = fields.Many2one(
        "parcours.end.reason",
        tracking=True,
        copy=False,
        domain="['|', ('programme_id', '=', False), ('programme_id', '=', programme_id)]",
    )
    end_comment = fields.Text(copy=False)
    gp_informed_date = fields.Date(string="GP Informed On", tracking=True, copy=False)
    checklist_line_ids = fields.One2many(
        "parcours.pathway.checklist", "pathway_id", string="Checklist", copy=False
    )
    member_ids = fields.One2many("parcours.care.team.member", "pathway_id", string="Care Team")
    consent_ids = fields.One2many("parcours.consent", "pathway_id", string="Consents", copy=False)
    has_consent = fields.Boolean(compute="_compute_has_consent", store=True)
    approval_ids = fields.One2many(
        "parcours.inclusion.approval", "pathway_id", string="Inclusion Approvals", copy=False
    )
    missing_approval_role_ids = fields.Many2many(
        "parcours.programme.role",
        compute="_compute_missing_approval_role_ids",
        string="Approvals Still Needed",
    )
    tag_ids = fields.Many2many("parcours.tag", string="Tags")
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)
    stage_kind = fields.Selection(related="stage_id.kind")

    _sql_constraints = [
        (
            "reference_unique",
            "unique(name, company_id)",
            "Another pathway of this organisation has this reference.",
        ),
    ]

    def init(self):
        # Two active pathways of one patient in one programme would be funded twice:
        # the database refuses them even when two coordinators save at the same time.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS parcours_pathway_one_active_per_programme
                ON parcours_pathway (patient_id, programme_id)
                WHERE active AND state NOT IN ('closed', 'cancelled')
                """
            )
        )

    @api.depends("patient_id.display_name")
    def _compute_display_name(self):
        for pathway in self:
            if pathway.patient_id:
                pathway.display_name = f"{pathway.name} · {pathway.patient_id.display_name}"
            else:
                pathway.display_name = pathway.name

    @api.depends("programme_id")
    def _compute_stage_id(self):
        for pathway in self:
            if pathway.stage_id.programme_id != pathway.programme_id:
                pathway.stage_id = pathway.programme_id.stage_ids[:1]

    def _compute_days_in_stage(self):
        now = fields.Datetime.now()
        for pathway in self:
            since = pathway.date_last_stage_update or now
            pathway.days_in_stage = (now - since).days

    @api.depends("inclusion_date", "programme_id.duration_policy")
    def _compute_planned_end_date(self):
        for pathway in self:
            if pathway.inclusion_date and pathway.programme_id:
                pathway.planned_end_date = pathway.programme_id._period_end(pathway.inclusion_date)
            else:
                pathway.planned_end_date = False

    @api.depends("planned_end_date", "programme_id.duration_policy")
    def _compute_renewal_due_date(self):
        for pathway in self:
            renewable = pathway.programme_id.duration_policy == "renewable"
            pathway.renewal_due_date = renewable and pathway.planned_end_date

    @api.depends("consent_ids.withdrawal_date", "consent_ids.date")
    def _compute_has_consent(self):
        for pathway in self:
            pathway.has_consent = any(
                consent.date and not consent.withdrawal_date for consent in pathway.consent_ids
            )

    @api.depends("approval_ids.role_id", "programme_id.role_ids.approves_inclusion")
    def _compute_missing_approval_role_ids(self):
        for pathway in self:
            required = pathway.programme_id.role_ids.filtered("approves_inclusion")
            pathway.missing_approval_role_ids = required - pathway.approval_ids.role_id

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Show every stage of the programme(s) being looked at, even empty ones."""
        programme_id = self.env.context.get("default_programme_id")
        if not programme_id:
            return stages
        return stages.search([("programme_id", "=", programme_id)])

    @api.constrains(
        "request_date", "file_complete_date", "inclusion_date", "planned_end_date", "end_date"
    )
    def _check_dates_in_order(self):
        labels = self._fields
        for pathway in self:
            ordered = [
                name
                for name in ("request_date", "file_complete_date", "inclusion_date", "end_date")
                if pathway[name]
            ]
            for before, after in zip(ordered, ordered[1:]):
                if pathway[before] > pathway[after]:
                    raise ValidationError(
                        self.env._(
                            "%(after)s (%(after_date)s) cannot be before %(before)s "
                            "(%(before_date)s).",
                            after=labels[after].get_description(self.env)["string"],
                            after_date=pathway[after],
                            before=labels[before].get_description(self.env)["string"],
                            before_date=pathway[before],
                        )
                    )
            if (
                pathway.inclusion_date
                and pathway.planned_end_date
                and pathway.planned_end_date < pathway.inclusion_date
            ):
                raise ValidationError(self.env._("The planned end cannot be before the inclusion."))

    @api.constrains("state", "end_reason_id")
    def _check_end_reason(self):
        for pathway in self:
            if pathway.state == "closed" and not pathway.end_reason_id:
                raise ValidationError(self.env._("A closed pathway needs an end reason."))

    @api.constrains("programme_id", "company_id")
    def _check_programme_runs_in_organisation(self):
        for pathway in self:
            if pathway.company_id not in pathway.programme_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(organisation)s does not run the programme %(programme)s.",
                        organisation=pathway.company_id.name,
                        programme=pathway.programme_id.name,
                    )
                )

    @api.onchange("programme_id")
    def _onchange_programme_id(self):
        self.checklist_line_ids = [
            fields.Command.create({"item_id": item.id})
            for item in self.programme_id.checklist_item_ids
        ]

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        programmes = self.env["parcours.programme"].browse(
            [vals["programme_id"] for vals in vals_list if vals.get("programme_id")]
        )
        codes = {programme.id: programme.code for programme in programmes}
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                number = sequence.next_by_code("parcours.pathway") or "/"
                vals["name"] = "%s-%s" % (codes.get(vals.get("programme_id"), "P"), number)
        self._check_one_active_pathway(
            [
                (False, vals.get("patient_id"), vals.get("programme_id"))
                for vals in vals_list
                if vals.get("state", "draft") in ACTIVE_STATES and vals.get("active", True)
            ]
        )
        pathways = super().create(vals_list)
        pathways._add_missing_checklist_lines()
        return pathways

    def write(self, vals):
        if {"patient_id", "programme_id", "state", "active"} & set(vals):
            self._check_one_active_pathway(
                [
                    (
                        pathway.id,
                        vals.get("patient_id", pathway.patient_id.id),
                        vals.get("programme_id", pathway.programme_id.id),
                    )
                    for pathway in self
                    if vals.get("state", pathway.state) in ACTIVE_STATES
                    and vals.get("active", pathway.active)
                ]
            )
        if "stage_id" in vals:
            vals = dict(vals, date_last_stage_update=fields.Datetime.now())
        result = super().write(vals)
        if "stage_id" in vals:
            for pathway in self:
                pathway._check_stage_requirements(pathway.stage_id)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never_included(self):
        for pathway in self:
            if pathway.inclusion_date or pathway.state in INCLUDED_STATES:
                raise UserError(
                    self.env._(
                        "%s has been included: archive it instead of deleting it.",
                        pathway.display_name,
                    )
                )

    def action_submit_request(self):
        for pathway in self:
            pathway._ensure_state(("draft",))
        self.write({"state": "requested"})
        self._move_to_stage_kind("request")

    def action_mark_eligible(self):
        for pathway in self:
            pathway._ensure_state(("draft", "requested"))
            missing = pathway._missing_checklist("eligibility")
            if missing:
                raise UserError(
                    self.env._(
                        "%(pathway)s: these eligibility criteria are not checked yet: %(items)s.",
                        pathway=pathway.display_name,
                        items=", ".join(missing.mapped("name")),
                    )
                )
        self.write({"state": "eligible"})
        self._move_to_stage_kind("evaluation")

    def action_include(self):
        today = fields.Date.context_today(self)
        for pathway in self:
            pathway._ensure_state(("draft", "requested", "eligible"))
            problems = pathway._inclusion_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "%(pathway)s cannot be included yet:\n%(problems)s",
                        pathway=pathway.display_name,
                        problems="\n".join("- " + problem for problem in problems),
                    )
                )
            pathway.write({"state": "included", "inclusion_date": pathway.inclusion_date or today})
        self._move_to_stage_kind("included")

    def action_approve_inclusion(self):
        """Record the current user's approval for each approving role they hold."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        roles = self.missing_approval_role_ids.filtered(
            lambda role: self.member_ids.filtered(
                lambda member: member.user_id == self.env.user
                and member.profession_id == role.profession_id
                and member._is_current(today)
            )
        )
        if not roles:
            raise UserError(
                self.env._(
                    "You are not on the care team of %s with a role whose approval is still "
                    "needed.",
                    self.display_name,
                )
            )
        self.approval_ids = [
            fields.Command.create({"role_id": role.id, "user_id": self.env.user.id})
            for role in roles
        ]

    def action_suspend(self):
        for pathway in self:
            pathway._ensure_state(("included",))
        self.write({"state": "suspended"})

    def action_resume(self):
        for pathway in self:
            pathway._ensure_state(("suspended",))
            if not pathway.has_consent:
                raise UserError(
                    self.env._(
                        "%s has no consent in force: record a new consent first.",
                        pathway.display_name,
                    )
                )
        self.write({"state": "included"})

    def action_cancel(self):
        for pathway in self:
            pathway._ensure_state(("draft", "requested", "eligible"))
        self.write({"state": "cancelled", "end_date": fields.Date.context_today(self)})

    def action_open_close_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close pathway"),
            "res_model": "parcours.pathway.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pathway_ids": self.ids},
        }

    def action_renew(self):
        """Open a new period on the anniversary (renewable programmes)."""
        for pathway in self:
            pathway._ensure_state(("included",))
            if pathway.programme_id.duration_policy != "renewable":
                raise UserError(
                    self.env._("The programme of %s is not renewable.", pathway.display_name)
                )
            start = pathway.renewal_due_date or fields.Date.context_today(self)
            end = pathway.programme_id._period_end(start)
            pathway.write({"planned_end_date": end, "renewal_due_date": end})
            pathway.message_post(
                body=self.env._("Renewed until %s.", fields.Date.to_string(end)),
            )

    def _close(self, reason, end_date, comment=False):
        for pathway in self:
            pathway._ensure_state(ACTIVE_STATES)
        self.write(
            {
                "state": "closed",
                "end_reason_id": reason.id,
                "end_date": end_date,
                "end_comment": comment,
            }
        )
        self._move_to_stage_kind("closed")

    @api.model
    def _check_one_active_pathway(self, cases):
        """Refuse a second active pathway of a patient in a programme (double funding).

        `cases` are (pathway id or False, patient id, programme id) as they will be
        saved. Checked before the database sees them so the user gets a clear message;
        a partial unique index guarantees it under concurrency.
        """
        cases = [case for case in cases if case[1] and case[2]]
        if not cases:
            return
        seen = set()
        for pathway_id, patient_id, programme_id in cases:
            if (patient_id, programme_id) in seen:
                self._raise_double_funding(patient_id, programme_id)
            seen.add((patient_id, programme_id))
        # sudo: the rule holds across care teams the user cannot see.
        existing = self.sudo().search_fetch(
            [
                ("patient_id", "in", [case[1] for case in cases]),
                ("programme_id", "in", [case[2] for case in cases]),
                ("state", "in", ACTIVE_STATES),
                ("id", "not in", [case[0] for case in cases if case[0]]),
            ],
            ["patient_id", "programme_id"],
        )
        taken = {(pathway.patient_id.id, pathway.programme_id.id) for pathway in existing}
        for _pathway_id, patient_id, programme_id in cases:
            if (patient_id, programme_id) in taken:
                self._raise_double_funding(patient_id, programme_id)

    def _raise_double_funding(self, patient_id, programme_id):
        raise ValidationError(
            self.env._(
                "%(patient)s already has an active pathway in %(programme)s: a patient is "
                "followed once per programme.",
                patient=self.env["parcours.patient"].sudo().browse(patient_id).display_name,
                programme=self.env["parcours.programme"].browse(programme_id).name,
            )
        )

    def _ensure_state(self, allowed):
        self.ensure_one()
        if self.state not in allowed:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(pathway)s is %(state)s: this action is not possible now.",
                    pathway=self.display_name,
                    state=labels[self.state].lower(),
                )
            )

    def _move_to_stage_kind(self, kind):
        for pathway in self:
            stage = pathway.programme_id._first_stage(kind)
            if stage and pathway.stage_id.kind != kind:
                pathway.stage_id = stage

    def _missing_checklist(self, kind):
        self.ensure_one()
        return self.checklist_line_ids.filtered(
            lambda line: line.kind == kind and line.mandatory and not line.done
        ).item_id

    def _inclusion_problems(self):
        """Why this pathway cannot be included, as sentences (empty when it can)."""
        self.ensure_one()
        problems = []
        if not self.has_consent:
            problems.append(self.env._("the patient's consent is not recorded"))
        if self.missing_approval_role_ids:
            problems.append(
                self.env._(
                    "approval missing from: %s",
                    ", ".join(self.missing_approval_role_ids.profession_id.mapped("name")),
                )
            )
        missing = self._missing_checklist("eligibility")
        if missing:
            problems.append(
                self.env._("eligibility criteria not checked: %s", ", ".join(missing.mapped("name")))
            )
        return problems

    def _check_stage_requirements(self, stage):
        self.ensure_one()
        problems = []
        if stage.require_consent and not self.has_consent:
            problems.append(self.env._("the patient's consent is recorded"))
        if stage.require_inclusion and self.state not in INCLUDED_STATES:
            problems.append(self.env._("the pathway is included"))
        if stage.require_end_reason and not self.end_reason_id:
            problems.append(self.env._("an end reason is given"))
        undone = stage.required_item_ids - self.checklist_line_ids.filtered("done").item_id
        if undone:
            problems.append(
                self.env._("these items are checked: %s", ", ".join(undone.mapped("name")))
            )
        if problems:
            raise UserError(
                self.env._(
                    "%(pathway)s cannot enter the stage %(stage)s until %(problems)s.",
                    pathway=self.display_name,
                    stage=stage.name,
                    problems="; ".join(problems),
                )
            )

    def _add_missing_checklist_lines(self):
        lines = []
        for pathway in self:
            present = pathway.checklist_line_ids.item_id
            for item in pathway.programme_id.checklist_item_ids - present:
                lines.append({"pathway_id": pathway.id, "item_id": item.id})
        if lines:
            self.env["parcours.pathway.checklist"].create(lines)

    def _on_consent_withdrawn(self, consent):
        """Suspend the pathway and end access of members who joined under `consent`."""
        self.ensure_one()
        if self.state == "included" and not self.has_consent:
            self.action_suspend()
        joined_under = self.member_ids.filtered(
            lambda member: member.date_from >= consent.date
            and (not member.date_to or member.date_to > consent.withdrawal_date)
        )
        joined_under.write({"date_to": consent.withdrawal_date})
        self.message_post(
            body=self.env._(
                "Consent withdrawn on %s: pathway suspended, care-team access ended.",
                fields.Date.to_string(consent.withdrawal_date),
            )
        )
