from odoo import fields, models


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
