from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import CovidCase


@freeze_time("2026-03-02")
class TestCovidIntake(CovidCase):
    def test_phone_operator_logs_a_request_in_one_form(self):
        form = Form(self.env["parcours.covid.intake"].with_user(self.coordinator))
        form.channel = "phone"
        form.requester = "professional"
        form.professional_source = "gp"
        form.referrer_id = self.gp_partner
        form.birth_name = "Duplessis"
        form.first_names = "Jeanne"
        form.sex = "female"
        form.age = 34
        form.zip = "31300"
        form.onset_date = "2026-01-05"
        form.axis_ids.add(self.axis_smell)
        form.axis_ids.add(self.axis_cardio)
        form.complexity = "complex"
        form.gp_id = self.gp_partner
        form.gp_consulted = True
        self.assertEqual(form.department, "31")
        self.assertTrue(form.resident)
        self.assertEqual(form.weeks_since_onset, 8)
        self.assertTrue(form.eligible)
        self.assertFalse(form.beyond_window)
        intake = form.save()
        action = intake.action_confirm()
        # The request opens as a fresh screen, not on top of what the menu was opened over.
        self.assertEqual(action["target"], "main")
        pathway = self.env["parcours.pathway"].browse(action["res_id"])
        patient = pathway.patient_id
        self.assertEqual(patient.birth_date.isoformat(), "1992-01-01")
        self.assertEqual(patient.gp_id, self.gp_partner)
        self.assertEqual(pathway.programme_id, self.covid)
        self.assertEqual(pathway.state, "requested")
        self.assertEqual(pathway.stage_id, self.env.ref("parcours_covid.stage_covid_request"))
        self.assertEqual(pathway.referral_source, "gp")
        self.assertEqual(pathway.covid_requester, "professional")
        self.assertEqual(pathway.covid_channel, "phone")
        self.assertEqual(pathway.covid_age_band, "30_49")
        self.assertEqual(pathway.covid_axis_ids, self.axis_smell | self.axis_cardio)
        self.assertEqual(pathway.priority, "1")
        self.assertTrue(pathway.covid_resident)
        self.assertTrue(pathway.covid_gp_consulted)

    def test_onset_thresholds_are_programme_data(self):
        recent = self.log_request(birth_name="Recent", onset_date="2026-02-16")
        self.assertEqual(recent.covid_weeks_since_onset, 2)
        self.assertFalse(recent.covid_eligible)
        old = self.log_request(birth_name="Ancien", onset_date="2025-10-01")
        self.assertTrue(old.covid_eligible)
        self.assertTrue(old.covid_beyond_window)
        self.covid.covid_flag_weeks = 30
        self.assertFalse(old.covid_beyond_window)

    def test_non_resident_is_detected_from_the_postcode(self):
        pathway = self.log_request(birth_name="Parisien", zip="75011")
        self.assertEqual(pathway.patient_id.department, "75")
        self.assertFalse(pathway.covid_resident)

    def test_known_patient_is_reused_and_repeated_request_linked(self):
        patient = self.create_patient("Rappel", "Lucie", birth_date="1975-04-02")
        first = self.log_request(birth_name="RAPPEL", first_names="lucie", birth_date="1975-04-02")
        self.assertEqual(first.patient_id, patient)
        intake = (
            self.env["parcours.covid.intake"]
            .with_user(self.coordinator)
            .create({"patient_id": patient.id, "channel": "email", "requester": "relative"})
        )
        self.assertEqual(intake.open_request_id, first)
        again = self.env["parcours.pathway"].browse(intake.action_confirm()["res_id"])
        self.assertEqual(again, first)
        self.assertIn("Repeated request", first.message_ids[0].body)
        first.gp_informed_date = "2026-03-02"
        first._close(self.env.ref("parcours_covid.end_reason_covid_wish"), "2026-03-02")
        later = self.log_request(patient_id=patient.id)
        self.assertNotEqual(later, first)
        self.assertEqual(later.covid_previous_id, first)

    def test_new_patient_needs_an_identity(self):
        intake = (
            self.env["parcours.covid.intake"]
            .with_user(self.coordinator)
            .create({"birth_name": "Anonyme", "channel": "phone"})
        )
        with self.assertRefused(UserError, "birth name, first name and birth date"):
            intake.action_confirm()
        self.assertFalse(self.env["parcours.patient"].search([("birth_name", "=", "Anonyme")]))

    def test_professional_caller_must_be_named(self):
        intake = (
            self.env["parcours.covid.intake"]
            .with_user(self.coordinator)
            .create({"birth_name": "X", "first_names": "Y", "age": 40, "requester": "professional"})
        )
        with self.assertRefused(UserError, "which professional"):
            intake.action_confirm()
