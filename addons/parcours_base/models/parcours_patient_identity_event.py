from odoo import fields, models


class ParcoursPatientIdentityEvent(models.Model):
    """One change of a patient's identity status, with the proof it rests on."""

    _name = "parcours.patient.identity.event"
    _description = "Identity status change"
    _order = "date desc, id desc"

    patient_id = fields.Many2one(
        "parcours.patient", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(
        related="patient_id.company_id", store=True, string="Organisation", readonly=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user, readonly=True
    )
    kind = fields.Selection(
        [
            ("document", "ID document checked"),
            ("insi", "INS recovered from INSi"),
            ("downgrade", "Strict trait changed"),
            ("merge", "Patients merged"),
            ("unmerge", "Merge undone"),
        ],
        required=True,
        readonly=True,
    )
    old_status = fields.Selection(
        selection=lambda self: self.env["parcours.patient"]._fields["identity_status"].selection,
        readonly=True,
    )
    new_status = fields.Selection(
        selection=lambda self: self.env["parcours.patient"]._fields["identity_status"].selection,
        readonly=True,
    )
    proof_kind = fields.Selection(
        selection=lambda self: self.env["parcours.patient"]
        ._fields["identity_proof_kind"]
        .selection,
        string="Proof Seen",
        readonly=True,
    )
    note = fields.Char(readonly=True)
