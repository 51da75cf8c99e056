from odoo import fields, models


class ParcoursCovidOrientation(models.Model):
    _name = "parcours.covid.orientation"
    _description = "Long-COVID orientation option"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        [
            ("gp", "General practitioner"),
            ("hospital", "Labelled hospital centre"),
            ("specialist", "Specialist consultation"),
            ("rehabilitation", "Rehabilitation"),
        ],
        required=True,
        default="gp",
    )
    resource_kind = fields.Selection(
        selection="_selection_resource_kind",
        string="Resource Type",
        help="Type of resource proposed when this orientation is chosen (empty: no referral).",
    )

    def _selection_resource_kind(self):
        return self.env["parcours.covid.resource"]._fields["kind"].selection
