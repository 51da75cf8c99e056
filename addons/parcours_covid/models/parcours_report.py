from odoo import fields, models


class ParcoursReport(models.Model):
    _inherit = "parcours.report"

    breakdown = fields.Selection(
        selection_add=[
            ("covid_requester", "Requester"),
            ("covid_channel", "Channel"),
            ("covid_residence", "Residence"),
            ("covid_orientation", "Orientation"),
        ],
        ondelete={
            "covid_requester": "set default",
            "covid_channel": "set default",
            "covid_residence": "set default",
            "covid_orientation": "set default",
        },
    )
