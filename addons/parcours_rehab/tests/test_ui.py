from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import RehabCase


@tagged("post_install", "-at_install")
class TestRehabUi(HttpCase, RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.password = "test_coordinator"

    def test_assistant_completes_the_file_and_lends_a_bike(self):
        # Demo pathways of the other programmes would fill the first kanban columns loaded.
        self.env["parcours.pathway"].search([]).action_archive()
        with freeze_time("2026-01-05"):
            pathway = self.create_rehab_pathway(
                patient=self.create_patient("Tourrehab", "Paul"),
                team=(self.referent_user, self.director_user),
            )
            pathway.action_submit_request()
            self.complete_file(pathway)
            pathway.rehab_planned_start_date = "2026-02-09"
        self.create_bike("ERG-TOUR")
        self.start_tour("/odoo", "parcours_rehab_tour", login="test_coordinator")
        self.assertTrue(pathway.file_complete_date)
        self.assertEqual(pathway.rehab_entry_mode, "smr_reinforcement")
        self.assertEqual(pathway.rehab_director_decision, "validated")
        self.assertEqual(pathway.rehab_loan_ids.ergocycle_id.name, "ERG-TOUR")
        self.assertEqual(pathway.rehab_loan_ids.state, "planned")
