from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    parcours_rcp_hour = fields.Float(
        string="Usual RCP Start",
        default=14.0,
        help="A meeting created by a click on a calendar day starts at this hour.",
    )
    parcours_rcp_duration = fields.Float(
        string="Usual RCP Duration (Hours)",
        default=1.5,
        help="Length of a new meeting, and the time attended proposed for its participants.",
    )
