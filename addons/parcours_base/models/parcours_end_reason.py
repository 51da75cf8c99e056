from odoo import fields, models


class ParcoursEndReason(models.Model):
    _name = "parcours.end.reason"
    _description = "Reason a pathway ended"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    programme_id = fields.Many2one(
        "parcours.programme",
        ondelete="cascade",
        help="Leave empty to offer this reason in every programme.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_reorientation = fields.Boolean(
        help="The patient is oriented to another mode of care (counted by indicators).",
    )
