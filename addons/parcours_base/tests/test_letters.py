from datetime import datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common import ParcoursCase


class TestLettersAndTimeline(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The patient's own GP (médecin traitant) is not a member of the care team.
        cls.family_gp = cls.env["res.partner"].create(
            {
                "name": "Dr Family Doctor",
                "email": "family.doctor@example.com",
                "street": "3 rue des Tilleuls",
                "zip": "34400",
                "city": "Lunel",
                "parcours_profession_id": cls.gp_profession.id,
            }
        )
        cls.organisation.write({"street": "8 avenue de la Coordination", "zip": "34000"})
        patient = cls.create_patient("Letterman", "Rose", gp_id=cls.family_gp.id, sex="female")
        with freeze_time("2026-01-05"):
            cls.pathway = cls.include(
                cls.create_pathway(
                    patient=patient,
                    team=(cls.gp_user, cls.psychologist_user),
                    request_date="2026-01-02",
                )
            )

    def test_gp_letter_is_generated_and_kept_in_the_chatter(self):
        action = self.pathway.with_user(self.gp_user).action_print_gp_letter()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertNotIn("download", action["url"], "the letter opens for preview")
        attachment = self.pathway.message_ids[0].attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertIn(b"LETTERMAN Rose", attachment.raw)
        self.assertIn(b"Test programme", attachment.raw)
        # addressed to the patient's GP, at the GP's address, under the organisation's letterhead
        self.assertIn(b"Dr Family Doctor", attachment.raw)
        self.assertIn(b"3 rue des Tilleuls", attachment.raw)
        self.assertIn(b"8 avenue de la Coordination", attachment.raw)

    def test_letter_wording_follows_the_patient_sex(self):
        patient = self.pathway.patient_id
        # the letter is written by a professional of the team, who sees the patient's name
        pathway = self.pathway.with_user(self.gp_user)
        sentences = {}
        for sex in ("female", "male", "unknown"):
            patient.sex = sex
            sentences[sex] = pathway._gp_letter_intro()
            self.assertIn(patient.with_user(self.gp_user).display_name, sentences[sex])
        self.assertEqual(len(set(sentences.values())), 3)
        # A French reader gets no "né(e)" when the sex is known.
        french = pathway.with_context(lang="fr_FR")
        if self.env["res.lang"]._lang_get("fr_FR"):
            patient.sex = "female"
            self.assertNotIn("(e)", french._gp_letter_intro())

    def test_sending_the_letter_informs_the_gp(self):
        action = self.pathway.with_user(self.gp_user).action_send_gp_letter()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.gp_user)
            .with_context(**action["context"])
        )
        self.assertIn(self.family_gp, composer.partner_ids[:])
        self.assertNotIn("Letterman", composer.subject, "no patient name in the subject")
        self.assertFalse(self.pathway.gp_informed_date)
        composer.save().action_send_mail()
        # Dated on the sender's day (their time zone), not the test runner's.
        sender_today = fields.Date.context_today(self.pathway.with_user(self.gp_user))
        self.assertEqual(self.pathway.gp_informed_date, sender_today)
        message = self.pathway.message_ids[0]
        self.assertIn(self.family_gp, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 1, "the letter goes with the message")

    def test_an_internal_note_does_not_inform_the_gp(self):
        self.pathway.with_user(self.gp_user).message_post(
            body="note", partner_ids=self.family_gp.ids, subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self.pathway.gp_informed_date)

    def test_no_letter_to_send_without_a_gp(self):
        self.pathway.patient_id.gp_id = False
        with self.assertRaises(UserError):
            self.pathway.with_user(self.gp_user).action_send_gp_letter()

    def test_minutes_are_sent_to_the_participants(self):
        rcp = self.env["parcours.rcp"].create(
            {
                "programme_ids": self.programme.ids,
                "attendee_ids": [
                    Command.create(
                        {
                            "partner_id": self.psychologist_user.partner_id.id,
                            "profession_id": self.psychologist_profession.id,
                        }
                    )
                ],
            }
        )
        coordinator_rcp = rcp.with_user(self.coordinator)
        with self.assertRaises(UserError):
            coordinator_rcp.action_send_minutes()  # not validated yet
        coordinator_rcp.action_hold()
        coordinator_rcp.action_validate()
        action = coordinator_rcp.action_send_minutes()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.coordinator)
            .with_context(**action["context"])
        )
        self.assertEqual(composer.partner_ids[:], self.psychologist_user.partner_id)
        composer.save().action_send_mail()
        message = rcp.message_ids[0]
        self.assertIn(self.psychologist_user.partner_id, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 1)

    def test_timeline_tells_the_story_in_order(self):
        self.env["parcours.encounter"].create(
            {
                "pathway_id": self.pathway.id,
                "kind_id": self.env.ref("parcours_base.encounter_kind_home_visit").id,
                "start": datetime(2026, 1, 20, 10, 0),
                "state": "done",
            }
        )
        events = self.pathway.with_user(self.gp_user)._timeline_events()
        titles = [event["title"] for event in events]
        self.assertEqual(titles[0], "Request received")
        self.assertLess(titles.index("Included"), titles.index("Home visit"))
        html = self.pathway.with_user(self.gp_user).timeline_html
        self.assertIn("Home visit", html)


@tagged("post_install", "-at_install")
class TestLettersArePdf(HttpCase, ParcoursCase):
    """wkhtmltopdf renders against the running server: the letters are real PDF files."""

    def test_gp_letter_and_minutes_are_pdf(self):
        patient = self.create_patient("Pdfson", "Paul", sex="male")
        pathway = self.create_pathway(patient=patient, team=(self.gp_user,))
        rendering = pathway.with_user(self.gp_user).with_context(force_report_rendering=True)
        # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores the header switches.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            content, filename = rendering._render_document_pdf(
                "parcours_base.action_report_gp_letter"
            )
        self.assertTrue(content.startswith(b"%PDF-"))
        self.assertTrue(filename.endswith(".pdf"))
        # sent with the composer: the GP receives the PDF
        pathway.patient_id.gp_id = self.gp_user.partner_id
        action = pathway.with_user(self.gp_user).action_send_gp_letter()
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            composer = Form(
                self.env["mail.compose.message"]
                .with_user(self.gp_user)
                .with_context(**action["context"], force_report_rendering=True)
            )
            composer.save().action_send_mail()
        attachment = pathway.message_ids[0].attachment_ids
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF-"))
        self.assertTrue(pathway.gp_informed_date)
        rcp = self.env["parcours.rcp"].create({"programme_ids": self.programme.ids})
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            minutes, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf("parcours_base.action_report_rcp_minutes", rcp.ids)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(minutes.startswith(b"%PDF-"))
