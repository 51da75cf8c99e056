from odoo import fields, models


class ParcoursEncounter(models.Model):
    _inherit = "parcours.encounter"

    rehab_enabled = fields.Boolean(related="pathway_id.programme_id.rehab_enabled")
    rehab_training_reported = fields.Boolean(
        string="Training Reported",
        help="The patient reported their exercise sessions of the past week at this contact.",
    )
    rehab_training_sessions = fields.Integer(
        string="Training Sessions Last Week", help="Exercise-bike sessions the patient reported."
    )
