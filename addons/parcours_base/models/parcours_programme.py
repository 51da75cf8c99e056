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
        default="1", tracking=True, help="Recorded on each consent; change it when the text changes."
    )
    pathway_count = fields.Integer(compute="_compute_pathway_count")

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another programme already uses this code."),
        ("duration_positive", "CHECK(duration >= 0)", "A duration cannot be negative."),
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

    def action_open_pathways(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("parcours_base.parcours_pathway_action")
        action["domain"] = [("programme_id", "=", self.id)]
        action["context"] = {"default_programme_id": self.id}
        return action
