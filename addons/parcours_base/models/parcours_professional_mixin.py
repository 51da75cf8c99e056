from odoo import api, fields, models


class ParcoursProfessionalMixin(models.AbstractModel):
    """A record about one professional: their Odoo user and the role they hold there."""

    _name = "parcours.professional.mixin"
    _description = "Record of a professional"

    partner_id = fields.Many2one(
        "res.partner",
        string="Professional",
        index=True,
        domain="[('parcours_profession_id', '!=', False)]",
    )
    user_id = fields.Many2one(
        "res.users",
        compute="_compute_user_id",
        store=True,
        precompute=True,
        index=True,
        help="The professional's Odoo user: access follows it.",
    )
    profession_id = fields.Many2one(
        "parcours.profession",
        string="Role",
        compute="_compute_profession_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("partner_id.user_ids")
    def _compute_user_id(self):
        for record in self:
            record.user_id = record.partner_id.user_ids[:1]

    @api.depends("partner_id")
    def _compute_profession_id(self):
        # The professional's usual profession, unless the role was chosen by hand.
        for record in self:
            record.profession_id = record.profession_id or record.partner_id.parcours_profession_id
