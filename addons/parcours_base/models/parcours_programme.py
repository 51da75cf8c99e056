from dateutil.relativedelta import relativedelta

from odoo import fields, models

DURATION_UNITS = [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")]


def add_duration(start, amount, unit):
    """The date `amount` days, weeks or months after `start`."""
    return start + relativedelta(**{unit: amount})


class ParcoursProgramme(models.Model):
    _name = "parcours.programme"
    _description = "Care programme"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True, tracking=True)
    company_ids = fields.Many2many(
        "res.company",
        string="Organisations",
        default=lambda self: self.env.company,
        help="Organisations running this programme.",
    )
    coordinator_ids = fields.Many2many(
        "res.users",
        string="Responsible Coordinators",
        domain=[("share", "=", False)],
    )
    stage_ids = fields.One2many("parcours.stage", "programme_id", string="Stages")
    end_reason_ids = fields.One2many("parcours.end.reason", "programme_id", string="End Reasons")
    checklist_item_ids = fields.One2many(
        "parcours.checklist.item", "programme_id", string="Checklist"
    )
    role_ids = fields.One2many("parcours.programme.role", "programme_id", string="Care-Team Roles")
    data_access_ids = fields.One2many(
        "parcours.programme.data.access",
        "programme_id",
        help="Professions reading other data categories on this programme's records than "
        "their profession gives them; the others keep their profession's level.",
    )
    phase_ids = fields.One2many("parcours.programme.phase", "programme_id", string="Phases")
    duration_policy = fields.Selection(
        [
            ("open", "Open-ended"),
            ("fixed", "Fixed duration"),
            ("renewable", "Renewable on the anniversary"),
            ("phased", "Successive phases"),
        ],
        required=True,
        default="open",
        tracking=True,
    )
    duration = fields.Integer(default=12, help="Length of one period of the pathway.")
    duration_unit = fields.Selection(DURATION_UNITS, default="months")
    consent_text = fields.Html(translate=True, help="What the patient agrees to.")
    consent_version = fields.Char(
        default="1",
        tracking=True,
        help="Recorded on each consent; change it when the text changes.",
    )
    pathway_count = fields.Integer(compute="_compute_pathway_count")
    rcp_review_months = fields.Integer(
        string="Review in RCP Every (Months)",
        default=3,
        help="Included pathways not reviewed for this many months are proposed on the next "
        "RCP agenda (0: no periodic review).",
    )
    rcp_reviews_requests = fields.Boolean(
        string="New Requests Go to RCP",
        default=True,
        help="Requests waiting for inclusion are proposed on the next RCP agenda.",
    )
    quorum_profession_ids = fields.Many2many(
        "parcours.profession",
        string="Quorum",
        help="Professions that must be present for an RCP to validate its decisions.",
    )
    step_template_ids = fields.One2many(
        "parcours.step.template", "programme_id", string="Follow-up Schedule"
    )
    suspension_shifts_schedule = fields.Boolean(
        default=True,
        help="When a suspended pathway resumes, its future steps move by the suspension length.",
    )
    activity_horizon_days = fields.Integer(
        string="Plan To-dos Ahead (Days)",
        default=28,
        help="Follow-up steps get their to-do this many days before they are due, so that "
        "an inclusion does not flood the care team with a year of activities (0: all at once).",
    )
    lost_after_days = fields.Integer(
        string="Lost to Follow-up After (Days)",
        default=90,
        help="An included pathway with no encounter done for this many days is flagged "
        "(0: never).",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another programme already uses this code."),
        ("duration_positive", "CHECK(duration >= 0)", "A duration cannot be negative."),
        (
            "review_positive",
            "CHECK(rcp_review_months >= 0 AND lost_after_days >= 0)",
            "Review and follow-up delays cannot be negative.",
        ),
    ]

    def _compute_pathway_count(self):
        counts = dict(
            self.env["parcours.pathway"]._read_group(
                [("programme_id", "in", self.ids)], ["programme_id"], ["__count"]
            )
        )
        for programme in self:
            programme.pathway_count = counts.get(programme, 0)

    def _period_end(self, start):
        """End of the first period of a pathway starting on `start`, or False."""
        self.ensure_one()
        if self.duration_policy in ("fixed", "renewable") and self.duration:
            return add_duration(start, self.duration, self.duration_unit)
        if self.duration_policy == "phased" and self.phase_ids:
            for phase in self.phase_ids:
                start = add_duration(start, phase.duration, phase.duration_unit)
            return start
        return False

    def _first_stage(self, kind):
        """The first stage of `kind` in this programme (empty if none)."""
        self.ensure_one()
        return self.stage_ids.filtered(lambda stage: stage.kind == kind)[:1]

    def _approving_roles(self):
        self.ensure_one()
        return self.role_ids.filtered("approves_inclusion")

    def _phase_bounds(self, start):
        """{phase: (start date, end date)} for a pathway starting on `start`."""
        self.ensure_one()
        bounds = {}
        for phase in self.phase_ids:
            end = add_duration(start, phase.duration, phase.duration_unit)
            bounds[phase] = (start, end)
            start = end
        return bounds

    def _rcp_agenda_candidates(self, rcp):
        """{pathway: reason} of this programme's pathways due on `rcp`'s agenda.

        Verticals extend it (super() then add their own reasons, e.g. a renewal due).
        """
        self.ensure_one()
        Pathway = self.env["parcours.pathway"]
        candidates = {}
        if self.rcp_reviews_requests:
            for pathway in Pathway.search(
                [
                    ("programme_id", "=", self.id),
                    ("company_id", "=", rcp.company_id.id),
                    ("state", "in", ("requested", "eligible")),
                ]
            ):
                candidates[pathway] = self.env._("New request to include")
        if self.rcp_review_months:
            limit = rcp.date.date() - relativedelta(months=self.rcp_review_months)
            for pathway in Pathway.search(
                [
                    ("programme_id", "=", self.id),
                    ("company_id", "=", rcp.company_id.id),
                    ("state", "=", "included"),
                    "|",
                    ("last_rcp_date", "=", False),
                    ("last_rcp_date", "<=", limit),
                ]
            ):
                candidates[pathway] = self.env._("Periodic review due")
        return candidates

    def action_preview_replan(self):
        """Preview how the open pathways move under the current follow-up schedule."""
        self.ensure_one()
        pathways = self.env["parcours.pathway"].search(
            [("programme_id", "=", self.id), ("state", "=", "included")]
        )
        return self.env["parcours.step.replan"]._open_for(pathways)

    def action_open_pathways(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_base.parcours_pathway_action"
        )
        action["domain"] = [("programme_id", "=", self.id)]
        action["context"] = {"default_programme_id": self.id}
        return action
