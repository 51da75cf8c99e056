from odoo import api, models
from odoo.exceptions import UserError


class ParcoursPathwayChecklist(models.Model):
    _inherit = "parcours.pathway.checklist"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_rehab_document_attached()
        lines.filtered("done").pathway_id._rehab_update_file_complete()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if {"done", "attachment_ids"} & set(vals):
            self._check_rehab_document_attached()
        if "done" in vals:
            self.pathway_id._rehab_update_file_complete()
        return result

    def _check_rehab_document_attached(self):
        """A required document of the rehabilitation file is received with its file."""
        missing = self.filtered(
            lambda line: line.done
            and line.kind == "document"
            and line.mandatory
            and line.pathway_id.rehab_enabled
            and not line.attachment_ids
        )
        if missing:
            raise UserError(
                self.env._(
                    "Attach the document %(item)s of %(pathway)s before ticking it received.",
                    item=missing[0].item_id.name,
                    pathway=missing[0].pathway_id.name,
                )
            )
