from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    covid_territory = fields.Char(
        string="Long-COVID Cell Territory",
        help="Départements covered by the organisation's long-COVID cell, comma-separated "
        "(e.g. 31, 09). Callers living elsewhere count as non-residents.",
    )
