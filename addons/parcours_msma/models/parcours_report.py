from odoo import fields, models


class ParcoursReport(models.Model):
    _inherit = "parcours.report"

    breakdown = fields.Selection(
        selection_add=[("microstructure", "Microstructure")],
        ondelete={"microstructure": "set default"},
    )
