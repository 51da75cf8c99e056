from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError

from ..tools.identity import nir_key
from .common import ParcoursCase

NIR_A = "2800575123456" + nir_key("2800575123456")
NIR_B = "2800575123457" + nir_key("2800575123457")


class TestIdentityBoundaries(ParcoursCase):
    """The identity paths that read or write as superuser (INS search, twin scan and
    review, merge), tried by the coordinator of a second organisation and by a removed
    team member: nothing of the other organisation or team is read or written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_org = cls.env["res.company"].create({"name": "Cellule Hérault"})
        cls.other_coordinator = cls.new_parcours_user(
            "coordinator_b", "parcours_base.group_parcours_coordinator", company=cls.other_org
        )
        cls.qualified = cls.qualify_identity(cls.create_patient("Inséé"), NIR_A)
        cls.pathway = cls.create_pathway(cls.qualified, team=(cls.gp_user,))
        cls.other_qualified = cls.qualify_identity(
            cls.create_patient("Hérault", company=cls.other_org), NIR_B
        )
        # Probable twins in each organisation.
        cls.first = cls.create_patient("Lefèvre", "Anne Marie", birth_date="1975-03-12")
        cls.second = cls.create_patient("LEFEBVRE", "Anne", birth_date="1975-03-12")
        cls.other_first = cls.create_patient(
            "Lefèvre", "Anne Marie", birth_date="1975-03-12", company=cls.other_org
        )
        cls.other_second = cls.create_patient(
            "LEFEBVRE", "Anne", birth_date="1975-03-12", company=cls.other_org
        )
        Twin = cls.env["parcours.patient.twin"]
        Twin.with_user(cls.coordinator).action_scan()
        cls.twin = Twin.search([("patient_id", "in", (cls.first | cls.second).ids)])

    def test_ins_search_finds_only_the_user_organisation(self):
        Patient = self.env["parcours.patient"].with_user(self.other_coordinator)
        self.assertFalse(Patient.search([("national_identifier", "=", NIR_A)]))
        self.assertEqual(
            Patient.search([("national_identifier", "=", NIR_B)]), self.other_qualified
        )
        self.assertEqual(
            Patient.search([("national_identifier", "!=", False)]), self.other_qualified
        )
        self.assertNotIn(self.qualified, Patient.search([("national_identifier", "=", False)]))
        with self.assertRaises(AccessError):
            self.qualified.with_user(self.other_coordinator).read(["national_identifier"])

    def test_ins_search_ends_with_the_membership(self):
        Patient = self.env["parcours.patient"].with_user(self.gp_user)
        self.assertEqual(Patient.search([("national_identifier", "=", NIR_A)]), self.qualified)
        today = fields.Date.today()
        self.pathway.member_ids.with_user(self.coordinator).write(
            {"date_from": today - timedelta(days=30), "date_to": today - timedelta(days=1)}
        )
        self.assertFalse(Patient.search([("national_identifier", "=", NIR_A)]))
        self.assertFalse(Patient.search([("national_identifier", "!=", False)]))
        with self.assertRaises(AccessError):
            self.qualified.with_user(self.gp_user).read(["national_identifier"])

    def test_scan_of_another_organisation_leaves_the_first_alone(self):
        Twin = self.env["parcours.patient.twin"].with_user(self.other_coordinator)
        Twin.action_scan()
        self.assertEqual(self.twin.state, "open")
        theirs = Twin.search([])
        self.assertEqual(
            theirs.patient_id | theirs.other_patient_id, self.other_first | self.other_second
        )
        self.assertEqual(theirs.company_id, self.other_org)
        # Claiming the first organisation in the context is refused by Odoo itself.
        with self.assertRaises(AccessError):
            Twin.with_context(allowed_company_ids=[self.organisation.id]).action_scan()
        self.assertEqual(self.twin.state, "open")

    def test_review_of_another_organisation_pair_is_refused(self):
        with self.assertRaises(AccessError):
            self.twin.with_user(self.other_coordinator).action_dismiss()
        self.assertEqual(self.twin.state, "open")
        self.assertFalse(self.twin.reviewed_by_id)

    def test_merge_marks_only_the_pair_it_merged(self):
        # A merge of the second organisation's records, created with the first
        # organisation's pair: that pair is left as it was.
        merge = (
            self.env["parcours.patient.merge"]
            .with_user(self.other_coordinator)
            .create(
                {
                    "kept_patient_id": self.other_first.id,
                    "absorbed_patient_id": self.other_second.id,
                    "twin_id": self.twin.id,
                }
            )
        )
        merge.action_merge()
        self.assertEqual(merge.state, "done")
        self.assertEqual(self.twin.state, "open")
        self.assertFalse(self.twin.reviewed_by_id)
        Event = self.env["parcours.patient.identity.event"]
        self.assertFalse(
            Event.search(
                [("patient_id", "in", (self.first | self.second).ids), ("kind", "=", "merge")]
            )
        )
        self.assertEqual(
            set(Event.search([("kind", "=", "merge")]).patient_id.ids),
            set((self.other_first | self.other_second).ids),
        )

    def test_merge_marks_its_own_pair(self):
        merge = (
            self.env["parcours.patient.merge"]
            .with_user(self.coordinator)
            .create(
                {
                    "kept_patient_id": self.first.id,
                    "absorbed_patient_id": self.second.id,
                    "twin_id": self.twin.id,
                }
            )
        )
        merge.action_merge()
        self.assertEqual(self.twin.state, "merged")
        self.assertEqual(self.twin.reviewed_by_id, self.coordinator)
