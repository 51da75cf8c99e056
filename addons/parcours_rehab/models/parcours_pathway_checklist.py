from odoo import api, models


class ParcoursPathwayChecklist(models.Model):
    _inherit = "parcours.pathway.checklist"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("done").pathway_id._rehab_update_file_complete()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "done" in vals:
            self.pathway_id._rehab_update_file_complete()
        return result
