from odoo import fields, models


class ParcoursIndicator(models.Model):
    _inherit = "parcours.indicator"

    source = fields.Selection(
        selection_add=[("rehab_assessment", "Rehabilitation measurements")],
        ondelete={"rehab_assessment": "cascade"},
    )

    def _source_model(self):
        if self.source == "rehab_assessment":
            return "parcours.rehab.assessment"
        return super()._source_model()
