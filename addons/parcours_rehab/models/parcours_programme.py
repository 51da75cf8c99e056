from odoo import fields, models

from ..tools.rehab import mean, percentage, start_delay


class ParcoursProgramme(models.Model):
    _inherit = "parcours.programme"

    rehab_enabled = fields.Boolean(
        string="Home Respiratory Rehabilitation",
        help="Pathways get the rehabilitation file, measurements and exercise bikes.",
    )
    rehab_start_target_days = fields.Integer(
        string="Target Delay to Start (Days)",
        default=28,
        help="Days from the complete file to the programme start; later files are flagged.",
    )
    rehab_crq_threshold = fields.Float(
        string="CRQ Minimal Improvement",
        default=0.5,
        help="Points gained in each CRQ domain between W0 and W12 for a significant "
        "improvement.",
    )
    rehab_endurance_threshold = fields.Integer(
        string="Endurance Minimal Improvement (Seconds)",
        default=105,
        help="Seconds gained at the constant-load endurance test between W0 and W12 for a "
        "significant improvement.",
    )
    rehab_bmi_low = fields.Float(
        string="Dietitian Below BMI",
        default=21.0,
        help="A dietitian is proposed below this BMI.",
    )
    rehab_bmi_high = fields.Float(
        string="Dietitian Above BMI",
        default=27.0,
        help="A dietitian is proposed above this BMI (the sources say 27 or 29).",
    )
    rehab_sessions_goal = fields.Integer(
        string="Training Sessions per Week, Goal",
        default=4,
        help="Weekly sessions the patient should reach (4 to 6 recommended).",
    )
    rehab_smr_end_reason_id = fields.Many2one(
        "parcours.end.reason",
        string="End Reason for SMR Reorientation",
        domain="[('programme_id', 'in', (False, id))]",
    )
    rehab_completed_end_reason_id = fields.Many2one(
        "parcours.end.reason",
        string="End Reason for a Completed Programme",
        domain="[('programme_id', 'in', (False, id))]",
    )

    def _rehab_indicators(self, date_from, date_to):
        """Indicators of the programmes started between the two dates, with the user's rights.

        Returns a dict of figures for the funder and the external evaluator.
        """
        pathways = self.env["parcours.pathway"].search(
            [
                ("programme_id", "in", self.ids),
                ("inclusion_date", ">=", date_from),
                ("inclusion_date", "<=", date_to),
            ]
        )
        requests = self.env["parcours.pathway"].search(
            [
                ("programme_id", "in", self.ids),
                ("request_date", ">=", date_from),
                ("request_date", "<=", date_to),
            ]
        )
        completed = pathways.filtered(
            lambda pathway: pathway.end_reason_id
            and pathway.end_reason_id == pathway.programme_id.rehab_completed_end_reason_id
        )
        crq = [pathway.rehab_crq_improved for pathway in pathways if pathway.rehab_crq_measured]
        endurance = [
            pathway.rehab_endurance_improved
            for pathway in pathways
            if pathway.rehab_endurance_measured
        ]
        reoriented = requests.filtered(
            lambda pathway: pathway.end_reason_id
            and pathway.end_reason_id == pathway.programme_id.rehab_smr_end_reason_id
        )
        hospital = pathways.filtered(
            lambda pathway: pathway.rehab_hospital_days_before or pathway.rehab_hospital_days_after
        )
        remote = self.env["parcours.encounter"].search(
            [
                ("pathway_id", "in", pathways.ids),
                ("state", "=", "done"),
                ("mode", "in", ("phone", "video")),
            ]
        )
        incidents = {}
        for incident in self.env["parcours.incident"].search([("pathway_id", "in", pathways.ids)]):
            key = (incident.type_id.name, incident.decision or "open")
            incidents[key] = incidents.get(key, 0) + 1
        return {
            "requests": len(requests),
            "started": len(pathways),
            "completed": len(completed),
            "completion_rate": percentage(len(completed), len(pathways)),
            "mean_start_delay": mean(
                [start_delay(p.file_complete_date, p.inclusion_date) for p in pathways]
            ),
            "late_starts": len(pathways.filtered("rehab_start_late")),
            "crq_improvement_rate": percentage(sum(crq), len(crq)),
            "endurance_improvement_rate": percentage(sum(endurance), len(endurance)),
            "smr_reorientation_rate": percentage(len(reoriented), len(requests)),
            "hospital_days_before": sum(hospital.mapped("rehab_hospital_days_before")),
            "hospital_days_after": sum(hospital.mapped("rehab_hospital_days_after")),
            "remote_by_phone": len(remote.filtered(lambda e: e.mode == "phone")),
            "remote_by_video": len(remote.filtered(lambda e: e.mode == "video")),
            "incidents": incidents,
            "professionals_involved": len(pathways.member_ids.partner_id),
        }
