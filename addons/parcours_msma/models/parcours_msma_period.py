from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ParcoursMsmaPeriod(models.Model):
    _name = "parcours.msma.period"
    _description = "Yearly period of an MSMA pathway"
    _order = "pathway_id, sequence"
    _rec_name = "sequence"

    pathway_id = fields.Many2one("parcours.pathway", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    microstructure_id = fields.Many2one(
        related="pathway_id.microstructure_id", store=True, index=True
    )
    sequence = fields.Integer(string="Year", required=True, default=1)
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(
        string="End", required=True, help="Last day of the period, the day before the anniversary."
    )
    origin = fields.Selection(
        [("inclusion", "Inclusion"), ("renewal", "Renewal")], required=True, default="inclusion"
    )

    _sql_constraints = [
        ("sequence_unique", "unique(pathway_id, sequence)", "This yearly period already exists."),
    ]

    @api.depends("pathway_id.name", "sequence")
    def _compute_display_name(self):
        for period in self:
            period.display_name = self.env._(
                "%(pathway)s · year %(year)s", pathway=period.pathway_id.name, year=period.sequence
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for period in self:
            if period.date_end < period.date_start:
                raise ValidationError(self.env._("A period cannot end before it starts."))
