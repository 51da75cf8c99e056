from odoo import fields, models

# Data categories a profession reads, and the group that opens them.
DATA_ACCESS_GROUPS = {
    "medical": "parcours_base.group_parcours_medical_data",
    "social": "parcours_base.group_parcours_social_data",
}
DATA_ACCESS_LEVELS = [
    ("medical", "Medical and social data"),
    ("social", "Social data"),
    ("none", "Neither"),
]


class ParcoursProfession(models.Model):
    _name = "parcours.profession"
    _description = "Health or social profession"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_physician = fields.Boolean(
        help="Physicians can be a patient's GP (médecin traitant).",
    )
    data_access = fields.Selection(
        DATA_ACCESS_LEVELS,
        required=True,
        default="medical",
        help="What the professionals of this profession read on the pathways of their care "
        "teams, besides identity and administrative data: health professionals read clinical "
        "notes, serologies and treatments; social workers the social and relational data. "
        "A programme's data-access policy can set another level for its own pathways.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Another profession already uses this code."),
    ]

    def write(self, vals):
        result = super().write(vals)
        if "data_access" in vals:
            partners = self.env["res.partner"].search([("parcours_profession_id", "in", self.ids)])
            partners._sync_data_access_groups()
        return result
