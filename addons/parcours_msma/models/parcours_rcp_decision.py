from odoo import models


class ParcoursRcpDecision(models.Model):
    _inherit = "parcours.rcp.decision"

    def _apply(self):
        """Each MSMA pathway reviewed gets an RCP assessment, prefilled from the last one."""
        result = super()._apply()
        for line in self.filtered(
            lambda line: line.pathway_id.msma_enabled and line.pathway_id.state == "included"
        ):
            line.pathway_id._msma_new_assessment("rcp", line.rcp_id.date.date(), line.rcp_id)
        return result
