from odoo import fields, models


class ParcoursTag(models.Model):
    _name = "parcours.tag"
    _description = "Pathway tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [("name_unique", "unique(name)", "This tag already exists.")]
