from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

DAYS_PARAMETER = "parcours_base.emergency_access_days"


class ParcoursEmergencyAccess(models.TransientModel):
    """Break the glass: a professional covering an absent colleague opens a pathway whose
    care team they are not on, for a limited time, with a reason on record."""

    _name = "parcours.emergency.access"
    _description = "Emergency access to a pathway"

    pathway_reference = fields.Char(required=True, help="The reference of the pathway.")
    reason = fields.Text(required=True, help="Who you are covering for, and why.")

    @api.model
    def _access_days(self):
        # sudo: a system parameter; only the number of days leaves this method.
        days = self.env["ir.config_parameter"].sudo().get_param(DAYS_PARAMETER, 1)
        return max(int(days), 1)

    def action_confirm(self):
        self.ensure_one()
        user = self.env.user
        if not user.has_group("parcours_base.group_parcours_professional"):
            raise AccessError(self.env._("Only care professionals may request emergency access."))
        reason = (self.reason or "").strip()
        if len(reason) < 10:
            raise UserError(self.env._("Explain who you are covering for and why."))
        profession = user.partner_id.parcours_profession_id
        if not profession:
            raise UserError(self.env._("Your profession must be set to join a care team."))
        # sudo: the user cannot read the pathway yet; it is looked up by its exact reference
        # within their organisations, and only its reference and id leave this method.
        pathway = (
            self.env["parcours.pathway"]
            .sudo()
            .search(
                [
                    ("name", "=", self.pathway_reference.strip()),
                    ("company_id", "in", user.company_ids.ids),
                ],
                limit=1,
            )
        )
        if not pathway:
            raise UserError(
                self.env._(
                    "No pathway of your organisations has the reference %s.", self.pathway_reference
                )
            )
        today = fields.Date.context_today(self)
        if pathway.member_ids.filtered(
            lambda member: member.partner_id == user.partner_id and member._is_current(today)
        ):
            raise UserError(self.env._("You are already on the care team of %s.", pathway.name))
        until = today + timedelta(days=self._access_days() - 1)
        # sudo: a time-limited membership is what opens the record rules; it carries the
        # reason and is reviewed by the pathway's coordinator, who is notified below.
        pathway.member_ids.sudo().create(
            {
                "pathway_id": pathway.id,
                "partner_id": user.partner_id.id,
                "profession_id": profession.id,
                "date_from": today,
                "date_to": until,
                "emergency": True,
                "access_reason": reason,
            }
        )
        self.env["parcours.access.log"]._record(
            pathway.with_env(self.env), "emergency", reason=reason
        )
        coordinator = pathway.user_id.partner_id
        if coordinator:
            pathway.message_notify(
                partner_ids=coordinator.ids,
                subject=self.env._("Emergency access to %s", pathway.name),
                body=self.env._(
                    "%(user)s was given emergency access to %(pathway)s until %(until)s. "
                    "Reason: %(reason)s",
                    user=user.name,
                    pathway=pathway.name,
                    until=fields.Date.to_string(until),
                    reason=reason,
                ),
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "parcours.pathway",
            "res_id": pathway.id,
            "view_mode": "form",
            "target": "current",
        }
