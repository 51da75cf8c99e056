from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.schedule import occurrence_dates
from .parcours_programme import DURATION_UNITS


class ParcoursStepTemplate(models.Model):
    _name = "parcours.step.template"
    _description = "Follow-up step of a programme's schedule"
    _order = "programme_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    programme_id = fields.Many2one("parcours.programme", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        required=True,
        default=lambda self: self.env.ref("mail.mail_activity_data_todo"),
        domain="[('res_model', 'in', (False, 'parcours.pathway'))]",
    )
    kind_id = fields.Many2one(
        "parcours.encounter.kind", string="Encounter Kind", help="The contact this step plans."
    )
    profession_id = fields.Many2one(
        "parcours.profession",
        string="Responsible Role",
        help="The care-team member holding this role gets the activity; the pathway's "
        "coordinator when nobody does.",
    )
    anchor = fields.Selection(
        [
            ("inclusion", "Inclusion date"),
            ("phase_start", "Start of a phase"),
            ("phase_end", "End of a phase"),
            ("last_encounter", "Last encounter of a kind"),
        ],
        required=True,
        default="inclusion",
    )
    phase_id = fields.Many2one(
        "parcours.programme.phase", domain="[('programme_id', '=', programme_id)]"
    )
    anchor_kind_id = fields.Many2one("parcours.encounter.kind", string="After Encounter Kind")
    offset = fields.Integer(default=0, help="Time between the anchor and the first occurrence.")
    offset_unit = fields.Selection(DURATION_UNITS, required=True, default="weeks")
    repeat_every = fields.Integer(default=0, help="0: the step happens once.")
    repeat_unit = fields.Selection(DURATION_UNITS, default="weeks")
    repeat_count = fields.Integer(string="Occurrences", default=1)

    _sql_constraints = [
        (
            "repeat_positive",
            "CHECK(repeat_every >= 0 AND repeat_count >= 1)",
            "A step happens at least once, and repeats every zero or more units.",
        ),
    ]

    @api.constrains("anchor", "phase_id", "anchor_kind_id")
    def _check_anchor(self):
        for template in self:
            if template.anchor in ("phase_start", "phase_end") and not template.phase_id:
                raise ValidationError(
                    self.env._("Step %s is anchored on a phase: choose the phase.", template.name)
                )
            if template.anchor == "last_encounter" and not template.anchor_kind_id:
                raise ValidationError(
                    self.env._(
                        "Step %s follows the last encounter of a kind: choose the kind.",
                        template.name,
                    )
                )

    def _anchor_date(self, pathway, last_encounters):
        """The date this step counts from for `pathway`, or None if not known yet."""
        self.ensure_one()
        if not pathway.inclusion_date:
            return None
        if self.anchor == "inclusion":
            return pathway.inclusion_date
        if self.anchor == "last_encounter":
            return last_encounters.get((pathway.id, self.anchor_kind_id.id))
        start, end = pathway.programme_id._phase_bounds(pathway.inclusion_date)[self.phase_id]
        return start if self.anchor == "phase_start" else end

    def _occurrences(self, pathway, last_encounters):
        """[(occurrence number, due date)] of this step for `pathway`."""
        self.ensure_one()
        anchor = self._anchor_date(pathway, last_encounters)
        if anchor is None:
            return []
        dates = occurrence_dates(
            anchor,
            self.offset,
            self.offset_unit,
            self.repeat_every,
            self.repeat_unit,
            self.repeat_count,
        )
        return list(enumerate(dates, start=1))
