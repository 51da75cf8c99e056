from odoo import models


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        stream = super()._record_to_stream(record, field_name)
        log = self.env["parcours.access.log"]
        if record._name == "ir.attachment" and record.res_id and log._is_logged(record.res_model):
            log._record(self.env[record.res_model].browse(record.res_id).exists(), "document")
        return stream
