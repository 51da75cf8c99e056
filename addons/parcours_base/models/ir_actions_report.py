from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_html(self, report_ref, docids, data=None):
        result = super()._render_qweb_html(report_ref, docids, data=data)
        model = self._get_report(report_ref).model
        log = self.env["parcours.access.log"]
        if docids and log._is_logged(model):
            log._record(self.env[model].browse(docids), "report")
        return result
