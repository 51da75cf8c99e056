from odoo import api, fields, models


class ParcoursPathwayClose(models.TransientModel):
    _inherit = "parcours.pathway.close"

    covid_gp_uninformed = fields.Boolean(
        string="GP Not Informed Yet", compute="_compute_covid_gp_uninformed"
    )
    covid_gp_not_informed_reason = fields.Text(string="GP Not Informed Because")

    @api.depends("pathway_ids")
    def _compute_covid_gp_uninformed(self):
        for wizard in self:
            wizard.covid_gp_uninformed = any(
                pathway.covid_intake
                and not pathway.gp_informed_date
                and not pathway.covid_gp_not_informed_reason
                for pathway in wizard.pathway_ids
            )

    def action_close(self):
        if self.covid_gp_not_informed_reason:
            self.pathway_ids.filtered(
                lambda pathway: pathway.covid_intake and not pathway.gp_informed_date
            ).covid_gp_not_informed_reason = self.covid_gp_not_informed_reason
        return super().action_close()
