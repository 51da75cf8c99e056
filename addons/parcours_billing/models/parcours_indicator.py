from odoo import fields, models


class ParcoursIndicator(models.Model):
    _inherit = "parcours.indicator"

    source = fields.Selection(
        selection_add=[("forfait_line", "Forfait lines")],
        ondelete={"forfait_line": "cascade"},
    )

    def _source_model(self):
        if self.source == "forfait_line":
            return "parcours.forfait.line"
        return super()._source_model()

    def _raw_reference(self, record):
        if record._name == "parcours.forfait.line":
            return record.pathway_ref
        return super()._raw_reference(record)

    def _breakdown_value(self, record, breakdown):
        # Component and beneficiary only: what a forfait line says about the patient is its
        # pseudonymous reference.
        if breakdown == "forfait_component":
            return record.component_id.name if record._name == "parcours.forfait.line" else ""
        if breakdown == "forfait_beneficiary":
            return record.partner_id.name if record._name == "parcours.forfait.line" else ""
        return super()._breakdown_value(record, breakdown)
