from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.data_access import HEALTH_MODELS, IDENTITY


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    parcours_download = fields.Boolean(
        string="One-time Download",
        readonly=True,
        help="A file generated for one download (a spreadsheet export, a declaration, a "
        "statement): removed by the daily clean-up a day after it was made. Documents posted "
        "on a record are not downloads.",
    )

    @api.model
    def _parcours_download_action(self, filename, content, owner=None):
        """Store `content` as a one-time download and return the action that downloads it.

        `owner`, when given, is the record the file belongs to (its access rules apply to the
        file); without it the file is its creator's only.
        """
        values = {"name": filename, "raw": content, "parcours_download": True}
        if owner:
            values.update(res_model=owner._name, res_id=owner.id)
        attachment = self.create(values)
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "new",
        }

    @api.autovacuum
    def _gc_parcours_downloads(self):
        """Remove the generated exports of more than a day: they were downloaded then."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=1)
        self.search([("parcours_download", "=", True), ("create_date", "<", limit)]).unlink()

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
