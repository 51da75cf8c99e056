from odoo import Command, api, fields, models

from ..tools.data_access import widest_level
from .parcours_profession import DATA_ACCESS_GROUPS


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

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("parcours_profession_id")._sync_data_access_groups()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if "parcours_profession_id" in vals:
            self._sync_data_access_groups()
        return result

    def _sync_data_access_groups(self):
        """Give the users of these professionals the data groups of their profession, widened
        to the levels programmes' data-access policies give it (the outer gate: each record
        is then read at its own programme's level)."""
        groups = {key: self.env.ref(xmlid) for key, xmlid in DATA_ACCESS_GROUPS.items()}
        # sudo: the policy lines of these professions, configuration data.
        policy = self.env["parcours.programme.data.access"].sudo()
        for partner in self:
            users = partner.with_context(active_test=False).user_ids.filtered(
                lambda user: not user.share
            )
            profession = partner.parcours_profession_id
            if not users or not profession.data_access:
                continue
            access = widest_level(
                [
                    profession.data_access,
                    *policy.search([("profession_id", "=", profession.id)]).mapped("data_access"),
                ]
            )
            # sudo: the groups follow the profession a coordinator or administrator chose;
            # only the two data groups are ever added or removed here.
            users = users.sudo()
            if access in groups:
                users.write({"groups_id": [Command.link(groups[access].id)]})
            if access != "medical":
                users.write({"groups_id": [Command.unlink(groups["medical"].id)]})
            if access == "none":
                users.write({"groups_id": [Command.unlink(groups["social"].id)]})
