from odoo import models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_actions_report import wkhtmltopdf_state


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_html(self, report_ref, docids, data=None):
        result = super()._render_qweb_html(report_ref, docids, data=data)
        model = self._get_report(report_ref).model
        log = self.env["parcours.access.log"]
        if docids and log._is_logged(model):
            log._record(self.env[model].browse(docids), "report")
        return result

    def _parcours_render_pdf(self, record):
        """`record`'s document as PDF: (content, file name). Letters never go out as HTML."""
        self.ensure_one()
        if wkhtmltopdf_state not in ("ok", "upgrade"):
            raise UserError(
                self.env._(
                    "The PDF engine (wkhtmltopdf) is not installed on the server: "
                    "ask the administrator to install it."
                )
            )
        content, report_type = self._render_qweb_pdf(self.report_name, record.ids)
        # Odoo renders HTML instead of PDF in its own test mode only.
        return content, "%s - %s.%s" % (self.name, record.name, report_type)
