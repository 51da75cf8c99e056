import base64
from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize, format_date

from ..tools.data_access import CARE_TEAM, check_x2many_terms, has_identity_access
from ..tools.mail_composer import composer_action
from ..tools.schedule import shift
from ..tools.states import ensure_state

ACTIVE_STATES = ("draft", "requested", "eligible", "included", "suspended")
INCLUDED_STATES = ("included", "suspended", "closed")
# Where a lifecycle event moves a pathway when its programme configures no event on its stages.
STAGE_KIND_OF_EVENT = {
    "submitted": "request",
    "eligible": "evaluation",
    "included": "included",
    "closed": "closed",
}
# Written only by the actions behind the buttons (see parcours.integrity.mixin).
LIFECYCLE_FIELDS = {
    "state",
    "inclusion_date",
    "planned_end_date",
    "renewal_due_date",
    "end_date",
    "end_reason_id",
    "end_comment",
    "suspended_since",
    "last_rcp_date",
    "lost_to_follow_up",
    "active",
}
# Given at creation, then fixed once the request is submitted.
REQUEST_FIELDS = {"request_date", "patient_id", "programme_id", "company_id"}


class ParcoursPathway(models.Model):
    _name = "parcours.pathway"
    _description = "Care pathway"
    # The data-category mixin first: its tracking filter must run before mail.thread's.
    _inherit = [
        "parcours.data.category.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "parcours.integrity.mixin",
        "parcours.access.logged.mixin",
    ]
    _order = "priority desc, request_date desc, id desc"
    _parcours_programme_path = "programme_id"
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
    date_last_stage_update = fields.Datetime(default=fields.Datetime.now, readonly=True, copy=False)
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
    end_comment = fields.Text(copy=False, groups=CARE_TEAM)
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
    can_approve_inclusion = fields.Boolean(
        compute="_compute_can_approve_inclusion",
        help="The current user holds on the care team a role whose approval is still needed.",
    )
    tag_ids = fields.Many2many("parcours.tag", string="Tags")
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)
    stage_kind = fields.Selection(related="stage_id.kind")
    suspended_since = fields.Date(readonly=True, copy=False)
    care_plan_ids = fields.One2many("parcours.care.plan", "pathway_id", string="Care Plans")
    current_care_plan_id = fields.Many2one(
        "parcours.care.plan", compute="_compute_current_care_plan_id"
    )
    encounter_ids = fields.One2many("parcours.encounter", "pathway_id", string="Encounters")
    encounter_count = fields.Integer(compute="_compute_encounter_count")
    step_ids = fields.One2many("parcours.pathway.step", "pathway_id", string="Follow-up Steps")
    incident_ids = fields.One2many("parcours.incident", "pathway_id", string="Incidents")
    rcp_decision_ids = fields.One2many("parcours.rcp.decision", "pathway_id", string="RCP Items")
    last_rcp_date = fields.Date(string="Last Reviewed in RCP", readonly=True, copy=False)
    last_encounter_date = fields.Date(
        compute="_compute_last_encounter_date", store=True, string="Last Encounter Done"
    )
    lost_to_follow_up = fields.Boolean(
        readonly=True,
        index=True,
        copy=False,
        help="Included, with no encounter done for the programme's delay; checked every night.",
    )
    timeline_html = fields.Html(compute="_compute_timeline_html", sanitize=False, string="Timeline")

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
    @api.depends_context("uid")
    def _compute_display_name(self):
        named = has_identity_access(self.env)
        for pathway in self:
            if pathway.patient_id and named:
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

    @api.depends_context("uid")
    @api.depends("missing_approval_role_ids", "member_ids.user_id", "state")
    def _compute_can_approve_inclusion(self):
        for pathway in self:
            pathway.can_approve_inclusion = pathway.state in (
                "draft",
                "requested",
                "eligible",
            ) and bool(pathway._approving_roles_of(self.env.user))

    @api.depends("care_plan_ids.state")
    def _compute_current_care_plan_id(self):
        for pathway in self:
            plans = pathway.care_plan_ids.sorted("version", reverse=True)
            pathway.current_care_plan_id = (
                plans.filtered(lambda plan: plan.state == "validated")[:1] or plans[:1]
            )

    def _compute_encounter_count(self):
        counts = dict(
            self.env["parcours.encounter"]._read_group(
                [("pathway_id", "in", self.ids)], ["pathway_id"], ["__count"]
            )
        )
        for pathway in self:
            pathway.encounter_count = counts.get(pathway, 0)

    @api.depends("encounter_ids.state", "encounter_ids.start")
    def _compute_last_encounter_date(self):
        for pathway in self:
            done = pathway.encounter_ids.filtered(lambda encounter: encounter.state == "done")
            pathway.last_encounter_date = max(done.mapped("start")).date() if done else False

    def _compute_timeline_html(self):
        for pathway in self:
            pathway.timeline_html = self.env["ir.qweb"]._render(
                "parcours_base.pathway_timeline", {"events": pathway._timeline_events()}
            )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Show every stage of the programmes on screen, even the empty ones."""
        programmes = stages.programme_id | self.env["parcours.programme"].browse(
            self.env.context.get("default_programme_id")
        )
        return stages.search([("programme_id", "in", programmes.ids)])

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
            for before, after in pairwise(ordered):
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

    @api.constrains("request_date", "file_complete_date")
    def _check_dates_not_future(self):
        today = fields.Date.context_today(self)
        for pathway in self:
            for name in ("request_date", "file_complete_date", "end_date"):
                if pathway[name] and pathway[name] > today:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(pathway)s cannot be in the future.",
                            field=self._fields[name].get_description(self.env)["string"],
                            pathway=pathway.display_name,
                        )
                    )

    @api.onchange("programme_id")
    def _onchange_programme_id(self):
        self.checklist_line_ids = [
            fields.Command.create({"item_id": item.id})
            for item in self.programme_id.checklist_item_ids
        ]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            check_x2many_terms(self, domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

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
        for vals in vals_list:
            vals["checklist_line_ids"] = self._with_missing_checklist_lines(vals)
        return super().create(vals_list)

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
            if not self.env.su:
                self._check_manual_stage_entry(vals["stage_id"])
            vals = dict(vals, date_last_stage_update=fields.Datetime.now())
        result = super().write(vals)
        if "stage_id" in vals:
            for pathway in self:
                pathway._check_stage_requirements(pathway.stage_id)
        return result

    def _lifecycle_fields(self):
        names = super()._lifecycle_fields() | LIFECYCLE_FIELDS
        if self:
            names.add("name")
        if any(pathway.state != "draft" for pathway in self):
            names |= REQUEST_FIELDS
        return names

    def _lifecycle_create_fields(self):
        return super()._lifecycle_create_fields() | {"request_date"}

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
            if pathway.encounter_ids:
                # Encounters are the record of care given (and paid): they never go silently.
                raise UserError(
                    self.env._(
                        "%s has encounters: cancel the request instead of deleting it.",
                        pathway.display_name,
                    )
                )

    def action_submit_request(self):
        for pathway in self:
            ensure_state(pathway, ("draft",))
        self._write_lifecycle({"state": "requested"})
        self._follow_lifecycle("submitted")

    def action_mark_eligible(self):
        for pathway in self:
            ensure_state(pathway, ("draft", "requested"))
            missing = pathway._missing_checklist("eligibility")
            if missing:
                raise UserError(
                    self.env._(
                        "%(pathway)s: these eligibility criteria are not checked yet: %(items)s.",
                        pathway=pathway.display_name,
                        items=", ".join(missing.mapped("name")),
                    )
                )
        self._write_lifecycle({"state": "eligible"})
        self._follow_lifecycle("eligible")
        self._ask_for_approvals()

    def action_include(self):
        self._check_coordinator()
        today = fields.Date.context_today(self)
        for pathway in self:
            ensure_state(pathway, ("draft", "requested", "eligible"))
            problems = pathway._inclusion_problems()
            if problems:
                raise UserError(
                    self.env._(
                        "%(pathway)s cannot be included yet:\n%(problems)s",
                        pathway=pathway.display_name,
                        problems="\n".join("- " + problem for problem in problems),
                    )
                )
            # Never before the request: whoever recorded it may have a later "today" (time zones).
            pathway._write_lifecycle(
                {
                    "state": "included",
                    "inclusion_date": pathway.inclusion_date
                    or max(today, pathway.request_date or today),
                }
            )
        self._follow_lifecycle("included")
        self._follow_phases()
        self.activity_unlink(["parcours_base.mail_activity_type_approve_inclusion"])
        self._plan_steps()

    def action_approve_inclusion(self):
        """Record the current user's approval for each approving role they hold."""
        self.ensure_one()
        roles = self._approving_roles_of(self.env.user)
        if not roles:
            raise UserError(
                self.env._(
                    "You are not on the care team of %s with a role whose approval is still "
                    "needed.",
                    self.display_name,
                )
            )
        self.env["parcours.inclusion.approval"]._create_lifecycle(
            [
                {"pathway_id": self.id, "role_id": role.id, "user_id": self.env.user.id}
                for role in roles
            ]
        )
        self.activity_feedback(
            ["parcours_base.mail_activity_type_approve_inclusion"], user_id=self.env.user.id
        )

    def _approving_roles_of(self, user):
        """The roles whose approval is still needed that `user` holds on the team today."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        return self.missing_approval_role_ids.filtered(
            lambda role: self.member_ids.filtered(
                lambda member: member.user_id == user
                and member.profession_id == role.profession_id
                and member._is_current(today)
            )
        )

    def _ask_for_approvals(self):
        """Give each team member whose approval is still needed a to-do (once)."""
        activity_type = self.env.ref("parcours_base.mail_activity_type_approve_inclusion")
        today = fields.Date.context_today(self)
        for pathway in self:
            asked = pathway.activity_ids.filtered(
                lambda activity: activity.activity_type_id == activity_type
            ).user_id
            approvers = pathway.member_ids.filtered(
                lambda member, pathway=pathway: member.user_id
                and member._is_current(today)
                and member.profession_id in pathway.missing_approval_role_ids.profession_id
            ).user_id
            for user in approvers - asked:
                # The to-do keeps its summary as text: in the approver's language, not in the
                # language of whoever marked the request eligible (the demo has none).
                summary = activity_type.with_context(lang=user.lang or self.env.lang).summary
                pathway.activity_schedule(
                    activity_type_id=activity_type.id, user_id=user.id, summary=summary
                )

    def _record_collegial_approval(self, rcp):
        """An inclusion decided in a meeting is the collegial decision: each participant
        present who holds an approving role still missing records their vote."""
        self.ensure_one()
        present = rcp.attendee_ids.filtered(lambda attendee: attendee.attendance == "present")
        values = []
        for role in self.missing_approval_role_ids:
            voter = present.filtered(
                lambda attendee, role=role: attendee.profession_id == role.profession_id
            )[:1]
            if voter:
                values.append(
                    {
                        "pathway_id": self.id,
                        "role_id": role.id,
                        "user_id": (voter.user_id or self.env.user).id,
                        "rcp_id": rcp.id,
                        "approval_date": rcp.date,
                    }
                )
        # Validating the minutes of the meeting that decided the inclusion is an approving action.
        self.env["parcours.inclusion.approval"]._create_lifecycle(values)

    def action_suspend(self):
        self._check_coordinator()
        for pathway in self:
            ensure_state(pathway, ("included",))
        self._write_lifecycle(
            {"state": "suspended", "suspended_since": fields.Date.context_today(self)}
        )
        self._follow_lifecycle("suspended")

    def action_resume(self):
        self._check_coordinator()
        for pathway in self:
            ensure_state(pathway, ("suspended",))
            if not pathway.has_consent:
                raise UserError(
                    self.env._(
                        "%s has no consent in force: record a new consent first.",
                        pathway.display_name,
                    )
                )
        self._shift_schedule_after_suspension()
        self._write_lifecycle({"state": "included", "suspended_since": False})
        self._follow_lifecycle("resumed")
        self._follow_phases()

    def action_cancel(self):
        self._check_coordinator()
        today = fields.Date.context_today(self)
        for pathway in self:
            ensure_state(pathway, ("draft", "requested", "eligible"))
            # Never before the request (see action_include).
            pathway._write_lifecycle(
                {"state": "cancelled", "end_date": max(today, pathway.request_date or today)}
            )
        self.step_ids._cancel()

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
        self._check_coordinator()
        for pathway in self:
            ensure_state(pathway, ("included",))
            if pathway.programme_id.duration_policy != "renewable":
                raise UserError(
                    self.env._("The programme of %s is not renewable.", pathway.display_name)
                )
            start = pathway.renewal_due_date or fields.Date.context_today(self)
            end = pathway.programme_id._period_end(start)
            pathway._write_lifecycle({"planned_end_date": end, "renewal_due_date": end})
            pathway.message_post(
                body=self.env._("Renewed until %s.", fields.Date.to_string(end)),
            )
        self._follow_lifecycle("renewed")

    def toggle_active(self):
        """Archive ended pathways, or restore them: coordinators only."""
        self._check_coordinator()
        for pathway in self:
            # An archived pathway frees its programme for the patient: only ended ones go.
            if pathway.active and pathway.state not in ("closed", "cancelled") and not self.env.su:
                raise UserError(
                    self.env._(
                        "%s is not ended: close or cancel it before archiving it.",
                        pathway.display_name,
                    )
                )
            pathway._write_lifecycle({"active": not pathway.active})

    def _close(self, reason, end_date, comment=False):
        for pathway in self:
            ensure_state(pathway, ACTIVE_STATES)
        self._write_lifecycle(
            {
                "state": "closed",
                "end_reason_id": reason.id,
                "end_date": end_date,
                "end_comment": comment,
            }
        )
        self._follow_lifecycle("closed")
        self.activity_unlink(["parcours_base.mail_activity_type_approve_inclusion"])
        self.step_ids._cancel()

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
        for _pathway_id, patient_id, programme_id in cases:
            if (patient_id, programme_id) in seen:
                self._raise_double_funding(programme_id)
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
                self._raise_double_funding(programme_id)

    def _raise_double_funding(self, programme_id):
        # The patient is not named: whoever triggers this may not be allowed to see them.
        raise ValidationError(
            self.env._(
                "This patient already has an active pathway in %(programme)s: a patient is "
                "followed once per programme.",
                programme=self.env["parcours.programme"].browse(programme_id).name,
            )
        )

    def _move_to_stage_kind(self, kind):
        for pathway in self:
            stage = pathway.programme_id._first_stage(kind)
            if stage and pathway.stage_id.kind != kind:
                pathway._set_stage(stage)

    def _follow_lifecycle(self, event_code, phase=None):
        """Move each pathway to the stage its programme configures for `event_code`.

        A programme says on its stages which events move a pathway there; a programme that
        configures none falls back on the stage kinds. An event no stage carries leaves the
        card where it is.
        """
        for pathway in self:
            stages = pathway.programme_id.stage_ids
            if not stages.lifecycle_event_ids:
                kind = STAGE_KIND_OF_EVENT.get(event_code)
                if kind:
                    pathway._move_to_stage_kind(kind)
                continue
            stage = stages._carries(event_code, phase)[:1]
            if not stage and event_code == "first_rcp":
                stage = stages._carries("rcp_reviewed")[:1]
            if stage and stage != pathway.stage_id:
                pathway._set_stage(stage)

    def _follow_phases(self):
        """Move included pathways to the stage of the programme phase they are in today."""
        today = fields.Date.context_today(self)
        for pathway in self.filtered(lambda pathway: pathway.state == "included"):
            if not pathway.inclusion_date:
                continue
            bounds = pathway.programme_id._phase_bounds(pathway.inclusion_date)
            for phase, (start, end) in bounds.items():
                if start <= today < end:
                    pathway._follow_lifecycle("phase", phase)
                    break

    @api.model
    def _cron_follow_phases(self):
        """Nightly: cards follow the phases of their programme (e.g. 12 weeks, then remote)."""
        stages = self.env["parcours.stage"].search([("lifecycle_event_ids.code", "=", "phase")])
        self.search(
            [("state", "=", "included"), ("programme_id", "in", stages.programme_id.ids)]
        )._follow_phases()

    def _set_stage(self, stage):
        # The lifecycle moves the card, also into stages closed to hand moves; the stage's
        # entry requirements are still checked by write().
        self._write_lifecycle({"stage_id": stage.id})

    def _check_manual_stage_entry(self, stage_id):
        stage = self.env["parcours.stage"].browse(stage_id)
        if not stage or stage.manual_entry:
            return
        moved = self.filtered(lambda pathway: pathway.stage_id != stage)
        if moved:
            raise UserError(
                self.env._(
                    "%(pathway)s cannot be moved to %(stage)s by hand: pathways enter it on "
                    "%(events)s. Use the pathway's actions instead.",
                    pathway=moved[0].display_name,
                    stage=stage.name,
                    events=", ".join(stage.lifecycle_event_ids.mapped("name"))
                    or self.env._("no event"),
                )
            )

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
                self.env._(
                    "eligibility criteria not checked: %s", ", ".join(missing.mapped("name"))
                )
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

    def _with_missing_checklist_lines(self, vals):
        """The checklist commands of a new pathway, completed with its programme's items."""
        commands = list(vals.get("checklist_line_ids", []))
        given = {
            command[2].get("item_id") for command in commands if command[0] == fields.Command.CREATE
        }
        programme = self.env["parcours.programme"].browse(vals.get("programme_id"))
        return commands + [
            fields.Command.create({"item_id": item.id})
            for item in programme.checklist_item_ids
            if item.id not in given
        ]

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

    # ------------------------------------------------------------------ care team access
    def _care_team_threads(self):
        """The pathway and its records with a chatter, whose followers are its care team
        (verticals add theirs)."""
        return [self, self.encounter_ids, self.incident_ids]

    def _sync_care_team_access(self, partners):
        """Followers and activities of `partners` follow their memberships, today.

        A partner with no membership in force on a pathway stops following it and its
        records (so later messages never reach them) and their open activities there go
        to the pathway's coordinator; a partner whose membership is in force follows the
        pathway. Called on every membership change and by the nightly refresh.
        """
        today = fields.Date.context_today(self)
        # sudo: followers and activities follow the memberships whoever changes them (a
        # coordinator, or the nightly refresh); no data is read or returned here.
        for pathway in self.sudo():
            current = (
                pathway.member_ids.filtered(lambda member: member._is_current(today)).partner_id
                | pathway.user_id.partner_id
            )
            leaving = partners - current
            joining = (partners & current) - pathway.message_partner_ids
            if joining:
                pathway.message_subscribe(partner_ids=joining.ids)
            if not leaving:
                continue
            threads = pathway._care_team_threads()
            for records in threads:
                if records:
                    records.message_unsubscribe(partner_ids=leaving.ids)
            patient = pathway.patient_id
            elsewhere = patient.pathway_ids.member_ids.filtered(
                lambda member: member._is_current(today)
            ).partner_id
            if leaving - elsewhere:
                patient.message_unsubscribe(partner_ids=(leaving - elsewhere).ids)
            pathway._hand_over_activities(leaving.user_ids, threads)

    def _hand_over_activities(self, users, threads):
        """Open activities and planned steps of `users` on this pathway go to its coordinator."""
        self.ensure_one()
        if not users:
            return
        successor = self.user_id if self.user_id not in users else self.env["res.users"]
        domain = expression.OR(
            [
                [("res_model", "=", records._name), ("res_id", "in", records.ids)]
                for records in threads
                if records
            ]
        )
        activities = self.env["mail.activity"].search(
            expression.AND([domain, [("user_id", "in", users.ids)]])
        )
        steps = self.step_ids.filtered(
            lambda step: step.state == "planned" and step.user_id in users
        )
        steps.with_context(parcours_planning=True).write({"user_id": successor.id})
        activities.with_context(mail_activity_quick_update=True).write({"user_id": successor.id})

    # ------------------------------------------------------------------ schedule
    def _last_encounter_dates(self):
        """{(pathway id, kind id): date of the last done encounter}, in one query."""
        groups = self.env["parcours.encounter"]._read_group(
            [("pathway_id", "in", self.ids), ("state", "=", "done")],
            ["pathway_id", "kind_id"],
            ["start:max"],
        )
        return {(pathway.id, kind.id): last.date() for pathway, kind, last in groups}

    def _planned_schedule(self):
        """{(pathway, template, occurrence): due date} under the programmes' schedules."""
        last_encounters = self._last_encounter_dates()
        schedule = {}
        for pathway in self.filtered("inclusion_date"):
            for template in pathway.programme_id.step_template_ids:
                for occurrence, due in template._occurrences(pathway, last_encounters):
                    schedule[pathway, template, occurrence] = due
        return schedule

    def _responsible_user(self, profession):
        """The team member holding `profession` today, else the coordinator."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        member = self.member_ids.filtered(
            lambda member: member.profession_id == profession
            and member.user_id
            and member._is_current(today)
        )[:1]
        return member.user_id or self.user_id or self.env.user

    def _plan_steps(self):
        """Create the steps not planned yet, with their activities, for all pathways at once."""
        planned = {
            (step.pathway_id.id, step.template_id.id, step.occurrence) for step in self.step_ids
        }
        values = []
        for (pathway, template, occurrence), due in self._planned_schedule().items():
            if (pathway.id, template.id, occurrence) in planned or pathway.state != "included":
                continue
            user = pathway._responsible_user(template.profession_id)
            values.append(
                {
                    "pathway_id": pathway.id,
                    "template_id": template.id,
                    "occurrence": occurrence,
                    # In the language of whom it is for (its to-do carries the name), not of
                    # whoever planned it: the nightly planner runs in no language.
                    "name": template.with_context(lang=user.lang or self.env.lang).name,
                    "due_date": due,
                    "user_id": user.id,
                }
            )
        steps = self.env["parcours.pathway.step"].create(values)
        steps._create_activities()
        return steps

    def _replan_moves(self):
        """What re-planning would change: [(step or None, pathway, template, occurrence,
        old date, new date)]. Done, cancelled and hand-edited steps never move."""
        schedule = self._planned_schedule()
        moves = []
        for step in self.step_ids.filtered(lambda step: step.state == "planned"):
            key = (step.pathway_id, step.template_id, step.occurrence)
            new_date = schedule.pop(key, None)
            if step.edited_by_hand:
                continue
            if new_date != step.due_date:
                moves.append(
                    (
                        step,
                        step.pathway_id,
                        step.template_id,
                        step.occurrence,
                        step.due_date,
                        new_date,
                    )
                )
        existing = {(step.pathway_id, step.template_id, step.occurrence) for step in self.step_ids}
        for (pathway, template, occurrence), due in schedule.items():
            if (pathway, template, occurrence) not in existing and pathway.state == "included":
                moves.append((None, pathway, template, occurrence, None, due))
        return moves

    def _shift_schedule_after_suspension(self):
        today = fields.Date.context_today(self)
        for pathway in self.filtered("suspended_since"):
            if not pathway.programme_id.suspension_shifts_schedule:
                continue
            delay = (today - pathway.suspended_since).days
            if delay <= 0:
                continue
            future = pathway.step_ids.filtered(
                lambda step, since=pathway.suspended_since: step.state == "planned"
                and step.due_date >= since
            )
            for step in future:
                new_date = shift(step.due_date, delay, "days")
                step.with_context(parcours_planning=True).due_date = new_date
                step.activity_id.date_deadline = new_date
            if pathway.planned_end_date:
                pathway._write_lifecycle(
                    {"planned_end_date": shift(pathway.planned_end_date, delay, "days")}
                )
            pathway.message_post(
                body=self.env._(
                    "Resumed after %s days of suspension: the remaining schedule moved with it.",
                    delay,
                )
            )

    def action_preview_replan(self):
        self.ensure_one()
        return self.env["parcours.step.replan"]._open_for(self)

    # ------------------------------------------------------------------ follow-up
    @api.model
    def _cron_flag_lost_to_follow_up(self):
        """Flag included pathways without a done encounter for too long; tell the coordinator."""
        today = fields.Date.context_today(self)
        included = self.search([("state", "=", "included")])
        lost = included.filtered(lambda pathway: pathway._is_lost(today))
        (included - lost).filtered("lost_to_follow_up").lost_to_follow_up = False
        newly_lost = lost.filtered(lambda pathway: not pathway.lost_to_follow_up)
        newly_lost.lost_to_follow_up = True
        activity_type = self.env.ref("parcours_base.mail_activity_type_lost_to_follow_up")
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": pathway.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "No encounter for %s days", pathway.programme_id.lost_after_days
                    ),
                    "user_id": (pathway.user_id or self.env.user).id,
                    "date_deadline": today,
                }
                for pathway in newly_lost
            ]
        )

    def _is_lost(self, today):
        self.ensure_one()
        delay = self.programme_id.lost_after_days
        since = self.last_encounter_date or self.inclusion_date
        return bool(delay and since and (today - since).days > delay)

    def action_open_encounters(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_base.parcours_encounter_action"
        )
        action["domain"] = [("pathway_id", "=", self.id)]
        action["context"] = {"default_pathway_id": self.id}
        return action

    def action_new_care_plan(self):
        self.ensure_one()
        current = self.current_care_plan_id
        if current:
            return current.action_adapt()
        return self.env["parcours.care.plan"].create({"pathway_id": self.id})._open_form()

    # ------------------------------------------------------------------ letters
    def action_print_gp_letter(self):
        return self._log_document("parcours_base.action_report_gp_letter")

    def action_print_synthesis(self):
        return self._log_document("parcours_base.action_report_pathway_synthesis")

    def action_send_gp_letter(self):
        """Open the mail composer with the GP letter as PDF, addressed to the patient's GP."""
        self.ensure_one()
        self.check_access("write")
        if not self._letter_gp():
            raise UserError(
                self.env._(
                    "%s: record the patient's GP (médecin traitant) before sending the letter.",
                    self.display_name,
                )
            )
        template = self.env.ref("parcours_base.mail_template_gp_letter")
        return composer_action(self, template, force_email=True)

    def action_open_mssante_send(self):
        """Choose a document and a recipient to send it by MSSanté."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send by MSSanté"),
            "res_model": "parcours.mssante.send",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_pathway_id": self.id},
        }

    def _mssante_sent_to(self, partner, address):
        """A document reached `partner` (or `address`) by MSSanté: is it the patient's GP?"""
        self.ensure_one()
        gp = self.patient_id.gp_id
        if gp and (partner == gp or address == email_normalize(gp.parcours_mssante_email or "")):
            self._record_gp_informed(fields.Date.context_today(self))

    def _letter_gp(self):
        """The letter's addressee: the patient's own GP (médecin traitant)."""
        self.ensure_one()
        return self.patient_id.gp_id

    def _gp_letter_intro(self):
        """The letter's first sentence, in the grammatical gender of the patient's sex."""
        self.ensure_one()
        patient = self.patient_id
        values = {
            "patient": patient.full_name,
            "birth_date": format_date(self.env, patient.birth_date),
            "programme": self.programme_id.display_name,
            "reference": self.name,
        }
        if patient.sex == "female":
            return self.env._(
                "Your patient Mrs %(patient)s, born on %(birth_date)s, is followed in the "
                "programme %(programme)s (reference %(reference)s).",
                **values,
            )
        if patient.sex == "male":
            return self.env._(
                "Your patient Mr %(patient)s, born on %(birth_date)s, is followed in the "
                "programme %(programme)s (reference %(reference)s).",
                **values,
            )
        return self.env._(
            "We follow %(patient)s (date of birth: %(birth_date)s) in the programme "
            "%(programme)s (reference %(reference)s).",
            **values,
        )

    def _render_document_pdf(self, report_xmlid):
        """The document as PDF: (content, file name)."""
        self.ensure_one()
        return self.env.ref(report_xmlid)._parcours_render_pdf(self)

    def _log_document(self, report_xmlid):
        """Render a letter as PDF, keep it in the chatter, and open it for preview."""
        self.ensure_one()
        content, filename = self._render_document_pdf(report_xmlid)
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        report = self.env.ref(report_xmlid)
        self.message_post(
            body=self.env._("%s generated.", report.name), attachment_ids=attachment.ids
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s" % attachment.id,
            "target": "new",
        }

    def _message_post_after_hook(self, message, msg_vals):
        """A message sent to the patient's GP from the pathway informs the GP."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type == "comment" and not message.subtype_id.internal:
            for pathway in self:
                gp = pathway.patient_id.gp_id
                if gp and gp in message.partner_ids:
                    pathway._record_gp_informed(fields.Date.context_today(pathway))
        return result

    def _record_gp_informed(self, day):
        """Keep the first day the GP was informed; every sending stays in the chatter."""
        # sudo: the date is a consequence of a sending the user was allowed to make
        self.sudo().filtered(lambda pathway: not pathway.gp_informed_date).write(
            {"gp_informed_date": day}
        )

    # ------------------------------------------------------------------ timeline
    def _timeline_events(self):
        """The pathway's story, oldest first: [{date, icon, title, detail}]."""
        self.ensure_one()
        events = []

        def add(day, icon, title, detail=""):
            if day:
                events.append({"date": day, "icon": icon, "title": title, "detail": detail})

        sources = dict(self._fields["referral_source"]._description_selection(self.env))
        add(
            self.request_date,
            "fa-inbox",
            self.env._("Request received"),
            sources.get(self.referral_source, ""),
        )
        add(self.file_complete_date, "fa-folder", self.env._("File complete"))
        add(self.inclusion_date, "fa-check-circle", self.env._("Included"))
        # sudo: tracking values are reserved to administrators, but the stage history of a
        # pathway the user may read is no secret to them (stage names only).
        tracked = self.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "stage_id"
        )
        for value in tracked:
            add(
                value.mail_message_id.date.date(),
                "fa-columns",
                self.env._("Stage changed"),
                "%s → %s" % (value.old_value_char or "", value.new_value_char or ""),
            )
        decisions = dict(
            self.env["parcours.rcp.decision"]._fields["decision"]._description_selection(self.env)
        )
        # sudo: the meetings that reviewed this pathway are part of its story for its whole
        # care team, attendees or not; only their date, name and this pathway's decision show.
        for line in self.sudo().rcp_decision_ids.filtered("applied"):
            add(line.rcp_id.date.date(), "fa-users", line.rcp_id.name, decisions[line.decision])
        for encounter in self.encounter_ids.filtered(lambda e: e.state in ("done", "no_show")):
            add(
                encounter.start.date(),
                "fa-stethoscope",
                encounter.kind_id.name,
                encounter.partner_id.name or "",
            )
        for incident in self.incident_ids:
            add(
                incident.date,
                "fa-exclamation-triangle",
                self.env._("Incident"),
                incident.type_id.name,
            )
        for message in self.message_ids.filtered("attachment_ids"):
            add(
                message.date.date(),
                "fa-file-text-o",
                self.env._("Document"),
                ", ".join(message.attachment_ids.mapped("name")),
            )
        if self.end_date:
            add(
                self.end_date,
                "fa-flag-checkered",
                self.env._("Ended"),
                self.end_reason_id.name or "",
            )
        return sorted(events, key=lambda event: event["date"])
