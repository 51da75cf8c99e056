from odoo import fields, models


class ParcoursIndicator(models.Model):
    _inherit = "parcours.indicator"

    source = fields.Selection(
        selection_add=[("msma_assessment", "MSMA assessments")],
        ondelete={"msma_assessment": "cascade"},
    )

    def _source_model(self):
        if self.source == "msma_assessment":
            return "parcours.msma.assessment"
        return super()._source_model()

    def _breakdown_value(self, record, breakdown):
        if breakdown == "microstructure":
            return self._pathway_of(record).microstructure_id.name or ""
        return super()._breakdown_value(record, breakdown)
