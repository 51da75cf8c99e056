from odoo.exceptions import ValidationError

from .common import ParcoursCase


class TestPatient(ParcoursCase):
    def test_twin_is_refused_whatever_the_spelling(self):
        self.create_patient("Lefèvre", "Jean-Marc Paul", birth_date="1975-03-02")
        with self.assertRefused(ValidationError, "already exists"):
            self.create_patient("LEFEVRE", "jean marc", birth_date="1975-03-02")
        # Another birth date is another person.
        self.create_patient("Lefevre", "Jean-Marc", birth_date="1975-03-03")

    def test_twin_is_shown_on_the_form_before_saving(self):
        existing = self.create_patient("Durand", "Alice")
        draft = self.env["parcours.patient"].new(
            {
                "birth_name": "DURAND",
                "first_names": "Alice Marie",
                "birth_date": "1980-05-17",
                "company_id": self.organisation.id,
            }
        )
        self.assertEqual(draft.twin_ids._origin, existing)

    def test_department_from_postcode(self):
        patient = self.create_patient(zip="34400")
        self.assertEqual(patient.department, "34")
        patient.zip = "20167"
        self.assertEqual(patient.department, "2A")
        patient.zip = "97400"
        self.assertEqual(patient.department, "974")

    def test_display_name_shows_used_and_birth_names(self):
        patient = self.create_patient("Martin", "Claire Anne", used_name="Bernard")
        as_coordinator = patient.with_user(self.coordinator)
        self.assertEqual(as_coordinator.display_name, "BERNARD Claire (born Martin)")
        found = as_coordinator.name_search("Martin")
        self.assertEqual(found[0][0], patient.id)

    def test_twin_check_stays_within_the_organisation(self):
        other = self.env["res.company"].create({"name": "Other organisation"})
        self.create_patient("Homonyme", "Paul", birth_date="1990-01-01")
        # Another organisation registers the same person: its own record, nothing revealed.
        patient = self.create_patient("Homonyme", "Paul", birth_date="1990-01-01", company=other)
        self.assertEqual(patient.company_id, other)
