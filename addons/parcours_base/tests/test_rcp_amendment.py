from odoo import Command
from odoo.exceptions import AccessError, UserError

from .test_rcp import RcpCase


class TestRcpAmendment(RcpCase):
    """Validated minutes change only through amendments that keep the original."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rcp.action_propose_agenda()
        cls.line = cls.rcp.record_decision(cls.included, "continue", notes="<p>Doing fine</p>")
        cls.rcp.general_notes = "<p>Original notes</p>"
        cls.rcp.action_hold()
        cls.rcp.action_validate()

    def test_a_coordinator_amends_and_the_original_stays(self):
        rcp = self.rcp.with_user(self.coordinator)
        messages = len(rcp.message_ids)
        rcp.action_amend("Wrong dosage noted", "<p>Continue, dosage halved</p>", self.line.id)
        amendment = rcp.amendment_ids
        self.assertEqual(len(amendment), 1)
        self.assertEqual(amendment.author_id, self.coordinator)
        self.assertEqual(amendment.decision_id, self.line)
        self.assertEqual(amendment.pathway_id, self.included)
        self.assertTrue(amendment.date)
        self.assertEqual(amendment.reason, "Wrong dosage noted")
        # The original minutes and decision are untouched; the amendment is in the chatter.
        self.assertEqual(self.rcp.state, "validated")
        self.assertEqual(str(self.rcp.general_notes), "<p>Original notes</p>")
        self.assertEqual(str(self.line.notes), "<p>Doing fine</p>")
        self.assertEqual(len(rcp.message_ids), messages + 1)
        # A whole-minutes amendment, and both printed after the original minutes.
        rcp.action_amend("Late arrival", "<p>The GP joined at 14:20</p>")
        self.assertEqual(len(rcp.amendment_ids), 2)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "parcours_base.action_report_rcp_minutes", self.rcp.ids
        )[0]
        for printed in (b"Original notes", b"Doing fine", b"dosage halved", b"14:20"):
            self.assertIn(printed, html)
        self.assertIn(b"o_parcours_minutes_amendment", html)
        self.assertLess(html.index(b"Original notes"), html.index(b"dosage halved"))

    def test_amendments_are_recorded_once_and_never_change(self):
        rcp = self.rcp.with_user(self.coordinator)
        rcp.action_amend("Typo", "<p>Corrected</p>")
        amendment = rcp.amendment_ids
        for vals in (
            {"text": "<p>Rewritten</p>"},
            {"reason": "Other"},
            {"author_id": self.gp_user.id},
            {"date": "2020-01-01 10:00:00"},
            {"rcp_id": self.rcp.id},
        ):
            with self.assertRaises(UserError):
                amendment.write(vals)
        with self.assertRaises(UserError):
            amendment.unlink()
        # Only the amending action records them, never a plain create.
        with self.assertRaises(UserError):
            self.env["parcours.rcp.amendment"].with_user(self.coordinator).create(
                {
                    "rcp_id": self.rcp.id,
                    "author_id": self.gp_user.id,
                    "date": "2026-04-15 10:00:00",
                    "reason": "In the GP's name",
                    "text": "<p>x</p>",
                }
            )
        self.assertEqual(str(amendment.text), "<p>Corrected</p>")

    def test_who_may_amend_and_when(self):
        with self.assertRaises(AccessError):
            self.rcp.with_user(self.gp_user).action_amend("Mine", "<p>x</p>")
        with self.assertRaises(AccessError):
            self.rcp.with_user(self.manager).action_amend("Mine", "<p>x</p>")
        rcp = self.rcp.with_user(self.coordinator)
        for reason, text in (("  ", "<p>x</p>"), ("Why", "<p><br></p>"), (False, False)):
            with self.assertRaises(UserError):
                rcp.action_amend(reason, text)
        other = self.env["parcours.rcp"].create(
            {
                "name": "RCP May",
                "date": "2026-05-12 14:00:00",
                "programme_ids": [Command.set(self.programme.ids)],
            }
        )
        with self.assertRaises(UserError):
            other.with_user(self.coordinator).action_amend("Not validated", "<p>x</p>")
        # A decision of other minutes is not this meeting's to amend.
        with self.assertRaises(UserError):
            other.with_user(self.coordinator).action_amend("Why", "<p>x</p>", self.line.id)
        self.assertFalse(self.rcp.amendment_ids)

    def test_the_team_reads_the_amendment_a_manager_only_that_it_exists(self):
        self.rcp.with_user(self.coordinator).action_amend(
            "Wrong dosage", "<p>Halved</p>", self.line.id
        )
        amendment = self.rcp.amendment_ids
        self.assertEqual(amendment.with_user(self.gp_user).reason, "Wrong dosage")
        as_manager = amendment.with_user(self.manager)
        self.assertEqual(as_manager.author_id, self.coordinator)
        with self.assertRaises(AccessError):
            as_manager.read(["text"])
        self.assertTrue(
            self.env["ir.actions.report"]
            .with_user(self.manager)
            ._render_qweb_html("parcours_base.action_report_rcp_minutes", self.rcp.ids)[0]
        )
