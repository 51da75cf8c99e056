from odoo import fields, models


class ParcoursReport(models.Model):
    _inherit = "parcours.report"

    breakdown = fields.Selection(
        selection_add=[
            ("forfait_component", "Forfait component"),
            ("forfait_beneficiary", "Forfait beneficiary"),
        ],
        ondelete={"forfait_component": "set default", "forfait_beneficiary": "set default"},
    )
