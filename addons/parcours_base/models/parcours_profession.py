from odoo import fields, models


class ParcoursProfession(models.Model):
    _name = "parcours.profession"
    _description = "Health or social profession"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_physician = fields.Boolean(
        help="Physicians can be a patient's GP (médecin traitant).",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another profession already uses this code."),
    ]
