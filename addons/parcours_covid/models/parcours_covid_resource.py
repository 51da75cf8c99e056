from odoo import fields, models


class ParcoursCovidResource(models.Model):
    _name = "parcours.covid.resource"
    _description = "Long-COVID care resource"
    _order = "department, kind, name"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [
            ("mco_centre", "Labelled hospital medicine centre (MCO)"),
            ("smr_day_hospital", "Labelled SMR day hospital"),
            ("specialist", "Specialist"),
            ("physiotherapist", "Physiotherapist"),
            ("olfactory", "Olfactory training"),
            ("other", "Other resource"),
        ],
        string="Type",
        required=True,
        default="specialist",
    )
    specialty = fields.Char(
        translate=True, help="For a specialist: ENT, neurology, cardiology, pulmonology..."
    )
    department = fields.Char(string="Département", required=True, index=True)
    axis_ids = fields.Many2many("parcours.covid.axis", string="Axes Covered")
    partner_id = fields.Many2one("res.partner", string="Contact Card")
    phone = fields.Char()
    email = fields.Char()
    address = fields.Char()
    admission_procedure = fields.Text(
        translate=True, help="How to refer a patient: form, documents, contact."
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        index=True,
        help="Leave empty to share the resource with every cell.",
    )
    active = fields.Boolean(default=True)
