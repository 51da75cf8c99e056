from odoo import fields, models

ENCOUNTER_MODES = [
    ("in_person", "In person"),
    ("home", "At home"),
    ("phone", "Phone"),
    ("video", "Video"),
]


class ParcoursEncounterKind(models.Model):
    _name = "parcours.encounter.kind"
    _description = "Kind of encounter"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    default_mode = fields.Selection(ENCOUNTER_MODES, default="in_person", required=True)
    default_duration = fields.Integer(string="Default Duration (Minutes)", default=60)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another kind of encounter already uses this code."),
    ]
