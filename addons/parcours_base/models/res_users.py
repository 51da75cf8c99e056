from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users.partner_id.filtered("parcours_profession_id")._sync_data_access_groups()
        return users
