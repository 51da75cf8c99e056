from odoo import fields, models


class ParcoursIndicator(models.Model):
    _inherit = "parcours.indicator"

    source = fields.Selection(
        selection_add=[("covid_referral", "Long-COVID referrals")],
        ondelete={"covid_referral": "cascade"},
    )

    def _source_model(self):
        if self.source == "covid_referral":
            return "parcours.covid.referral"
        return super()._source_model()

    def _breakdown_value(self, record, breakdown):
        """Requester, channel, residence and orientation: the cell's activity report sections."""
        pathway = self._pathway_of(record)
        if breakdown in ("covid_requester", "covid_channel"):
            labels = dict(pathway._fields[breakdown]._description_selection(self.env))
            return labels.get(pathway[breakdown], "")
        if breakdown == "covid_residence":
            if pathway.covid_resident:
                return self.env._("Resident")
            return self.env._("Non-resident")
        if breakdown == "covid_orientation":
            # By category, the options beneath: two GP options make one GP share.
            orientation = pathway.covid_orientation_id
            categories = dict(orientation._fields["category"]._description_selection(self.env))
            return (categories.get(orientation.category, ""), orientation.name or "")
        return super()._breakdown_value(record, breakdown)
