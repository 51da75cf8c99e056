import base64
import datetime
import email
import os
import shutil
import smtplib
import socket
import ssl
import tempfile
from unittest.mock import patch

from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import odoo
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ParcoursCase


def make_certificate(common_name, issuer=None, ca=False):
    """(certificate, private key) signed by `issuer` (a pair), or self-signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    issuer_cert, issuer_key = issuer or (None, key)
    now = datetime.datetime.utcnow()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )
    return certificate, key


def pem(certificate=None, key=None):
    if certificate is not None:
        return certificate.public_bytes(serialization.Encoding.PEM)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


class MailboxHandler:
    """Keeps what the SMTP server accepted, with the client certificate it was sent under."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        peer = server.transport.get_extra_info("peercert")
        self.received.append((envelope, peer))
        return "250 Message accepted for delivery"


@tagged("post_install", "-at_install")
class TestMssante(HttpCase, ParcoursCase):
    """Letters leave through a real SMTP server on loopback that requires a client certificate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        authority = make_certificate("Test MSSanté operator CA", ca=True)
        server_cert, server_key = make_certificate("localhost", issuer=authority)
        client_cert, client_key = make_certificate("Test organisation", issuer=authority)
        folder = tempfile.mkdtemp(prefix="parcours_mssante_")
        cls.addClassCleanup(shutil.rmtree, folder)
        certfile, keyfile = os.path.join(folder, "server.pem"), os.path.join(folder, "key.pem")
        with open(certfile, "wb") as handle:
            handle.write(pem(server_cert))
        with open(keyfile, "wb") as handle:
            handle.write(pem(key=server_key))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certfile, keyfile)
        context.load_verify_locations(cadata=pem(authority[0]).decode())
        context.verify_mode = ssl.CERT_REQUIRED  # the operator requires the client certificate
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            cls.smtp_port = probe.getsockname()[1]
        cls.handler = MailboxHandler()
        # aiosmtpd warns, at each connection, that requiring a client certificate is
        # unusual: that is the point here.
        cls.enterClassContext(mute_logger("mail.log"))
        cls.controller = Controller(
            cls.handler,
            hostname="127.0.0.1",
            port=cls.smtp_port,
            tls_context=context,
            require_starttls=True,
        )
        cls.controller.start()
        cls.addClassCleanup(cls.controller.stop)

        cls.ordinary_server = cls.env["ir.mail_server"].create(
            {"name": "Ordinary", "smtp_host": "127.0.0.1", "smtp_port": 1, "sequence": 20}
        )
        cls.mssante_server = cls.env["ir.mail_server"].create(
            {
                "name": "MSSanté operator",
                "parcours_mssante": True,
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.smtp_port,
                "smtp_encryption": "starttls",
                "smtp_authentication": "certificate",
                "smtp_ssl_certificate": base64.b64encode(pem(client_cert)),
                "smtp_ssl_private_key": base64.b64encode(pem(key=client_key)),
                "from_filter": "coordination@organisation.mssante.fr",
                "sequence": 1,
            }
        )
        cls.family_gp = cls.env["res.partner"].create(
            {
                "name": "Dr Family Doctor",
                "parcours_profession_id": cls.gp_profession.id,
                "parcours_mssante_email": "family.doctor@medecin.mssante.fr",
            }
        )
        patient = cls.create_patient("Secretname", "Alice", gp_id=cls.family_gp.id)
        cls.pathway = cls.create_pathway(patient=patient, team=(cls.gp_user,))
        cls.pathway.action_submit_request()

    def setUp(self):
        super().setUp()
        self.handler.received.clear()

    def send(self, user, **values):
        wizard = (
            self.env["parcours.mssante.send"]
            .with_user(user)
            .with_context(force_report_rendering=True)
            .create({"pathway_id": self.pathway.id, **values})
        )
        # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores the header switches.
        # Odoo's test mode keeps mail from leaving; lift it so that the message really goes
        # to the SMTP server on loopback.
        with (
            mute_logger("odoo.addons.base.models.ir_actions_report"),
            patch.object(odoo.modules.module, "current_test", False),
        ):
            return wizard.action_send()

    def test_letter_reaches_the_gp_mailbox_as_pdf_under_the_certificate(self):
        self.assertFalse(self.pathway.gp_informed_date)
        self.send(self.gp_user)
        self.assertEqual(len(self.handler.received), 1)
        envelope, peer = self.handler.received[-1]
        self.assertEqual(envelope.rcpt_tos, ["family.doctor@medecin.mssante.fr"])
        self.assertEqual(envelope.mail_from, "coordination@organisation.mssante.fr")
        subject_of_peer = dict(item[0] for item in peer["subject"])
        self.assertEqual(subject_of_peer["commonName"], "Test organisation")
        message = email.message_from_bytes(envelope.original_content)
        self.assertNotIn("Secretname".lower(), message["Subject"].lower())
        self.assertIn(self.pathway.name, message["Subject"])
        attachments = [part for part in message.walk() if part.get_filename()]
        self.assertEqual(len(attachments), 1)
        self.assertEqual(attachments[0].get_content_type(), "application/pdf")
        self.assertTrue(attachments[0].get_filename().endswith(".pdf"))
        self.assertTrue(attachments[0].get_payload(decode=True).startswith(b"%PDF-"))
        # recorded on the pathway, with the document sent
        self.assertTrue(self.pathway.gp_informed_date)
        note = self.pathway.message_ids[0]
        self.assertIn("family.doctor@medecin.mssante.fr", note.body)
        self.assertEqual(note.attachment_ids.mimetype, "application/pdf")

    def test_typed_address_for_another_professional(self):
        self.send(
            self.gp_user,
            document="synthesis",
            partner_id=False,
            email="psy@psychologue.mssante.fr",
        )
        envelope, _peer = self.handler.received[-1]
        self.assertEqual(envelope.rcpt_tos, ["psy@psychologue.mssante.fr"])
        self.assertFalse(self.pathway.gp_informed_date, "the GP did not receive this one")

    @mute_logger("asyncio")
    def test_the_operator_refuses_a_client_without_certificate(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        with (
            self.assertRaises(OSError),
            smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as client,
        ):
            client.starttls(context=context)
            client.noop()
            client.sendmail("a@example.com", ["b@example.com"], "Subject: x\n\nx")
        self.assertFalse(self.handler.received)

    def test_ordinary_mail_never_goes_through_the_mssante_server(self):
        server, _from = self.env["ir.mail_server"]._find_mail_server(
            "coordination@organisation.mssante.fr"
        )
        self.assertEqual(server, self.ordinary_server)

    def test_mssante_server_requires_a_certificate_over_tls(self):
        with self.assertRaises(ValidationError):
            self.mssante_server.smtp_encryption = "none"
            self.mssante_server.flush_recordset()

    def test_no_sending_without_an_mssante_server(self):
        self.mssante_server.parcours_mssante = False
        with self.assertRaises(UserError):
            self.send(self.gp_user)
        self.assertFalse(self.handler.received)

    def test_minutes_by_mssante_are_recorded_on_the_meeting(self):
        rcp = self.env["parcours.rcp"].create({"programme_ids": self.programme.ids})
        rcp.with_user(self.coordinator).action_hold()
        rcp.with_user(self.coordinator).action_validate()
        action = rcp.with_user(self.coordinator).action_open_mssante_send()
        wizard = (
            self.env["parcours.mssante.send"]
            .with_user(self.coordinator)
            .with_context(**action["context"], force_report_rendering=True)
            .create({"email": "psy@psychologue.mssante.fr"})
        )
        with (
            mute_logger("odoo.addons.base.models.ir_actions_report"),
            patch.object(odoo.modules.module, "current_test", False),
        ):
            wizard.action_send()
        envelope, _peer = self.handler.received[-1]
        self.assertEqual(envelope.rcpt_tos, ["psy@psychologue.mssante.fr"])
        message = email.message_from_bytes(envelope.original_content)
        attachment = next(part for part in message.walk() if part.get_filename())
        self.assertTrue(attachment.get_payload(decode=True).startswith(b"%PDF-"))
        self.assertEqual(rcp.message_ids[0].attachment_ids.mimetype, "application/pdf")
        with self.assertRaises(ValidationError):
            self.env["parcours.mssante.send"].create(
                {"rcp_id": rcp.id, "pathway_id": self.pathway.id, "email": "a@b.fr"}
            )

    def test_a_professional_outside_the_care_team_cannot_send(self):
        with self.assertRaises(AccessError):
            self.send(self.psychologist_user)
