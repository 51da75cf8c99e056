from odoo import fields, models


class ParcoursMsmaSubstance(models.Model):
    _name = "parcours.msma.substance"
    _description = "Substance or addictive behaviour"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another substance already uses this code."),
    ]
