from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .common import CovidCase


class TestCovidReferralLoop(CovidCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ent = cls.create_resource("Dr Nez, ENT")
        cls.ent_far = cls.create_resource("Dr Loin, ENT", department="34")
        cls.cardio = cls.create_resource("Dr Coeur", axes=cls.axis_cardio)
        cls.smr = cls.create_resource("HDJ Odeur", kind="smr_day_hospital")
        with freeze_time("2026-03-02"):
            cls.pathway = cls.log_request(gp_id=cls.gp_partner.id, complexity="complex")

    def test_operator_orients_refers_informs_gp_and_closes_the_loop(self):
        pathway = self.pathway.with_user(self.coordinator)
        suggested = pathway._covid_suggested_resources()
        self.assertLessEqual(self.ent | self.smr, suggested)
        self.assertNotIn(self.ent_far, suggested)
        self.assertNotIn(self.cardio, suggested)
        with freeze_time("2026-03-05"):
            pathway.covid_orientation_id = self.env.ref("parcours_covid.orientation_specialist")
            self.assertEqual(pathway.covid_orientation_date.isoformat(), "2026-03-05")
            self.assertEqual(pathway.covid_orientation_delay, 3)
            self.assertEqual(pathway.stage_id, self.env.ref("parcours_covid.stage_covid_oriented"))
            suggested = pathway.covid_suggested_resource_ids
            self.assertIn(self.ent, suggested)
            self.assertNotIn(self.smr, suggested)
            pathway.covid_referral_ids = [Command.create({"resource_id": self.ent.id})]
            referral = pathway.covid_referral_ids
            self.assertEqual(referral.state, "sent")
            pathway.action_covid_print_gp_sheet()
        self.assertEqual(pathway.gp_informed_date.isoformat(), "2026-03-05")
        attachment = pathway.message_ids[0].attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertIn(b"SOUFFLE Marie", attachment.raw)
        self.assertIn(b"Taste / smell", attachment.raw)
        with freeze_time("2026-03-10"):
            referral.action_accept()
        with freeze_time("2026-03-20"):
            referral.action_mark_seen()
        self.assertEqual(referral.state, "seen")
        self.assertEqual(referral.seen_date.isoformat(), "2026-03-20")
        with self.assertRefused(UserError, "Write the outcome"):
            referral.action_record_outcome()
        referral.outcome = "Anosmia confirmed, olfactory training prescribed."
        referral.action_record_outcome()
        self.assertEqual(referral.state, "done")
        with self.assertRefused(UserError, "cannot become accepted"):
            referral.action_accept()
        pathway._close(self.env.ref("parcours_covid.end_reason_covid_oriented"), "2026-03-25")
        self.assertEqual(pathway.state, "closed")

    def test_request_cannot_close_without_informing_the_gp(self):
        reason = self.env.ref("parcours_covid.end_reason_covid_unreachable")
        with self.assertRefused(UserError, "the GP must be informed"):
            self.pathway._close(reason, "2026-03-10")
        self.assertEqual(self.pathway.state, "requested")
        wizard = (
            self.env["parcours.pathway.close"]
            .with_user(self.coordinator)
            .create(
                {
                    "pathway_ids": [Command.set(self.pathway.ids)],
                    "end_reason_id": reason.id,
                    "end_date": "2026-03-10",
                    "covid_gp_not_informed_reason": "Patient refuses that the GP is told.",
                }
            )
        )
        self.assertTrue(wizard.covid_gp_uninformed)
        wizard.action_close()
        self.assertEqual(self.pathway.state, "closed")
        self.assertEqual(
            self.pathway.covid_gp_not_informed_reason, "Patient refuses that the GP is told."
        )

    def test_stalled_referral_gets_one_reminder(self):
        self.covid.covid_reminder_days = 10
        with freeze_time("2026-03-02"):
            referral = self.env["parcours.covid.referral"].create(
                {"pathway_id": self.pathway.id, "resource_id": self.ent.id}
            )
        activity_type = self.env.ref("parcours_covid.mail_activity_type_stalled_referral")
        Referral = self.env["parcours.covid.referral"]
        with freeze_time("2026-03-11"):
            self.assertFalse(referral.is_stalled)
            Referral._cron_remind_stalled()
        self.assertFalse(
            self.pathway.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        )
        with freeze_time("2026-03-12"):
            self.assertIn(referral, Referral.search([("is_stalled", "=", True)]))
            Referral._cron_remind_stalled()
            Referral._cron_remind_stalled()
        reminders = self.pathway.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        self.assertEqual(len(reminders), 1)
        self.assertIn("Dr Nez, ENT", reminders.summary)
        with freeze_time("2026-03-13"):
            referral.action_mark_seen()
            self.assertFalse(referral.is_stalled)

    def test_case_review_lists_complex_requests_and_stalled_referrals(self):
        with freeze_time("2026-03-02"):
            simple = self.log_request(birth_name="Simple", complexity="simple")
            waiting = self.log_request(birth_name="Attente", complexity="simple")
            self.env["parcours.covid.referral"].create(
                {"pathway_id": waiting.id, "resource_id": self.ent.id}
            )
        rcp = self.env["parcours.rcp"].create(
            {
                "name": "Weekly case review",
                "kind": "case_review",
                "date": datetime(2026, 3, 30, 14, 0),
                "programme_ids": [Command.set(self.covid.ids)],
            }
        )
        with freeze_time("2026-03-30"):
            rcp.with_user(self.coordinator).action_propose_agenda()
        reasons = {line.pathway_id: line.reason for line in rcp.decision_ids}
        self.assertEqual(reasons[self.pathway], "New complex request")
        self.assertEqual(reasons[waiting], "Referral stalled: Dr Nez, ENT")
        self.assertNotIn(simple, reasons)

    def test_referral_status_moves_through_its_actions_only(self):
        with freeze_time("2026-03-05"):
            referral = self.env["parcours.covid.referral"].create(
                {"pathway_id": self.pathway.id, "resource_id": self.ent.id}
            )
            for values in (
                {"state": "done"},
                {"state_date": "2026-01-01"},
                {"seen_date": "2026-03-05"},
            ):
                with self.subTest(values=values), self.assertRaises(UserError):
                    referral.with_user(self.coordinator).write(values)
            referral.with_user(self.coordinator).action_accept()
        self.assertEqual(referral.state, "accepted")
