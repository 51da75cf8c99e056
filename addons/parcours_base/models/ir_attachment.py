from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.data_access import HEALTH_MODELS, IDENTITY


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _reads_health_documents(self):
        """Letters and documents of a health record name the patient: care professionals only."""
        return self.env.su or self.env.user.has_group(IDENTITY)

    @api.model
    def check(self, mode, values=None):
        result = super().check(mode, values=values)
        if self._reads_health_documents():
            return result
        health = values and values.get("res_model") in HEALTH_MODELS
        if self and not health:
            self.env.cr.execute(
                SQL(
                    "SELECT 1 FROM ir_attachment WHERE id IN %s AND res_model IN %s LIMIT 1",
                    tuple(self.ids),
                    HEALTH_MODELS,
                )
            )
            health = bool(self.env.cr.fetchone())
        if health:
            raise AccessError(
                self.env._("Documents of a patient's record are for their care team only.")
            )
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self._reads_health_documents():
            domain = [("res_model", "not in", HEALTH_MODELS), *domain]
        return super()._search(domain, offset=offset, limit=limit, order=order)
