from odoo import api, fields, models


class ParcoursDirectoryStructure(models.Model):
    """One establishment of the FINESS extraction."""

    _name = "parcours.directory.structure"
    _description = "Structure of the FINESS directory"
    _order = "name, id"
    _rec_names_search = ["name", "long_name", "finess", "city"]

    finess = fields.Char(string="FINESS Number", required=True, readonly=True)
    finess_legal = fields.Char(string="FINESS of the Legal Entity", readonly=True)
    name = fields.Char(readonly=True, index="trigram")
    long_name = fields.Char(readonly=True)
    street = fields.Char(readonly=True)
    street2 = fields.Char(readonly=True)
    zip = fields.Char(readonly=True, index=True)
    city = fields.Char(readonly=True)
    department = fields.Char(string="Département", readonly=True)
    phone = fields.Char(readonly=True)
    category_code = fields.Char(readonly=True)
    category = fields.Char(readonly=True)
    siret = fields.Char(string="SIRET", readonly=True)
    active = fields.Boolean(default=True, readonly=True)
    import_id = fields.Many2one("parcours.directory.import", readonly=True, index=True)

    _sql_constraints = [
        ("finess_unique", "unique(finess)", "This FINESS number is already imported."),
    ]

    @api.depends("name", "city", "finess")
    def _compute_display_name(self):
        for structure in self:
            structure.display_name = "%s · %s (%s)" % (
                structure.long_name or structure.name or "",
                structure.city or "",
                structure.finess,
            )
