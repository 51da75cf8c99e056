from odoo import fields, models


class ParcoursCovidAxis(models.Model):
    _name = "parcours.covid.axis"
    _description = "Long-COVID symptom axis"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
