from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import MsmaCase

PATHWAY_URL = "/odoo/action-parcours_base.parcours_pathway_action/%d"
RCP_URL = "/odoo/action-parcours_base.parcours_rcp_action/%d"


@tagged("post_install", "-at_install")
class TestMsmaJourneyUi(HttpCase, MsmaCase):
    """From an eligible referral to the inclusion decided in RCP, the GP letter sent and the
    quarterly RCP review, each step as its role, on the days of the journey. The tours assert
    what each user sees (stage, to-dos, documents, dates in French); the test asserts the
    same facts on the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        for user in (cls.coordinator, cls.gp_user, cls.psychologist_user, cls.social_worker_user):
            user.write({"lang": "fr_FR", "tz": "Europe/Paris"})
        cls.coordinator.password = "test_coordinator"
        cls.gp_user.password = "test_gp"

    def test_gp_approves_then_the_rcp_includes(self):
        ref = self.env.ref
        approve = ref("parcours_base.mail_activity_type_approve_inclusion")
        # Demo pathways would join the agenda: this journey is about one referral.
        self.env["parcours.pathway"].search([]).action_archive()
        with freeze_time("2026-03-02 08:00"):
            pathway = self.create_msma_pathway(request_date=date(2026, 3, 2))
            pathway.with_user(self.coordinator).action_submit_request()
            self.record_consent(pathway)
            self.tick_checklist(pathway)
            pathway.with_user(self.gp_user).action_mark_eligible()
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_collegial_inclusion"))
        todo = pathway.activity_ids.filtered(lambda a: a.activity_type_id == approve)
        self.assertEqual(
            todo.user_id, self.gp_user | self.psychologist_user | self.social_worker_user
        )

        # The GP sees the three approval to-dos and approves, as themself.
        with freeze_time("2026-03-02 09:00"):
            self.start_tour(
                PATHWAY_URL % pathway.id, "parcours_msma_gp_approval_tour", login="test_gp"
            )
        self.assertEqual(pathway.approval_ids.user_id, self.gp_user)
        self.assertEqual(pathway.approval_ids.approval_date, datetime(2026, 3, 2, 9, 0))
        todo = pathway.activity_ids.filtered(lambda a: a.activity_type_id == approve)
        self.assertEqual(todo.user_id, self.psychologist_user | self.social_worker_user)

        # The RCP that met an hour ago decides the inclusion: the others' votes are recorded.
        with freeze_time("2026-03-02 10:00"):
            rcp = self.env["parcours.rcp"].create(
                {
                    "date": datetime(2026, 3, 2, 9, 0),
                    "programme_ids": [fields.Command.set(self.msma.ids)],
                }
            )
            self.start_tour(
                RCP_URL % rcp.id, "parcours_msma_rcp_inclusion_tour", login="test_coordinator"
            )
        self.assertEqual(rcp.state, "validated")
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.inclusion_date, date(2026, 3, 2))
        self.assertEqual(len(pathway.approval_ids), 3)
        self.assertEqual(
            pathway.approval_ids.filtered("rcp_id").user_id,
            self.psychologist_user | self.social_worker_user,
        )
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_follow_up"))
        self.assertFalse(pathway.activity_ids.filtered(lambda a: a.activity_type_id == approve))
        # Only the follow-up to-dos of the coming weeks are given.
        self.assertTrue(pathway.activity_ids)
        horizon = date(2026, 3, 2) + timedelta(days=28)
        self.assertTrue(all(a.date_deadline <= horizon for a in pathway.activity_ids))

        # The coordinator opens the included pathway (follow-up stage, inclusion dated, the
        # follow-up to-dos only) and sends the GP letter: the GP is informed on sending.
        self.assertFalse(pathway.gp_informed_date)
        pathway.patient_id.gp_id = self.env["res.partner"].create(
            {
                "name": "Dr Tourmt",
                "email": "tourmt@example.com",
                "parcours_profession_id": ref("parcours_base.profession_gp").id,
            }
        )
        with freeze_time("2026-03-02 11:00"):
            self.start_tour(
                PATHWAY_URL % pathway.id, "parcours_msma_gp_letter_tour", login="test_coordinator"
            )
        self.assertEqual(pathway.gp_informed_date, date(2026, 3, 2))
        letter = pathway.message_ids.filtered(
            lambda message: pathway.patient_id.gp_id in message.partner_ids
        )
        self.assertEqual(len(letter), 1)
        self.assertTrue(letter.attachment_ids)

        # Three months on, the quarterly RCP reviews the pathway and decides to continue; the
        # coordinator then sees the pathway still followed, reviewed on that day.
        with freeze_time("2026-06-03 16:00"):
            review = self.env["parcours.rcp"].create(
                {
                    "date": datetime(2026, 6, 3, 12, 0),
                    "programme_ids": [fields.Command.set(self.msma.ids)],
                }
            )
            self.start_tour(
                RCP_URL % review.id, "parcours_msma_rcp_review_tour", login="test_coordinator"
            )
            self.start_tour(
                PATHWAY_URL % pathway.id, "parcours_msma_reviewed_tour", login="test_coordinator"
            )
        self.assertEqual(review.state, "validated")
        self.assertEqual(review.decision_ids.pathway_id, pathway)
        self.assertEqual(review.decision_ids.decision, "continue")
        self.assertEqual(pathway.last_rcp_date, date(2026, 6, 3))
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_follow_up"))
