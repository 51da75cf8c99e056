from odoo import api, fields, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    parcours_download = fields.Boolean(
        string="One-time Download",
        readonly=True,
        help="A file generated for one download (a spreadsheet export, a declaration, a "
        "statement): removed by the daily clean-up a day after it was made. Documents posted "
        "on a record are not downloads.",
    )

    @api.autovacuum
    def _gc_parcours_downloads(self):
        """Remove the generated exports of more than a day: they were downloaded then."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=1)
        self.search([("parcours_download", "=", True), ("create_date", "<", limit)]).unlink()
