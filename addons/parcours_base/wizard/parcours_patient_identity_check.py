from odoo import fields, models


class ParcoursPatientIdentityCheck(models.TransientModel):
    """The coordinator saw an ID document: which one, for which patient."""

    _name = "parcours.patient.identity.check"
    _description = "Identity check on an ID document"

    patient_id = fields.Many2one("parcours.patient", required=True, ondelete="cascade")
    proof_kind = fields.Selection(
        selection=lambda self: self.env["parcours.patient"]
        ._fields["identity_proof_kind"]
        .selection,
        string="Document Seen",
        required=True,
    )

    def action_confirm(self):
        self.ensure_one()
        self.patient_id.action_validate_identity(self.proof_kind)
        return {"type": "ir.actions.act_window_close"}
