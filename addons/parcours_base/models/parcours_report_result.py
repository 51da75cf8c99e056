from odoo import fields, models


class ParcoursReportResult(models.Model):
    _name = "parcours.report.result"
    _description = "Figure of an indicator report"
    _order = "report_id, indicator_id, breakdown_value"

    report_id = fields.Many2one("parcours.report", required=True, ondelete="cascade", index=True)
    indicator_id = fields.Many2one("parcours.indicator", required=True, ondelete="cascade")
    breakdown_value = fields.Char(string="Breakdown")
    numerator = fields.Integer(aggregator="sum")
    denominator = fields.Integer(aggregator="sum")
    value = fields.Float(aggregator="sum", digits=(16, 2))
    target = fields.Float(related="indicator_id.target", digits=(16, 2))
    defined = fields.Boolean(help="False when the figure cannot be computed (e.g. rate out of 0).")
