import mimetypes

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

DOCUMENT_REPORTS = {
    "gp_letter": "parcours_base.action_report_gp_letter",
    "synthesis": "parcours_base.action_report_pathway_synthesis",
    "rcp_minutes": "parcours_base.action_report_rcp_minutes",
}


class ParcoursMssanteSend(models.TransientModel):
    _name = "parcours.mssante.send"
    _description = "Send a pathway document by MSSanté"

    pathway_id = fields.Many2one("parcours.pathway", ondelete="cascade")
    rcp_id = fields.Many2one("parcours.rcp", string="RCP", ondelete="cascade")
    document = fields.Selection(
        [
            ("gp_letter", "GP information letter"),
            ("synthesis", "Pathway synthesis"),
            ("rcp_minutes", "RCP minutes"),
        ],
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

    @api.depends("pathway_id", "rcp_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = wizard.pathway_id.patient_id.gp_id

    @api.depends("partner_id")
    def _compute_email(self):
        for wizard in self:
            wizard.email = wizard.partner_id.parcours_mssante_email

    @api.constrains("pathway_id", "rcp_id", "document")
    def _check_source(self):
        for wizard in self:
            minutes = wizard.document == "rcp_minutes"
            if bool(wizard.pathway_id) == bool(wizard.rcp_id) or minutes != bool(wizard.rcp_id):
                raise ValidationError(
                    self.env._("Send the minutes of an RCP, or a letter or synthesis of a pathway.")
                )

    def action_send(self):
        self.ensure_one()
        source = self.pathway_id or self.rcp_id
        source.check_access("write")
        address = email_normalize(self.email or "")
        if not address:
            raise UserError(self.env._("%s is not a valid MSSanté address.", self.email or ""))
        mail_server = self.env["ir.mail_server"]._parcours_mssante_server(source.company_id)
        report = self.env.ref(DOCUMENT_REPORTS[self.document])
        content, filename = report._parcours_render_pdf(source)
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        document = dict(self._fields["document"]._description_selection(self.env))[self.document]
        # No clinical text in the subject: the kind of document and a reference.
        subject = self.env._(
            "%(document)s - %(reference)s", document=document, reference=source.name
        )
        body = self.env._(
            "Please find attached the document %(document)s about the care pathway "
            "%(reference)s, sent by %(sender)s.",
            document=document,
            reference=source.name,
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
        message = self.env["ir.mail_server"].build_email(
            email_from=sender,
            email_to=[address],
            subject=subject,
            body=body,
            attachments=[(filename, content, mimetype)],
        )
        mail_server._parcours_mssante_send(message)
        self._record_sending(source, address, document, filename, content)
        return {"type": "ir.actions.act_window_close"}

    def _record_sending(self, source, address, document, filename, content):
        """Keep what was sent, to whom, in the source's chatter; a pathway's GP is informed."""
        attachment = self.env["ir.attachment"].create(
            {"name": filename, "raw": content, "res_model": source._name, "res_id": source.id}
        )
        source.message_post(
            body=self.env._(
                "%(document)s sent by MSSanté to %(recipient)s (%(address)s).",
                document=document,
                recipient=self.partner_id.display_name or address,
                address=address,
            ),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        if self.pathway_id:
            self.pathway_id._mssante_sent_to(self.partner_id, address)
