from odoo import fields, models


class ParcoursLifecycleEvent(models.Model):
    _name = "parcours.lifecycle.event"
    _description = "Pathway lifecycle event"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="What the software raises: the action methods name the event by this code.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Char(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another lifecycle event already uses this code."),
    ]
