from odoo.tests import HttpCase, tagged

from .common import MsmaCase


@tagged("post_install", "-at_install")
class TestMsmaUi(HttpCase, MsmaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.password = "test_coordinator"

    def test_coordinator_includes_a_patient_collegially(self):
        # The tour records consent and approvals; the eligibility checklist is another story.
        self.msma.checklist_item_ids.mandatory = False
        self.msma.stage_ids.required_item_ids = False
        self.create_microstructure("MSP Tour", self.csapa)
        self.create_patient("Tourmsma", "Lina")
        self.name_in_every_language(self.msma, "TOURPROGMSMA")
        self.start_tour("/odoo", "parcours_msma_inclusion_tour", login="test_coordinator")
        pathway = self.env["parcours.pathway"].search(
            [("patient_id.birth_name", "=ilike", "Tourmsma")]
        )
        # The microstructure's GP, psychologist and social worker approve, each as themself.
        self.approve_as(pathway, self.gp_user, self.psychologist_user, self.social_worker_user)
        self.start_tour("/odoo", "parcours_msma_include_tour", login="test_coordinator")
        self.assertEqual(pathway.state, "included")
        # Included: the card has followed the lifecycle into the follow-up stage.
        self.assertEqual(pathway.stage_id, self.env.ref("parcours_msma.stage_follow_up"))
        self.assertEqual(pathway.microstructure_id.name, "MSP Tour")
        self.assertEqual(len(pathway.member_ids), 3)
        self.assertEqual(len(pathway.approval_ids), 3)
        self.assertEqual(pathway.msma_period_ids.sequence, 1)
