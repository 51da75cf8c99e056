from odoo import fields, models

from .parcours_programme import DURATION_UNITS


class ParcoursProgrammePhase(models.Model):
    _name = "parcours.programme.phase"
    _description = "Programme phase"
    _order = "programme_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    programme_id = fields.Many2one("parcours.programme", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    duration = fields.Integer(required=True, default=12)
    duration_unit = fields.Selection(DURATION_UNITS, required=True, default="weeks")

    _sql_constraints = [
        ("duration_positive", "CHECK(duration > 0)", "A phase lasts at least one unit."),
    ]
