from datetime import datetime

from freezegun import freeze_time

from .common import ParcoursCase


class TestLettersAndTimeline(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gp_partner = cls.gp_user.partner_id
        patient = cls.create_patient("Letterman", "Rose", gp_id=cls.gp_partner.id)
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
        attachment = self.pathway.message_ids[0].attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertIn(b"LETTERMAN Rose", attachment.raw)
        self.assertIn(b"Test programme", attachment.raw)

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
