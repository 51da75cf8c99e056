from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    parcours_mssante = fields.Boolean(
        string="MSSanté Server",
        help="The organisation's server at its MSSanté operator: letters to health "
        "professionals go through it only, and it never carries ordinary mail. It "
        "authenticates with the organisation's certificate over TLS.",
    )

    @api.constrains("parcours_mssante", "smtp_authentication", "smtp_encryption")
    def _check_parcours_mssante(self):
        for server in self.filtered("parcours_mssante"):
            if server.smtp_authentication != "certificate" or server.smtp_encryption == "none":
                raise ValidationError(
                    self.env._(
                        "%s: an MSSanté server authenticates with the organisation's "
                        "certificate over TLS (SSL/TLS or STARTTLS).",
                        server.name,
                    )
                )

    def _find_mail_server(self, email_from, mail_servers=None):
        # Ordinary mail never goes through the MSSanté operator.
        if mail_servers is None:
            # sudo: as core's lookup does, any sender picks among every outgoing server
            # (readable by administrators only); here the MSSanté ones are left out.
            mail_servers = self.sudo().search([("parcours_mssante", "=", False)], order="sequence")
        else:
            mail_servers = mail_servers.filtered(lambda server: not server.parcours_mssante)
        return super()._find_mail_server(email_from, mail_servers=mail_servers)

    @api.model
    def _parcours_mssante_server(self, company):
        """The MSSanté server of `company` (or shared by all), or a clear error."""
        # sudo: mail servers are readable by administrators only; the sender needs one.
        server = self.sudo().search(
            [("parcours_mssante", "=", True)],
            order="sequence",
        )
        if not server:
            raise UserError(
                self.env._(
                    "No MSSanté server is configured for %s: ask the administrator to add "
                    "the operator's server (Settings > Technical > Outgoing Mail Servers) "
                    "with the organisation's certificate, and tick MSSanté Server.",
                    company.display_name,
                )
            )
        return server[0]

    def _parcours_mssante_send(self, message):
        """Send `message` through this MSSanté server now; raise a UserError on refusal.

        Sent synchronously, not queued: the user learns at once that the operator
        refused the message, and the pathway records only a message the operator
        accepted.
        """
        self.ensure_one()
        if not self.parcours_mssante:
            raise UserError(self.env._("%s is not an MSSanté server.", self.name))
        try:
            return self.send_email(message, mail_server_id=self.id)
        except UserError:
            raise
        except Exception as error:
            raise UserError(
                self.env._(
                    "The MSSanté server %(server)s refused the message: %(error)s",
                    server=self.name,
                    error=error,
                )
            ) from error
