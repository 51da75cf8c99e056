from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import ParcoursCase


@tagged("post_install", "-at_install")
class TestParcoursUi(HttpCase, ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.password = "test_coordinator"

    def test_coordinator_opens_parcours_menu(self):
        self.create_pathway()
        self.start_tour("/odoo", "parcours_open_menu_tour", login="test_coordinator")

    def test_coordinator_includes_a_patient_and_moves_the_card(self):
        # Pathways of other programmes (demo data of the installed verticals) would add
        # kanban columns and push this programme's columns out of the loaded ones.
        self.env["parcours.pathway"].search([]).action_archive()
        programme = self.create_programme("Tour programme", "TOUR")
        programme.checklist_item_ids.mandatory = False
        programme.stage_ids = [
            Command.create({"name": "Review", "kind": "follow_up", "sequence": 3}),
        ]
        self.create_patient("Tourpatient", "Anne")
        self.start_tour("/odoo", "parcours_pathway_inclusion_tour", login="test_coordinator")
        pathway = self.env["parcours.pathway"].search([("programme_id", "=", programme.id)])
        # The GP and the psychologist of the team approve, each as themself.
        pathway.member_ids = [
            Command.create({"partner_id": user.partner_id.id})
            for user in (self.gp_user, self.psychologist_user)
        ]
        self.approve_as(pathway, self.gp_user, self.psychologist_user)
        self.start_tour("/odoo", "parcours_pathway_include_tour", login="test_coordinator")
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.stage_id.name, "Review")
        self.assertTrue(pathway.has_consent)
        self.assertEqual(len(pathway.approval_ids), 2)

    def test_coordinator_holds_an_rcp(self):
        from datetime import datetime

        from freezegun import freeze_time

        self.programme.quorum_profession_ids = self.gp_profession
        with freeze_time("2026-01-05"):
            pathway = self.include(
                self.create_pathway(
                    patient=self.create_patient("Rcppatient", "Jules"),
                    team=(self.gp_user, self.psychologist_user),
                    request_date="2026-01-02",
                )
            )
        rcp = self.env["parcours.rcp"].create(
            {
                "name": "Tour RCP",
                "date": datetime(2026, 4, 14, 14, 0),
                "programme_ids": [Command.set(self.programme.ids)],
                "attendee_ids": [Command.create({"partner_id": self.gp_user.partner_id.id})],
            }
        )
        self.start_tour("/odoo", "parcours_rcp_tour", login="test_coordinator")
        self.assertEqual(rcp.state, "validated")
        self.assertEqual(rcp.attendee_ids.mapped("minutes_attended"), [90, 90])
        self.assertEqual(
            rcp.attendee_ids.partner_id, self.gp_user.partner_id | self.psychologist_user.partner_id
        )
        self.assertEqual(rcp.decision_ids.decision, "continue")
        self.assertEqual(pathway.last_rcp_date.isoformat(), "2026-04-14")

    def test_manager_changes_the_period_and_exports_a_report(self):
        self.manager.password = "test_manager"
        report = self.env["parcours.report"].create(
            {
                "name": "Tour report",
                "programme_ids": [Command.set(self.programme.ids)],
                "period": "quarter",
                "date_from": "2026-01-01",
                "indicator_ids": [
                    Command.set(self.env.ref("parcours_base.indicator_requests").ids)
                ],
                "user_id": self.manager.id,
            }
        )
        self.create_pathway(request_date="2026-01-10")
        self.start_tour(
            "/odoo/action-parcours_base.parcours_report_action/%d" % report.id,
            "parcours_report_tour",
            login="test_manager",
        )
        self.assertEqual(report.period, "month")
        self.assertEqual(report.date_to.isoformat(), "2026-01-31")
        self.assertTrue(
            self.env["ir.attachment"].search(
                [("create_uid", "=", self.manager.id), ("name", "like", "Tour report%")]
            )
        )
