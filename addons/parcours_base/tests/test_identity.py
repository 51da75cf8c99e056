from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.identity import nir_key
from .common import ParcoursCase

NUMBER = "2800575123456"
MATRICULE = NUMBER + nir_key(NUMBER)
NIR_OID = "1.2.250.1.213.1.4.8"


class TestIdentity(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient = cls.create_patient(
            "Lefèvre", "Claire Marie", birth_date="1980-05-17", birth_place_code="75056"
        )

    @contextmanager
    def insi_answers(self, identity=None, status="found"):
        """A stand-in for a certified INSi client: the national service is not reachable
        from tests, and the product itself never answers in its place."""

        def fetch(model, traits):
            if identity is None:
                return None, status
            return {**traits, "matricule": MATRICULE, "oid": NIR_OID, **identity}, status

        with patch.object(type(self.env["parcours.insi"]), "_fetch_identity", fetch):
            yield

    def as_coordinator(self, patient=None):
        return (patient or self.patient).with_user(self.coordinator)

    def test_provisional_to_validated_to_qualified(self):
        patient = self.as_coordinator()
        self.assertEqual(patient.identity_status, "provisional")
        patient.action_validate_identity("id_card")
        self.assertEqual(patient.identity_status, "validated")
        self.assertEqual(patient.identity_checked_by_id, self.coordinator)
        self.assertEqual(patient.identity_proof_kind, "id_card")
        self.assertTrue(patient.identity_checked_on)
        self.assertFalse(patient.national_identifier)
        with self.insi_answers({}):
            patient.action_insi_lookup()
        self.assertEqual(patient.identity_status, "qualified")
        self.assertEqual(patient.national_identifier, MATRICULE)
        self.assertEqual(patient.national_identifier_oid, NIR_OID)
        self.assertEqual(
            patient.identity_event_ids.mapped("new_status"), ["qualified", "validated"]
        )
        self.assertEqual(patient.identity_event_ids[1].proof_kind, "id_card")

    def test_provisional_to_recovered_to_qualified(self):
        patient = self.as_coordinator()
        with self.insi_answers({"birth_name": "LEFEVRE", "first_names": "CLAIRE MARIE"}):
            patient.action_insi_lookup()
        self.assertEqual(patient.identity_status, "recovered")
        # Recovered but not checked on a document: the INS is stored, neither shown nor found.
        self.assertFalse(patient.national_identifier)
        self.assertFalse(patient.search([("national_identifier", "=", MATRICULE)]))
        patient.action_validate_identity("passport")
        self.assertEqual(patient.identity_status, "qualified")
        self.assertEqual(patient.national_identifier, MATRICULE)
        self.assertEqual(patient.search([("national_identifier", "=", MATRICULE)]), patient)

    def test_changing_a_strict_trait_of_a_qualified_identity_downgrades_it(self):
        patient = self.as_coordinator()
        patient.action_validate_identity("id_card")
        with self.insi_answers({}):
            patient.action_insi_lookup()
        patient.phone = "0600000000"  # not a strict trait
        self.assertEqual(patient.identity_status, "qualified")
        patient.birth_place_code = "75056"  # the same value again
        self.assertEqual(patient.identity_status, "qualified")
        patient.birth_date = "1980-05-18"
        self.assertEqual(patient.identity_status, "provisional")
        self.assertFalse(patient.national_identifier)
        self.assertFalse(patient.identity_proof_kind)
        event = patient.identity_event_ids[0]
        self.assertEqual(
            (event.kind, event.old_status, event.new_status, event.user_id),
            ("downgrade", "qualified", "provisional", self.coordinator),
        )
        self.assertTrue(event.note)

    def test_validated_identity_is_downgraded_by_a_first_name_change(self):
        patient = self.as_coordinator()
        patient.action_validate_identity("residence_permit")
        patient.first_names = "Claire"
        self.assertEqual(patient.identity_status, "provisional")

    def test_identity_facts_are_never_written_directly(self):
        patient = self.as_coordinator()
        for values in (
            {"identity_status": "qualified"},
            {"identity_proof_kind": "passport"},
            {"identity_checked_by_id": self.coordinator.id},
            {"national_identifier": MATRICULE},
            {"national_identifier": "abc"},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                patient.write(values)
        with self.assertRaises(UserError):
            self.env["parcours.patient"].with_user(self.coordinator).create(
                {
                    "birth_name": "Direct",
                    "first_names": "Anne",
                    "birth_date": "1990-01-01",
                    "identity_status": "qualified",
                }
            )
        self.assertEqual(patient.identity_status, "provisional")

    def test_only_coordinators_record_identity_checks(self):
        pathway = self.create_pathway(self.patient, team=[self.gp_user])
        self.assertTrue(pathway)
        with self.assertRaises(AccessError):
            self.patient.with_user(self.gp_user).action_validate_identity("id_card")
        with self.assertRaises(UserError):
            self.as_coordinator().action_validate_identity("driving_licence")

    def test_strict_traits_must_be_complete(self):
        patient = self.create_patient("Sansplace", "Jean")
        with self.assertRaises(UserError):
            self.as_coordinator(patient).action_validate_identity("id_card")

    def test_insi_without_a_certified_client_says_so(self):
        with self.assertRaises(UserError):
            self.as_coordinator().action_insi_lookup()
        self.assertEqual(self.patient.identity_status, "provisional")
        self.assertFalse(self.patient.identity_event_ids)

    def test_insi_answers_that_cannot_be_recorded(self):
        patient = self.as_coordinator()
        for identity, status in (
            (None, "not_found"),
            (None, "ambiguous"),
            ({"matricule": MATRICULE[:13] + "00"}, "found"),  # wrong key
            ({"birth_date": "1980-05-18"}, "found"),  # another person
        ):
            with self.subTest(status=status, identity=identity):
                with self.insi_answers(identity, status), self.assertRaises(UserError):
                    patient.action_insi_lookup()
        self.assertEqual(patient.identity_status, "provisional")

    def test_two_patients_of_an_organisation_never_share_an_ins(self):
        other = self.create_patient("Autre", "Paul", birth_place_code="2A004", sex="male")
        with self.insi_answers({}):
            self.as_coordinator().action_insi_lookup()
        with self.insi_answers({}), self.assertRaises(UserError):
            self.as_coordinator(other).action_insi_lookup()

    def test_stored_matricule_key_is_checked(self):
        with self.assertRaises(ValidationError):
            self.patient.sudo().write({"ins_matricule": MATRICULE[:13] + "00", "ins_oid": NIR_OID})

    def test_search_by_birth_name_ignores_accents_and_case(self):
        Patient = self.env["parcours.patient"].with_user(self.coordinator)
        self.assertEqual(Patient.search([("identity_search", "ilike", "lefevre")]), self.patient)
        self.assertEqual(Patient.search([("identity_search", "ilike", "LEFÈ")]), self.patient)
        self.assertFalse(Patient.search([("identity_search", "ilike", "claire")]))
        self.assertEqual(Patient.name_search("lefevre")[0][0], self.patient.id)

    def test_birth_place_code_format(self):
        self.patient.birth_place_code = "2b033"
        self.assertEqual(self.patient.birth_place_code, "2B033")
        with self.assertRaises(ValidationError):
            self.patient.birth_place_code = "Paris"

    def test_twins_with_invisible_or_look_alike_characters_are_refused(self):
        for birth_name in ("Le\u200bfèvre", "L\u0415FEVRE", "Lefèvre\u00ad"):
            with self.subTest(birth_name=birth_name), self.assertRaises(ValidationError):
                self.create_patient(birth_name, "Claire", birth_date="1980-05-17")
        # Known different sexes or birth places: two people, not a twin.
        self.create_patient("Lefevre", "Claire", birth_date="1980-05-17", sex="male")
        self.create_patient("Lefevre", "Claire", birth_date="1980-05-17", birth_place_code="13055")
