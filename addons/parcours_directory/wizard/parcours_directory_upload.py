import base64
import io

from odoo import fields, models


class ParcoursDirectoryUpload(models.TransientModel):
    """Upload an RPPS or FINESS extraction file and import it."""

    _name = "parcours.directory.upload"
    _description = "Upload of a national directory file"

    kind = fields.Selection(
        selection=lambda self: self.env["parcours.directory.import"]._fields["kind"].selection,
        required=True,
        default="rpps",
    )
    data = fields.Binary(string="File", required=True, attachment=False)
    file_name = fields.Char()

    def action_import(self):
        self.ensure_one()
        log = self.env["parcours.directory.import"]._import_file(
            self.kind, io.BytesIO(base64.b64decode(self.data)), self.file_name
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "parcours.directory.import",
            "res_id": log.id,
            "view_mode": "form",
            "target": "current",
        }
