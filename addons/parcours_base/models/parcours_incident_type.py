from odoo import fields, models


class ParcoursIncidentType(models.Model):
    _name = "parcours.incident.type"
    _description = "Type of intercurrent event"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    programme_id = fields.Many2one(
        "parcours.programme", ondelete="cascade", help="Empty: offered in every programme."
    )
    active = fields.Boolean(default=True)
