from odoo import Command
from odoo.exceptions import UserError

from .common import ParcoursCase


class TestCarePlan(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.create_pathway(team=(cls.gp_user, cls.psychologist_user))
        cls.plan = cls.env["parcours.care.plan"].create(
            {
                "pathway_id": cls.pathway.id,
                "goal_ids": [Command.create({"description": "Housing", "domain": "social"})],
                "contact_ids": [
                    Command.create(
                        {
                            "profession_id": cls.psychologist_profession.id,
                            "count": 2,
                            "period": "month",
                        }
                    )
                ],
            }
        )

    def test_versions_are_locked_and_adapting_creates_the_next(self):
        self.assertEqual(self.plan.version, 1)
        self.plan._validate()
        with self.assertRefused(UserError, "locked"):
            self.plan.goal_ids.with_user(self.gp_user).status = "achieved"
        with self.assertRefused(UserError, "locked"):
            self.plan.with_user(self.gp_user).goal_ids = [Command.create({"description": "New"})]
        action = self.plan.with_user(self.gp_user).action_adapt()
        draft = self.env["parcours.care.plan"].browse(action["res_id"])
        self.assertEqual(draft.version, 2)
        self.assertEqual(draft.goal_ids.description, "Housing")
        draft.goal_ids.status = "achieved"
        self.assertEqual(self.plan.goal_ids.status, "open")
        self.assertEqual(self.pathway.current_care_plan_id, self.plan)
        draft._validate()
        self.assertEqual(self.plan.state, "superseded")
        self.assertEqual(self.pathway.current_care_plan_id, draft)

    def test_outsider_cannot_read_the_plan(self):
        outsider = self.new_parcours_user("outsider", "parcours_base.group_parcours_professional")
        self.assertFalse(self.env["parcours.care.plan"].with_user(outsider).search([]))
