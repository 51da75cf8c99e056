from odoo import api, fields, models


class ParcoursPathway(models.Model):
    _inherit = "parcours.pathway"

    referrer_directory_id = fields.Many2one(
        "parcours.directory.professional",
        string="Referrer from the Directory",
        compute="_compute_referrer_directory_id",
        inverse="_inverse_referrer_directory_id",
        help="Search the RPPS directory by name, number or city (the referring GP or "
        "specialist); the contact is created from the directory the first time.",
    )

    @api.depends("referrer_id")
    def _compute_referrer_directory_id(self):
        for pathway in self:
            pathway.referrer_directory_id = pathway.referrer_id.parcours_directory_professional_id

    def _inverse_referrer_directory_id(self):
        for pathway in self:
            if pathway.referrer_directory_id:
                pathway.referrer_id = pathway.referrer_directory_id._get_partner()
