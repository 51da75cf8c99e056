from odoo import api, fields, models

from ..tools.indicators import total_figure


class ParcoursReportResult(models.Model):
    _name = "parcours.report.result"
    _description = "Figure of an indicator report"
    _order = "report_id, indicator_id, breakdown_value, breakdown_detail"

    report_id = fields.Many2one("parcours.report", required=True, ondelete="cascade", index=True)
    indicator_id = fields.Many2one("parcours.indicator", required=True, ondelete="cascade")
    unit = fields.Selection(related="indicator_id.unit", store=True)
    breakdown_value = fields.Char(string="Breakdown")
    breakdown_detail = fields.Char(
        string="Detail", help="A second level under the breakdown (e.g. the option of a category)."
    )
    numerator = fields.Integer(aggregator="sum")
    denominator = fields.Integer(aggregator="sum")
    # Totals of `value` are not sums: see read_group.
    value = fields.Float(aggregator="sum", digits=(16, 2))
    value_sum = fields.Float(
        digits=(16, 2), aggregator="sum", help="Sum of the values measured (averages)."
    )
    sample_size = fields.Integer(aggregator="sum", help="How many values were measured.")
    target = fields.Float(related="indicator_id.target", digits=(16, 2))
    defined = fields.Boolean(help="False when the figure cannot be computed (e.g. rate out of 0).")

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """A total of figures is what the figure is over the total's population: counts and
        sums add up, a rate is recomputed from its numerators and denominators, an average
        from its values; a median, or figures of different indicators, are left empty."""
        rows = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        if any(spec.split(":")[0] == "value" for spec in fields):
            for row in rows:
                if "value" in row:
                    total = self.search(row.get("__domain", domain))._total_value()
                    row["value"] = False if total is None else total
        return rows

    def _total_value(self):
        indicator = self.indicator_id
        if len(indicator) != 1:
            return None
        if len(self) == 1:
            return self.value if self.defined else None
        return total_figure(
            indicator.measure,
            [
                (
                    result.value if result.defined else None,
                    result.numerator,
                    result.denominator,
                    result.value_sum,
                    result.sample_size,
                )
                for result in self
            ],
        )
