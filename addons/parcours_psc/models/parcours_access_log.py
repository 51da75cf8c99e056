from odoo import fields, models


class ParcoursAccessLog(models.Model):
    _inherit = "parcours.access.log"

    route = fields.Selection(
        selection_add=[("psc_login", "Signed in with Pro Santé Connect")],
        ondelete={"psc_login": "cascade"},
    )
