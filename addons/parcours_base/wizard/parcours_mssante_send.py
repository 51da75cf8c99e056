import mimetypes

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

DOCUMENT_REPORTS = {
    "gp_letter": "parcours_base.action_report_gp_letter",
    "synthesis": "parcours_base.action_report_pathway_synthesis",
}


class ParcoursMssanteSend(models.TransientModel):
    _name = "parcours.mssante.send"
    _description = "Send a pathway document by MSSanté"

    pathway_id = fields.Many2one("parcours.pathway", required=True, ondelete="cascade")
    document = fields.Selection(
        [("gp_letter", "GP information letter"), ("synthesis", "Pathway synthesis")],
        required=True,
        default="gp_letter",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        domain="[('parcours_profession_id', '!=', False)]",
    )
    email = fields.Char(
        string="MSSanté Address",
        compute="_compute_email",
        store=True,
        readonly=False,
        help="From the professional's record (national directory), or typed.",
    )

    @api.depends("pathway_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = wizard.pathway_id.patient_id.gp_id

    @api.depends("partner_id")
    def _compute_email(self):
        for wizard in self:
            wizard.email = wizard.partner_id.parcours_mssante_email

    def action_send(self):
        self.ensure_one()
        pathway = self.pathway_id
        pathway.check_access("write")
        address = email_normalize(self.email or "")
        if not address:
            raise UserError(self.env._("%s is not a valid MSSanté address.", self.email or ""))
        mail_server = self.env["ir.mail_server"]._parcours_mssante_server(pathway.company_id)
        content, filename = pathway._render_document_pdf(DOCUMENT_REPORTS[self.document])
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        document = dict(self._fields["document"]._description_selection(self.env))[self.document]
        # No clinical text in the subject: the pathway's reference and the kind of document.
        subject = self.env._(
            "%(document)s - %(reference)s", document=document, reference=pathway.name
        )
        body = self.env._(
            "Please find attached the document %(document)s about the care pathway "
            "%(reference)s, sent by %(sender)s.",
            document=document,
            reference=pathway.name,
            sender=self.env.user.name,
        )
        sender = mail_server.from_filter if "@" in (mail_server.from_filter or "") else False
        sender = sender or self.env.user.email
        if not sender:
            raise UserError(
                self.env._(
                    "The MSSanté server %s has no sender address: set the organisation's "
                    "MSSanté mailbox in its FROM filter.",
                    mail_server.name,
                )
            )
        IrMailServer = self.env["ir.mail_server"]
        message = IrMailServer.build_email(
            email_from=sender,
            email_to=[address],
            subject=subject,
            body=body,
            attachments=[(filename, content, mimetype)],
        )
        mail_server._parcours_mssante_send(message)
        pathway._record_mssante_sending(self.partner_id, address, document, filename, content)
        return {"type": "ir.actions.act_window_close"}
