from odoo import fields, models


class ParcoursStepTemplate(models.Model):
    _inherit = "parcours.step.template"

    msma_screening = fields.Boolean(
        string="Screening", help="Counted as a screening by the MSMA indicators."
    )
    msma_injecting_use = fields.Selection(
        [("injecting", "Injecting drug users only"), ("not_injecting", "Non-injecting users only")],
        string="Injecting Use",
        help="Leave empty to plan this step whatever the use.",
    )
    msma_liver_risk_only = fields.Boolean(
        string="Alcoholic Fibrosis or HCV Carriers Only",
    )

    def _msma_applies_to(self, pathway):
        """Whether this step is planned for `pathway` given its addiction profile."""
        self.ensure_one()
        # sudo: who plans steps (a coordinator, an RCP) may not read the addiction profile;
        # only whether the step applies leaves this method.
        pathway = pathway.sudo()
        if self.msma_injecting_use == "injecting" and not pathway.msma_injecting:
            return False
        if self.msma_injecting_use == "not_injecting" and pathway.msma_injecting:
            return False
        if self.msma_liver_risk_only and not pathway._msma_liver_risk():
            return False
        return True
