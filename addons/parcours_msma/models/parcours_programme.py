from odoo import fields, models


class ParcoursProgramme(models.Model):
    _inherit = "parcours.programme"

    msma_enabled = fields.Boolean(
        string="Addiction Microstructures",
        help="Pathways are followed in a microstructure, with an addiction profile, yearly "
        "periods and screening reminders.",
    )
    msma_target_first_year = fields.Integer(
        string="Patients per Microstructure, First Year", default=30
    )
    msma_target_later = fields.Integer(
        string="Patients per Microstructure, Later Years", default=45
    )

    def _rcp_agenda_candidates(self, rcp):
        """Add the pathways whose anniversary has come: their renewal is decided in RCP."""
        candidates = super()._rcp_agenda_candidates(rcp)
        if self.msma_enabled:
            due = self.env["parcours.pathway"].search(
                [
                    ("programme_id", "=", self.id),
                    ("company_id", "=", rcp.company_id.id),
                    ("state", "=", "included"),
                    ("renewal_due_date", "<=", rcp.date.date()),
                ]
            )
            for pathway in due:
                candidates[pathway] = self.env._(
                    "Renewal due since %s", fields.Date.to_string(pathway.renewal_due_date)
                )
        return candidates
