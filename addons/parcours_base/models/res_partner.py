from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    parcours_profession_id = fields.Many2one(
        "parcours.profession", string="Profession", index=True, tracking=True
    )
    parcours_rpps = fields.Char(string="RPPS / ADELI Number", tracking=True)
    parcours_employment = fields.Selection(
        [("self_employed", "Self-employed (libéral)"), ("salaried", "Salaried")],
        string="Employment",
    )
    parcours_employer_id = fields.Many2one(
        "res.partner",
        string="Employing Structure",
        domain="[('parcours_structure_type', '!=', False)]",
    )
    parcours_structure_type = fields.Selection(
        [
            ("msp", "Multi-professional health centre (MSP)"),
            ("practice", "Medical practice"),
            ("health_centre", "Health centre"),
            ("csapa", "CSAPA"),
            ("caarud", "CAARUD"),
            ("cpts", "CPTS"),
            ("dac", "DAC"),
            ("hospital", "Hospital (MCO)"),
            ("smr", "SMR"),
            ("association", "Association"),
            ("other", "Other structure"),
        ],
        string="Structure Type",
        index=True,
    )
    parcours_mssante_email = fields.Char(
        string="MSSanté Address",
        help="Secure health messaging address (MSSanté) of the professional, from the "
        "national directory: letters are sent there as PDF.",
    )
