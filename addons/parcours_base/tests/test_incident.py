from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import ParcoursCase


class TestIncident(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-05"):
            cls.pathway = cls.include(
                cls.create_pathway(
                    team=(cls.gp_user, cls.psychologist_user), request_date="2026-01-02"
                )
            )
        cls.medical = cls.env.ref("parcours_base.incident_type_medical")

    def new_incident(self, decision, **values):
        return self.env["parcours.incident"].create(
            {
                "pathway_id": self.pathway.id,
                "date": "2026-02-10",
                "type_id": self.medical.id,
                "severity": "severe",
                "decision": decision,
                **values,
            }
        )

    def test_suspend_decision(self):
        incident = self.new_incident("suspend")
        incident.with_user(self.coordinator).action_apply_decision()
        self.assertEqual(self.pathway.state, "suspended")
        self.assertEqual(incident.decided_by_id, self.coordinator)

    def test_interrupt_closes_with_a_reason(self):
        incident = self.new_incident("interrupt")
        with self.assertRefused(UserError, "needs an end reason"):
            incident.action_apply_decision()
        incident.end_reason_id = self.programme.end_reason_ids[0]
        incident.action_apply_decision()
        self.assertEqual(self.pathway.state, "closed")
        self.assertEqual(self.pathway.end_date.isoformat(), "2026-02-10")

    def test_continue_leaves_the_pathway_running(self):
        self.new_incident("continue").action_apply_decision()
        self.assertEqual(self.pathway.state, "included")
