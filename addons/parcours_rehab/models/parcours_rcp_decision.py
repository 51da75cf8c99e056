from odoo import models


class ParcoursRcpDecision(models.Model):
    _inherit = "parcours.rcp.decision"

    def _apply(self):
        """A concertation committee's decision on a rehabilitation pathway is its committee."""
        for line in self:
            pathway = line.pathway_id
            if line.rcp_id.kind == "committee" and pathway.rehab_enabled:
                pathway.rehab_committee_id = line.rcp_id
        return super()._apply()
