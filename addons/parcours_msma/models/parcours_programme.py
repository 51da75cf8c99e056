from odoo import fields, models

from ..tools.indicators import (
    item_evolution,
    patient_years,
    per_patient_year,
    percentage,
)
from ..tools.msma_dates import yearly_target
from .parcours_msma_assessment import ASSESSMENT_ITEMS


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

    def _msma_indicators(self, date_from, date_to, microstructures=None):
        """Indicators of this programme over [date_from, date_to], read with the user's rights.

        Returns a dict of figures; `microstructures` narrows the pathways counted.
        """
        self.ensure_one()
        domain = [
            ("programme_id", "=", self.id),
            ("inclusion_date", "<=", date_to),
            "|",
            ("end_date", "=", False),
            ("end_date", ">=", date_from),
        ]
        if microstructures is not None:
            domain.append(("microstructure_id", "in", microstructures.ids))
        # Counts only: the rules choose which pathways the user may count, sudo lets a manager
        # count health fields (TSO, treatments) reserved to the care team without reading them.
        pathways = self.env["parcours.pathway"].search(domain).sudo()
        included = len(pathways)
        encounters = self.env["parcours.encounter"].search(
            [
                ("pathway_id", "in", pathways.ids),
                ("state", "=", "done"),
                ("start", ">=", date_from),
                (
                    "start",
                    "<=",
                    fields.Datetime.end_of(fields.Datetime.to_datetime(date_to), "day"),
                ),
            ]
        )

        def seen_by(xmlid):
            profession = self.env.ref(xmlid)
            return len(encounters.filtered(lambda e: e.profession_id == profession).pathway_id)

        spans = [
            (max(pathway.inclusion_date, date_from), min(pathway.end_date or date_to, date_to))
            for pathway in pathways
        ]
        reviews = self.env["parcours.rcp.decision"].search_count(
            [
                ("pathway_id", "in", pathways.ids),
                ("applied", "=", True),
                ("rcp_id.date", ">=", date_from),
                ("rcp_id.date", "<=", date_to),
            ]
        )
        steps = self.env["parcours.pathway.step"].search(
            [
                ("pathway_id", "in", pathways.ids),
                ("template_id.msma_screening", "=", True),
                ("state", "!=", "cancelled"),
                ("due_date", ">=", date_from),
                ("due_date", "<=", date_to),
            ]
        )
        pairs = []
        for pathway in pathways:
            assessments = pathway.msma_assessment_ids.sorted(lambda a: (a.date, a.id))
            if len(assessments) > 1:
                pairs.append((assessments[0]._item_values(), assessments[-1]._item_values()))
        by_microstructure = {}
        for microstructure in pathways.microstructure_id:
            by_microstructure[microstructure] = {
                "patients": len(
                    pathways.filtered(lambda p, m=microstructure: p.microstructure_id == m)
                ),
                "target": yearly_target(
                    microstructure.start_date,
                    date_to,
                    self.msma_target_first_year,
                    self.msma_target_later,
                ),
            }
        return {
            "included": included,
            "seen_by_psychologist_pct": percentage(
                seen_by("parcours_base.profession_psychologist"), included
            ),
            "seen_by_social_worker_pct": percentage(
                seen_by("parcours_base.profession_social_worker"), included
            ),
            "rcp_per_patient_year": per_patient_year(reviews, patient_years(spans)),
            "tso_pct": percentage(len(pathways.filtered("msma_tso")), included),
            "first_access_pct": percentage(len(pathways.filtered("msma_first_access")), included),
            "screenings_due": len(steps),
            "screenings_done": len(steps.filtered(lambda step: step.state == "done")),
            "hcv_treatments": len(pathways.filtered("msma_hcv_treated")),
            "hbv_treatments": len(pathways.filtered("msma_hbv_treated")),
            "evolution": item_evolution(pairs, ASSESSMENT_ITEMS),
            "microstructures": by_microstructure,
        }
