from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ParcoursCareTeamMember(models.Model):
    _name = "parcours.care.team.member"
    _description = "Care-team member of a pathway"
    _inherit = ["mail.thread", "parcours.professional.mixin"]
    _order = "pathway_id, date_from, id"
    _rec_name = "partner_id"

    pathway_id = fields.Many2one("parcours.pathway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(required=True, tracking=True)
    profession_id = fields.Many2one(required=True, tracking=True)
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="To", tracking=True)
    emergency = fields.Boolean(
        string="Emergency Access",
        readonly=True,
        help="Time-limited access requested by a professional outside the care team.",
    )
    access_reason = fields.Text(readonly=True, help="Why the emergency access was requested.")
    grants_access = fields.Boolean(
        compute="_compute_grants_access",
        store=True,
        precompute=True,
        index=True,
        help="Membership in force today; refreshed every night by a scheduled action.",
    )

    @api.depends("date_from", "date_to")
    def _compute_grants_access(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.grants_access = member._is_current(today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for member in self:
            if member.date_to and member.date_to < member.date_from:
                raise ValidationError(
                    self.env._(
                        "%s cannot leave the care team before joining it.",
                        member.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.pathway_id._sync_care_team_access(members.partner_id)
        return members

    def write(self, vals):
        before = self.pathway_id, self.partner_id
        result = super().write(vals)
        if {"date_from", "date_to", "partner_id", "pathway_id"} & set(vals):
            (before[0] | self.pathway_id)._sync_care_team_access(before[1] | self.partner_id)
        return result

    def unlink(self):
        pathways, partners = self.pathway_id, self.partner_id
        result = super().unlink()
        pathways.exists()._sync_care_team_access(partners)
        return result

    def _is_current(self, day):
        self.ensure_one()
        return self.date_from <= day and (not self.date_to or self.date_to >= day)

    @api.model
    def _cron_refresh_access(self):
        """Grant or end access for memberships that started or ended since yesterday."""
        today = fields.Date.context_today(self)
        stale = self.search(
            [
                "|",
                "&",
                ("grants_access", "=", False),
                "&",
                ("date_from", "<=", today),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", today),
                "&",
                ("grants_access", "=", True),
                "|",
                ("date_from", ">", today),
                ("date_to", "<", today),
            ]
        )
        self.env.add_to_compute(self._fields["grants_access"], stale)
        stale.flush_recordset(["grants_access"])
        stale.pathway_id._sync_care_team_access(stale.partner_id)
