from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.data_access import IDENTITY


class ParcoursConsent(models.Model):
    _name = "parcours.consent"
    _inherit = ["mail.thread"]
    _description = "Patient consent to a pathway"
    _order = "date desc, id desc"

    pathway_id = fields.Many2one("parcours.pathway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    method = fields.Selection(
        [
            ("signed", "Signed form"),
            ("electronic", "Electronic signature"),
            ("oral", "Oral, before a witness"),
        ],
        required=True,
        default="signed",
        tracking=True,
    )
    signatory = fields.Selection(
        [("patient", "Patient"), ("representative", "Legal representative")],
        required=True,
        default="patient",
        tracking=True,
    )
    representative_name = fields.Char(string="Legal Representative", tracking=True, groups=IDENTITY)
    text_version = fields.Char(
        string="Consent Text Version",
        compute="_compute_text_version",
        store=True,
        readonly=False,
        tracking=True,
    )
    covers_evaluation = fields.Boolean(
        help="The patient also agrees that pseudonymised data go to the external evaluator.",
        tracking=True,
    )
    document = fields.Binary(attachment=True, string="Signed Document", groups=IDENTITY)
    document_name = fields.Char(groups=IDENTITY)
    withdrawal_date = fields.Date(tracking=True)

    @api.depends("pathway_id.programme_id.consent_version")
    def _compute_text_version(self):
        for consent in self:
            if not consent.text_version:
                consent.text_version = consent.pathway_id.programme_id.consent_version

    @api.constrains("signatory", "representative_name")
    def _check_representative(self):
        for consent in self:
            if consent.signatory == "representative" and not consent.representative_name:
                raise ValidationError(
                    self.env._("Name the legal representative who gave the consent.")
                )

    @api.constrains("date", "withdrawal_date")
    def _check_withdrawal_after_consent(self):
        for consent in self:
            if consent.withdrawal_date and consent.withdrawal_date < consent.date:
                raise ValidationError(
                    self.env._("A consent cannot be withdrawn before it was given.")
                )

    def write(self, vals):
        withdrawn = (
            self.filtered(lambda consent: not consent.withdrawal_date)
            if vals.get("withdrawal_date")
            else self.browse()
        )
        result = super().write(vals)
        for consent in withdrawn:
            consent.pathway_id._on_consent_withdrawn(consent)
        return result
