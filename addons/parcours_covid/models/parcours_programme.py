from odoo import fields, models


class ParcoursProgramme(models.Model):
    _inherit = "parcours.programme"

    covid_intake = fields.Boolean(
        string="Long-COVID Intake",
        help="Requests of this programme are logged with the long-COVID phone intake.",
    )
    covid_eligible_weeks = fields.Integer(
        string="Eligible From (Weeks Since Onset)",
        default=4,
        help="Symptoms persisting at least this many weeks after onset make a request eligible.",
    )
    covid_flag_weeks = fields.Integer(
        string="Flag Beyond (Weeks Since Onset)",
        default=13,
        help="Requests whose symptoms started longer ago than this are flagged for review.",
    )
    covid_reminder_days = fields.Integer(
        string="Referral Reminder After (Days)",
        default=14,
        help="A referral whose status has not moved for this many days gets a reminder "
        "(0: never).",
    )

    _sql_constraints = [
        (
            "covid_delays_positive",
            "CHECK(covid_eligible_weeks >= 0 AND covid_flag_weeks >= 0 "
            "AND covid_reminder_days >= 0)",
            "Long-COVID delays cannot be negative.",
        ),
    ]

    def _rcp_agenda_candidates(self, rcp):
        candidates = super()._rcp_agenda_candidates(rcp)
        if not self.covid_intake:
            return candidates
        Pathway = self.env["parcours.pathway"]
        for pathway in Pathway.search(
            [
                ("programme_id", "=", self.id),
                ("company_id", "=", rcp.company_id.id),
                ("state", "in", ("draft", "requested")),
                ("covid_complexity", "=", "complex"),
                ("covid_orientation_id", "=", False),
            ]
        ):
            candidates[pathway] = self.env._("New complex request")
        stalled = self.env["parcours.covid.referral"].search(
            [
                ("pathway_id.programme_id", "=", self.id),
                ("company_id", "=", rcp.company_id.id),
                ("is_stalled", "=", True),
            ]
        )
        for referral in stalled:
            candidates[referral.pathway_id] = self.env._(
                "Referral stalled: %s", referral.resource_id.name
            )
        return candidates
