from odoo import fields, models


class ParcoursChecklistItem(models.Model):
    _name = "parcours.checklist.item"
    _description = "Programme checklist item"
    _order = "programme_id, kind, sequence, id"

    name = fields.Char(required=True, translate=True)
    programme_id = fields.Many2one("parcours.programme", required=True, ondelete="cascade")
    kind = fields.Selection(
        [("eligibility", "Eligibility criterion"), ("document", "Required document")],
        required=True,
        default="eligibility",
    )
    sequence = fields.Integer(default=10)
    mandatory = fields.Boolean(default=True)
    description = fields.Text(translate=True)
