from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    parcours_directory_professional_id = fields.Many2one(
        "parcours.directory.professional",
        string="RPPS Directory Entry",
        index="btree_not_null",
        copy=False,
    )
    parcours_directory_structure_id = fields.Many2one(
        "parcours.directory.structure",
        string="FINESS Directory Entry",
        index="btree_not_null",
        copy=False,
    )
    parcours_directory_source = fields.Selection(
        [
            ("rpps", "RPPS/ADELI directory"),
            ("finess", "FINESS directory"),
            ("manual", "Entered by hand"),
        ],
        string="Source",
        compute="_compute_parcours_directory_source",
        store=True,
        help="Professionals and structures entered by hand are not checked against the "
        "national directories.",
    )

    @api.depends(
        "parcours_directory_professional_id",
        "parcours_directory_structure_id",
        "parcours_profession_id",
        "parcours_structure_type",
    )
    def _compute_parcours_directory_source(self):
        for partner in self:
            if partner.parcours_directory_professional_id:
                partner.parcours_directory_source = "rpps"
            elif partner.parcours_directory_structure_id:
                partner.parcours_directory_source = "finess"
            elif partner.parcours_profession_id or partner.parcours_structure_type:
                partner.parcours_directory_source = "manual"
            else:
                partner.parcours_directory_source = False
