from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv.expression import AND, FALSE_DOMAIN, OR

from odoo.addons.parcours_base.tools.data_access import CARE_TEAM

OPEN_STATES = ("sent", "accepted")
COMPLETED_STATES = ("seen", "done")
NEXT_STATES = {
    "sent": ("accepted", "seen", "refused", "no_answer"),
    "accepted": ("seen", "refused", "no_answer"),
    "seen": ("done",),
    "no_answer": ("accepted", "seen", "refused"),
}


class ParcoursCovidReferral(models.Model):
    _name = "parcours.covid.referral"
    _description = "Long-COVID referral to a resource"
    _inherit = ["mail.thread", "parcours.integrity.mixin"]
    _order = "date_sent desc, id desc"
    _check_company_auto = True

    pathway_id = fields.Many2one(
        "parcours.pathway", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    patient_id = fields.Many2one(related="pathway_id.patient_id")
    orientation_id = fields.Many2one("parcours.covid.orientation", tracking=True)
    resource_id = fields.Many2one(
        "parcours.covid.resource",
        required=True,
        tracking=True,
        ondelete="restrict",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    date_sent = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        [
            ("sent", "Sent"),
            ("accepted", "Accepted"),
            ("seen", "Seen"),
            ("done", "Outcome recorded"),
            ("refused", "Refused"),
            ("no_answer", "No answer"),
        ],
        string="Status",
        required=True,
        default="sent",
        tracking=True,
        readonly=True,
    )
    state_date = fields.Date(
        string="Status Since", default=fields.Date.context_today, readonly=True
    )
    seen_date = fields.Date(readonly=True)
    outcome = fields.Text(tracking=True, groups=CARE_TEAM)
    reminded_date = fields.Date(readonly=True, copy=False)
    is_stalled = fields.Boolean(compute="_compute_is_stalled", search="_search_is_stalled")

    def _compute_is_stalled(self):
        today = fields.Date.context_today(self)
        for referral in self:
            delay = referral.pathway_id.programme_id.covid_reminder_days
            referral.is_stalled = bool(
                delay
                and referral.state in OPEN_STATES
                and referral.state_date
                and referral.state_date <= today - timedelta(days=delay)
            )

    def _search_is_stalled(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on stalled referrals."))
        today = fields.Date.context_today(self)
        per_programme = [
            [
                ("pathway_id.programme_id", "=", programme.id),
                ("state_date", "<=", today - timedelta(days=programme.covid_reminder_days)),
            ]
            for programme in self.env["parcours.programme"].search(
                [("covid_intake", "=", True), ("covid_reminder_days", ">", 0)]
            )
        ]
        stalled = AND([[("state", "in", OPEN_STATES)], OR(per_programme or [FALSE_DOMAIN])])
        return stalled if (operator == "=") == value else ["!", *stalled]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # A referral logged late waits since the day it was sent, not since it was typed.
            if vals.get("date_sent") and not vals.get("state_date"):
                vals["state_date"] = vals["date_sent"]
        return super().create(vals_list)

    def _lifecycle_fields(self):
        names = super()._lifecycle_fields() | {"state", "seen_date", "reminded_date"}
        if self:
            names |= {"state_date", "pathway_id"}
        return names

    def _set_state(self, state):
        labels = dict(self._fields["state"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        for referral in self:
            if state not in NEXT_STATES.get(referral.state, ()):
                raise UserError(
                    self.env._(
                        "The referral of %(patient)s to %(resource)s is %(state)s: it cannot "
                        "become %(new)s.",
                        patient=referral.patient_id.display_name,
                        resource=referral.resource_id.name,
                        state=labels[referral.state].lower(),
                        new=labels[state].lower(),
                    )
                )
            values = {"state": state, "state_date": today}
            if state == "seen":
                values["seen_date"] = today
            referral._write_lifecycle(values)

    def action_accept(self):
        self._set_state("accepted")

    def action_mark_seen(self):
        self._set_state("seen")

    def action_record_outcome(self):
        for referral in self:
            if not referral.outcome:
                raise UserError(
                    self.env._(
                        "Write the outcome of the referral to %s first.", referral.resource_id.name
                    )
                )
        self._set_state("done")

    def action_refuse(self):
        self._set_state("refused")

    def action_no_answer(self):
        self._set_state("no_answer")

    @api.model
    def _cron_remind_stalled(self):
        """Plan one reminder per stalled status on the pathway's coordinator."""
        stalled = self.search([("is_stalled", "=", True)]).filtered(
            lambda referral: not referral.reminded_date
            or referral.reminded_date < referral.state_date
        )
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("parcours_covid.mail_activity_type_stalled_referral")
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("parcours.pathway"),
                    "res_id": referral.pathway_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._(
                        "No news from %(resource)s since %(date)s",
                        resource=referral.resource_id.name,
                        date=fields.Date.to_string(referral.state_date),
                    ),
                    "user_id": (referral.pathway_id.user_id or self.env.user).id,
                    "date_deadline": today,
                }
                for referral in stalled
            ]
        )
        stalled.reminded_date = today
