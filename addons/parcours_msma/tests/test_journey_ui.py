from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import MsmaCase


@tagged("post_install", "-at_install")
class TestMsmaJourneyUi(HttpCase, MsmaCase):
    """From an eligible referral to the inclusion decided in RCP, the GP letter sent and the
    quarterly RCP review, each step as its role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.password = "test_coordinator"
        cls.gp_user.password = "test_gp"

    def test_gp_approves_then_the_rcp_includes(self):
        ref = self.env.ref
        approve = ref("parcours_base.mail_activity_type_approve_inclusion")
        # Demo pathways would join the agenda: this journey is about one referral.
        self.env["parcours.pathway"].search([]).action_archive()
        pathway = self.create_msma_pathway()
        pathway.with_user(self.coordinator).action_submit_request()
        self.record_consent(pathway)
        self.tick_checklist(pathway)
        pathway.with_user(self.gp_user).action_mark_eligible()
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_collegial_inclusion"))
        todo = pathway.activity_ids.filtered(lambda a: a.activity_type_id == approve)
        self.assertEqual(
            todo.user_id, self.gp_user | self.psychologist_user | self.social_worker_user
        )

        # The GP approves from the pathway, as themself.
        self.start_tour(
            "/odoo/action-parcours_base.parcours_pathway_action/%d" % pathway.id,
            "parcours_msma_gp_approval_tour",
            login="test_gp",
        )
        self.assertEqual(pathway.approval_ids.user_id, self.gp_user)
        todo = pathway.activity_ids.filtered(lambda a: a.activity_type_id == approve)
        self.assertEqual(todo.user_id, self.psychologist_user | self.social_worker_user)

        # The RCP that met an hour ago decides the inclusion: the others' votes are recorded.
        rcp = self.env["parcours.rcp"].create(
            {
                "date": fields.Datetime.now() - timedelta(hours=1),
                "programme_ids": [fields.Command.set(self.msma.ids)],
            }
        )
        self.start_tour(
            "/odoo/action-parcours_base.parcours_rcp_action/%d" % rcp.id,
            "parcours_msma_rcp_inclusion_tour",
            login="test_coordinator",
        )
        self.assertEqual(rcp.state, "validated")
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.inclusion_date, fields.Date.context_today(pathway))
        self.assertEqual(len(pathway.approval_ids), 3)
        self.assertEqual(
            pathway.approval_ids.filtered("rcp_id").user_id,
            self.psychologist_user | self.social_worker_user,
        )
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_follow_up"))
        self.assertFalse(pathway.activity_ids.filtered(lambda a: a.activity_type_id == approve))
        # Only the follow-up to-dos of the coming weeks are given.
        horizon = fields.Date.context_today(pathway) + timedelta(days=28)
        self.assertTrue(pathway.activity_ids)
        self.assertTrue(all(a.date_deadline <= horizon for a in pathway.activity_ids))

        # The coordinator sends the GP letter from the pathway: the GP is informed on sending
        # (dated on the coordinator's day, in their time zone).
        today = fields.Date.context_today(pathway.with_user(self.coordinator))
        self.assertFalse(pathway.gp_informed_date)
        pathway.patient_id.gp_id = self.env["res.partner"].create(
            {
                "name": "Dr Tourmt",
                "email": "tourmt@example.com",
                "parcours_profession_id": ref("parcours_base.profession_gp").id,
            }
        )
        self.start_tour(
            "/odoo/action-parcours_base.parcours_pathway_action/%d" % pathway.id,
            "parcours_msma_gp_letter_tour",
            login="test_coordinator",
        )
        self.assertEqual(pathway.gp_informed_date, today)
        letter = pathway.message_ids.filtered(
            lambda message: pathway.patient_id.gp_id in message.partner_ids
        )
        self.assertEqual(len(letter), 1)
        self.assertTrue(letter.attachment_ids)

        # Three months on, the quarterly RCP reviews the pathway and decides to continue.
        review_day = today + relativedelta(months=3, days=1)
        with freeze_time(datetime.combine(review_day, time(16, 0))):
            review = self.env["parcours.rcp"].create(
                {
                    "date": datetime.combine(review_day, time(12, 0)),
                    "programme_ids": [fields.Command.set(self.msma.ids)],
                }
            )
            self.start_tour(
                "/odoo/action-parcours_base.parcours_rcp_action/%d" % review.id,
                "parcours_msma_rcp_review_tour",
                login="test_coordinator",
            )
        self.assertEqual(review.state, "validated")
        self.assertEqual(review.decision_ids.pathway_id, pathway)
        self.assertEqual(review.decision_ids.decision, "continue")
        self.assertEqual(pathway.last_rcp_date, review_day)
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_follow_up"))
