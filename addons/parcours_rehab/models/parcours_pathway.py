from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from odoo.addons.parcours_base.tools.data_access import MEDICAL
from odoo.addons.parcours_base.tools.states import ensure_state

from ..tools.rehab import (
    CRQ_DOMAINS,
    crq_improved,
    endurance_improved,
    mean,
    proposed_support,
    start_delay,
    start_is_late,
)

CLINICAL_GROUP = MEDICAL


class ParcoursPathway(models.Model):
    _inherit = "parcours.pathway"

    rehab_enabled = fields.Boolean(related="programme_id.rehab_enabled")
    rehab_entry_mode = fields.Selection(
        [
            ("standard", "Standard (prescription)"),
            ("smr_short", "Short SMR stay, then home"),
            ("smr_reinforcement", "Home reinforcement after an SMR stay"),
        ],
        string="Entry Mode",
        default="standard",
        tracking=True,
    )
    rehab_gp_opposed = fields.Boolean(
        string="GP Opposed",
        tracking=True,
        help="The patient's GP opposes the programme: inclusion is refused.",
    )
    rehab_director_decision = fields.Selection(
        [
            ("pending", "To review"),
            ("validated", "Validated"),
            ("smr", "Reorientation to SMR proposed"),
        ],
        string="Medical Director's Decision",
        default="pending",
        required=True,
        tracking=True,
        copy=False,
    )
    rehab_director_user_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False
    )
    rehab_director_date = fields.Date(string="Reviewed On", readonly=True, copy=False)
    rehab_committee_id = fields.Many2one(
        "parcours.rcp",
        string="Concertation Committee",
        domain="[('kind', '=', 'committee')]",
        tracking=True,
        copy=False,
    )
    rehab_objectives = fields.Html(string="Objectives", groups=CLINICAL_GROUP)
    rehab_exercise_specifics = fields.Text(string="Exercise Specifics", groups=CLINICAL_GROUP)
    rehab_safety_instructions = fields.Text(string="Safety Instructions", groups=CLINICAL_GROUP)
    rehab_planned_start_date = fields.Date(
        string="Planned Start",
        tracking=True,
        copy=False,
        help="Day of the W0 inclusion home visit; inclusion takes this date.",
    )
    rehab_start_delay_days = fields.Integer(
        string="Days from Complete File to Start",
        compute="_compute_rehab_start_delay_days",
        store=True,
    )
    rehab_start_late = fields.Boolean(
        string="Late Start",
        compute="_compute_rehab_start_late",
        search="_search_rehab_start_late",
        help="The programme started, or will start, later than the target after the complete "
        "file.",
    )
    # Non-drug support: the care team's business only.
    rehab_bmi = fields.Float(string="BMI", digits=(4, 1), groups=CLINICAL_GROUP)
    rehab_smoking = fields.Selection(
        [
            ("never", "Never smoked"),
            ("former", "Former smoker"),
            ("recent_quit", "Recently quit"),
            ("active", "Active smoker"),
        ],
        string="Smoking",
        groups=CLINICAL_GROUP,
    )
    rehab_psychotropic = fields.Boolean(string="Psychotropic Treatment", groups=CLINICAL_GROUP)
    rehab_emotional_impact = fields.Boolean(
        string="Measurable Emotional Impact", groups=CLINICAL_GROUP
    )
    rehab_psychologist_requested = fields.Boolean(
        string="Patient Asks for a Psychologist", groups=CLINICAL_GROUP
    )
    rehab_propose_dietitian = fields.Boolean(
        string="Dietitian Proposed", compute="_compute_rehab_support", store=True
    )
    rehab_propose_tobacco = fields.Boolean(
        string="Tobacco Specialist Proposed", compute="_compute_rehab_support", store=True
    )
    rehab_propose_psychologist = fields.Boolean(
        string="Psychologist Proposed", compute="_compute_rehab_support", store=True
    )
    rehab_dietitian_agreed = fields.Boolean(string="Agrees to the Dietitian", tracking=True)
    rehab_tobacco_agreed = fields.Boolean(string="Agrees to the Tobacco Specialist", tracking=True)
    rehab_psychologist_agreed = fields.Boolean(string="Agrees to the Psychologist", tracking=True)
    rehab_hospital_stays_before = fields.Integer(string="Hospital Stays, 12 Months Before")
    rehab_hospital_days_before = fields.Integer(string="Hospital Days, 12 Months Before")
    rehab_hospital_stays_after = fields.Integer(string="Hospital Stays, 12 Months After")
    rehab_hospital_days_after = fields.Integer(string="Hospital Days, 12 Months After")
    rehab_assessment_ids = fields.One2many(
        "parcours.rehab.assessment", "pathway_id", string="Measurements"
    )
    rehab_crq_measured = fields.Boolean(
        string="CRQ Measured", compute="_compute_rehab_improvement", store=True
    )
    rehab_crq_improved = fields.Boolean(
        string="CRQ Improved", compute="_compute_rehab_improvement", store=True
    )
    rehab_endurance_measured = fields.Boolean(
        string="Endurance Measured", compute="_compute_rehab_improvement", store=True
    )
    rehab_endurance_improved = fields.Boolean(
        string="Endurance Improved", compute="_compute_rehab_improvement", store=True
    )
    rehab_sessions_per_week = fields.Float(
        string="Training Sessions per Week",
        compute="_compute_rehab_sessions_per_week",
        digits=(3, 1),
        help="Mean of the weekly sessions the patient reported at the follow-up calls.",
    )
    rehab_loan_ids = fields.One2many(
        "parcours.rehab.ergocycle.loan", "pathway_id", string="Exercise Bikes"
    )

    @api.depends("file_complete_date", "inclusion_date", "rehab_planned_start_date")
    def _compute_rehab_start_delay_days(self):
        for pathway in self:
            pathway.rehab_start_delay_days = (
                start_delay(
                    pathway.file_complete_date,
                    pathway.inclusion_date or pathway.rehab_planned_start_date,
                )
                or 0
            )

    @api.depends(
        "file_complete_date",
        "inclusion_date",
        "rehab_planned_start_date",
        "programme_id.rehab_start_target_days",
    )
    def _compute_rehab_start_late(self):
        today = fields.Date.context_today(self)
        for pathway in self:
            pathway.rehab_start_late = pathway.rehab_enabled and start_is_late(
                pathway.file_complete_date,
                pathway.inclusion_date or pathway.rehab_planned_start_date,
                today,
                pathway.programme_id.rehab_start_target_days,
            )

    def _search_rehab_start_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search late starts with a yes or no."))
        today = fields.Date.context_today(self)
        programmes = self.env["parcours.programme"].search(
            [("rehab_enabled", "=", True), ("rehab_start_target_days", ">", 0)]
        )
        # Started or planned: the delay tells; still waiting: the complete file is too old.
        late = expression.OR(
            [
                [
                    ("programme_id", "=", programme.id),
                    ("file_complete_date", "!=", False),
                    "|",
                    "&",
                    "|",
                    ("inclusion_date", "!=", False),
                    ("rehab_planned_start_date", "!=", False),
                    ("rehab_start_delay_days", ">", programme.rehab_start_target_days),
                    "&",
                    "&",
                    ("inclusion_date", "=", False),
                    ("rehab_planned_start_date", "=", False),
                    (
                        "file_complete_date",
                        "<",
                        today - timedelta(days=programme.rehab_start_target_days),
                    ),
                ]
                for programme in programmes
            ]
        )
        return late if (operator == "=") == value else ["!", *late]

    @api.depends(
        "rehab_bmi",
        "rehab_smoking",
        "rehab_psychotropic",
        "rehab_emotional_impact",
        "rehab_psychologist_requested",
        "programme_id.rehab_bmi_low",
        "programme_id.rehab_bmi_high",
    )
    def _compute_rehab_support(self):
        for pathway in self:
            programme = pathway.programme_id
            support = proposed_support(
                pathway.rehab_bmi,
                programme.rehab_bmi_low,
                programme.rehab_bmi_high,
                pathway.rehab_smoking,
                pathway.rehab_psychotropic,
                pathway.rehab_emotional_impact,
                pathway.rehab_psychologist_requested,
            )
            pathway.rehab_propose_dietitian = "dietitian" in support
            pathway.rehab_propose_tobacco = "tobacco" in support
            pathway.rehab_propose_psychologist = "psychologist" in support

    @api.depends(
        "rehab_assessment_ids.kind",
        "rehab_assessment_ids.endurance_seconds",
        *("rehab_assessment_ids.crq_%s" % domain for domain in CRQ_DOMAINS),
        "programme_id.rehab_crq_threshold",
        "programme_id.rehab_endurance_threshold",
    )
    def _compute_rehab_improvement(self):
        for pathway in self:
            first = pathway.rehab_assessment_ids.filtered(lambda a: a.kind == "w0")[:1]
            last = pathway.rehab_assessment_ids.filtered(lambda a: a.kind == "w12")[:1]
            crq = (
                crq_improved(
                    first._crq_scores(),
                    last._crq_scores(),
                    pathway.programme_id.rehab_crq_threshold,
                )
                if first and last
                else None
            )
            endurance = endurance_improved(
                first.endurance_seconds,
                last.endurance_seconds,
                pathway.programme_id.rehab_endurance_threshold,
            )
            pathway.rehab_crq_measured = crq is not None
            pathway.rehab_crq_improved = bool(crq)
            pathway.rehab_endurance_measured = endurance is not None
            pathway.rehab_endurance_improved = bool(endurance)

    def _compute_rehab_sessions_per_week(self):
        for pathway in self:
            reported = pathway.encounter_ids.filtered(
                lambda encounter: encounter.state == "done" and encounter.rehab_training_reported
            )
            pathway.rehab_sessions_per_week = mean(reported.mapped("rehab_training_sessions")) or 0

    @api.constrains("inclusion_date", "rehab_planned_start_date")
    def _check_rehab_inclusion_date(self):
        """The inclusion is dated on the day it is decided, or on the planned W0 visit: the
        only day ahead an inclusion may bear (not before the request: _check_dates_in_order).
        """
        for pathway in self.filtered(lambda p: p.rehab_enabled and p.rehab_planned_start_date):
            pathway._check_within_horizon(
                pathway.rehab_planned_start_date,
                pathway._fields["rehab_planned_start_date"].get_description(self.env)["string"],
            )
        for pathway in self.filtered(lambda p: p.rehab_enabled and p.inclusion_date):
            today = fields.Date.context_today(pathway)
            if (
                pathway.inclusion_date > today
                and pathway.inclusion_date != pathway.rehab_planned_start_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(pathway)s: the inclusion is dated on the planned W0 visit "
                        "(%(inclusion)s), still to come; the planned start cannot move away "
                        "from it. Only the planned W0 visit may date an inclusion in the future.",
                        pathway=pathway.display_name,
                        inclusion=format_date(self.env, pathway.inclusion_date),
                    )
                )

    def action_submit_request(self):
        result = super().action_submit_request()
        self.filtered("rehab_enabled")._rehab_chase_missing_documents()
        return result

    def action_include(self):
        for pathway in self.filtered("rehab_enabled"):
            if pathway.rehab_planned_start_date and not pathway.inclusion_date:
                pathway._check_coordinator()
                pathway._write_lifecycle({"inclusion_date": pathway.rehab_planned_start_date})
        return super().action_include()

    def _lifecycle_fields(self):
        return super()._lifecycle_fields() | {
            "rehab_director_decision",
            "rehab_director_user_id",
            "rehab_director_date",
        }

    def _shift_schedule_after_suspension(self):
        """The exercise bike stays as long as the programme moves: its pick-up moves too."""
        today = fields.Date.context_today(self)
        moves = {
            pathway: (pathway.suspended_since, (today - pathway.suspended_since).days)
            for pathway in self.filtered(
                lambda p: p.rehab_enabled
                and p.suspended_since
                and p.programme_id.suspension_shifts_schedule
            )
        }
        result = super()._shift_schedule_after_suspension()
        for pathway, (since, delay) in moves.items():
            loans = pathway.rehab_loan_ids.filtered(
                lambda loan, since=since: loan.state in ("planned", "delivered")
                and not loan.date_pickup
                and loan.date_planned_pickup
                and loan.date_planned_pickup >= since
            )
            if delay > 0:
                loans._shift_planned_pickup(delay)
        return result

    def action_rehab_plan_reinforcement(self):
        """The committee saw the dynamic break: plan a reinforcement home visit in a week."""
        self.ensure_one()
        ensure_state(self, ("included",))
        referent = self.env.ref("parcours_base.profession_programme_referent")
        visit = self.env.ref("parcours_base.encounter_kind_home_visit")
        start = fields.Datetime.to_datetime(fields.Date.context_today(self) + timedelta(days=7))
        encounter = self.env["parcours.encounter"].create(
            {
                "pathway_id": self.id,
                "kind_id": visit.id,
                "start": start.replace(hour=10),
                "partner_id": self._responsible_user(referent).partner_id.id,
                "profession_id": referent.id,
            }
        )
        self.message_post(body=self.env._("Reinforcement home visit planned."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "parcours.encounter",
            "res_id": encounter.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_rehab_chase_documents(self):
        self._rehab_chase_missing_documents()

    def action_rehab_validate(self):
        """The medical director validates the file for the concertation committee."""
        self._rehab_director_decide("validated")

    def action_rehab_propose_smr(self):
        """The medical director reorients the patient to an SMR stay: the request ends."""
        self._rehab_director_decide("smr")
        for pathway in self:
            reason = pathway.programme_id.rehab_smr_end_reason_id
            if not reason:
                raise UserError(
                    self.env._(
                        "Set the end reason for an SMR reorientation on the programme %s.",
                        pathway.programme_id.name,
                    )
                )
            pathway._close(reason, fields.Date.context_today(self))

    def _rehab_director_decide(self, decision):
        today = fields.Date.context_today(self)
        for pathway in self:
            ensure_state(pathway, ("requested", "eligible"))
            pathway._rehab_check_director()
            if not pathway.file_complete_date:
                raise UserError(
                    self.env._(
                        "The file of %s is not complete yet: chase the missing documents first.",
                        pathway.display_name,
                    )
                )
        self._write_lifecycle(
            {
                "rehab_director_decision": decision,
                "rehab_director_user_id": self.env.user.id,
                "rehab_director_date": today,
            }
        )

    def _rehab_check_director(self):
        """Only a coordinator or the pathway's medical director reviews the file."""
        self.ensure_one()
        if self.env.user.has_group("parcours_base.group_parcours_coordinator"):
            return
        director = self.env.ref("parcours_base.profession_medical_director")
        today = fields.Date.context_today(self)
        if not self.member_ids.filtered(
            lambda member: member.user_id == self.env.user
            and member.profession_id == director
            and member._is_current(today)
        ):
            raise AccessError(
                self.env._(
                    "Only a coordinator or the medical director of %s reviews its file.",
                    self.display_name,
                )
            )

    def _inclusion_problems(self):
        problems = super()._inclusion_problems()
        if not self.rehab_enabled:
            return problems
        if self.patient_id.age < 18:
            problems.append(self.env._("the patient is under 18: the programme is for adults"))
        if self.rehab_gp_opposed:
            problems.append(self.env._("the patient's GP is opposed to the programme"))
        if not self.file_complete_date:
            problems.append(self.env._("the file is not complete"))
        if self.rehab_director_decision != "validated":
            problems.append(self.env._("the medical director has not validated the file"))
        if not self.rehab_committee_id:
            problems.append(self.env._("no concertation committee has set the care project"))
        today = fields.Date.context_today(self)
        if not self.member_ids.filtered(lambda member: member._is_current(today)):
            problems.append(self.env._("the care team is empty"))
        return problems

    def _rehab_intervention_end(self, start):
        """End of the first phase (the exercise bike goes back) for a start on `start`."""
        if not self.programme_id or not start:
            return False
        bounds = self.programme_id._phase_bounds(start)
        return next(iter(bounds.values()))[1] if bounds else False

    def _rehab_chase_missing_documents(self):
        """One activity per missing required document, unless it is already chased."""
        activity_type = self.env.ref("parcours_rehab.mail_activity_type_missing_document")
        today = fields.Date.context_today(self)
        for pathway in self:
            chased = set(
                pathway.activity_ids.filtered(
                    lambda activity: activity.activity_type_id == activity_type
                ).mapped("summary")
            )
            user = pathway.user_id or self.env.user
            # In the language of whom the to-do is for, not of whoever submitted the request.
            env = self.with_context(lang=user.lang or self.env.lang).env
            for item in pathway._missing_checklist("document"):
                summary = env._("Missing document: %s", item.with_env(env).name)
                if summary in chased:
                    continue
                pathway.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=summary,
                    user_id=user.id,
                    date_deadline=today,
                )

    def _rehab_update_file_complete(self):
        """Date the file complete when its last required document is ticked; close the chases."""
        activity_type = self.env.ref("parcours_rehab.mail_activity_type_missing_document")
        today = fields.Date.context_today(self)
        for pathway in self.filtered("rehab_enabled"):
            complete = not pathway._missing_checklist("document")
            if complete and not pathway.file_complete_date:
                pathway.file_complete_date = max(today, pathway.request_date or today)
                pathway.activity_ids.filtered(
                    lambda activity: activity.activity_type_id == activity_type
                ).action_feedback(feedback=self.env._("File complete"))
            elif not complete and pathway.file_complete_date and not pathway.inclusion_date:
                pathway.file_complete_date = False
