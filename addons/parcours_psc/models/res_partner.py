from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError

INVITATION_FIELDS = ("parcours_psc_invited_on", "parcours_psc_invited_by_id")


class ResPartner(models.Model):
    _inherit = "res.partner"

    parcours_psc_invited_on = fields.Datetime(
        string="Invited to Pro Santé Connect On",
        readonly=True,
        copy=False,
        tracking=True,
        help="Set by a coordinator: the first Pro Santé Connect sign-in with this RPPS number "
        "creates the professional's account.",
    )
    parcours_psc_invited_by_id = fields.Many2one(
        "res.users", string="Invited By", readonly=True, copy=False
    )
    parcours_psc_user_id = fields.Many2one(
        "res.users", string="Account", compute="_compute_parcours_psc_user_id"
    )

    def _compute_parcours_psc_user_id(self):
        for partner in self:
            partner.parcours_psc_user_id = partner.with_context(active_test=False).user_ids[:1]

    def write(self, vals):
        if not self.env.su and any(name in vals for name in INVITATION_FIELDS):
            raise UserError(
                self.env._(
                    "Invite a professional to Pro Santé Connect with the Invite button of "
                    "their contact."
                )
            )
        return super().write(vals)

    def action_parcours_psc_invite(self):
        """A coordinator lets the first Pro Santé Connect sign-in of this RPPS create the
        professional's account."""
        self._parcours_psc_check_coordinator()
        for partner in self:
            if not partner.parcours_rpps or not partner.parcours_rpps.isdigit():
                raise UserError(
                    self.env._(
                        "%s has no RPPS or ADELI number: Pro Santé Connect matches the "
                        "professional by this number.",
                        partner.display_name,
                    )
                )
            if partner.with_context(active_test=False).user_ids:
                raise UserError(self.env._("%s already has an account.", partner.display_name))
        # sudo: the invitation fields are written by this action only (see write()); the
        # coordinator's right to invite was checked above.
        self.sudo().write(
            {
                "parcours_psc_invited_on": fields.Datetime.now(),
                "parcours_psc_invited_by_id": self.env.uid,
            }
        )
        return True

    def action_parcours_psc_cancel_invitation(self):
        self._parcours_psc_check_coordinator()
        # sudo: as in action_parcours_psc_invite.
        self.sudo().write({"parcours_psc_invited_on": False, "parcours_psc_invited_by_id": False})
        return True

    def _parcours_psc_check_coordinator(self):
        if not self.env.user.has_group("parcours_base.group_parcours_coordinator"):
            raise AccessError(
                self.env._("Only a coordinator invites professionals to Pro Santé Connect.")
            )
        self.check_access("read")

    def _parcours_psc_create_user(self):
        """The account of an invited professional, made at their first Pro Santé Connect
        sign-in (superuser only: called by the sign-in)."""
        self.ensure_one()
        if not (self.env.su and self.parcours_psc_invited_on):
            raise AccessError(
                self.env._("Only an invited professional's sign-in creates an account.")
            )
        inviter = self.parcours_psc_invited_by_id
        company = inviter.company_id or self.env.company
        user = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "partner_id": self.id,
                    "login": self.parcours_rpps,
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [
                        Command.set(
                            [
                                self.env.ref("base.group_user").id,
                                self.env.ref("parcours_base.group_parcours_professional").id,
                            ]
                        )
                    ],
                }
            )
        )
        self.write({"parcours_psc_invited_on": False, "parcours_psc_invited_by_id": False})
        return user
