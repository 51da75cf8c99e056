from odoo import fields, models


class ParcoursProgramme(models.Model):
    _name = "parcours.programme"
    _description = "Care programme"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True, tracking=True)
    company_ids = fields.Many2many(
        "res.company",
        string="Organisations",
        default=lambda self: self.env.company,
        help="Organisations running this programme.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another programme already uses this code."),
    ]
