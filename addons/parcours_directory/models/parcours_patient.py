from odoo import api, fields, models


class ParcoursPatient(models.Model):
    _inherit = "parcours.patient"

    gp_directory_id = fields.Many2one(
        "parcours.directory.professional",
        string="GP from the Directory",
        compute="_compute_gp_directory_id",
        inverse="_inverse_gp_directory_id",
        help="Search the RPPS directory by name, number or city; the contact is created "
        "from the directory the first time.",
    )

    @api.depends("gp_id")
    def _compute_gp_directory_id(self):
        for patient in self:
            patient.gp_directory_id = patient.gp_id.parcours_directory_professional_id

    def _inverse_gp_directory_id(self):
        for patient in self:
            if patient.gp_directory_id:
                patient.gp_id = patient.gp_directory_id._get_partner()
