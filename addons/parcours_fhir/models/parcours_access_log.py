from odoo import fields, models


class ParcoursAccessLog(models.Model):
    _inherit = "parcours.access.log"

    route = fields.Selection(
        selection_add=[("fhir", "Read through the FHIR API")], ondelete={"fhir": "cascade"}
    )
