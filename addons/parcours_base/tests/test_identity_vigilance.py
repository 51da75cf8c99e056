from odoo.exceptions import AccessError, UserError

from .common import ParcoursCase


class TestIdentityVigilance(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_programme = cls.create_programme("Second programme", "TEST2")
        cls.first = cls.create_patient("Lefèvre", "Anne Marie", birth_date="1975-03-12")
        cls.second = cls.create_patient("LEFEBVRE", "Anne", birth_date="1975-03-12")

    def scan(self):
        Twin = self.env["parcours.patient.twin"].with_user(self.coordinator)
        Twin.action_scan()
        return Twin.search([("state", "=", "open")])

    def pair(self, twins, first, second):
        return twins.filtered(
            lambda twin: {twin.patient_id, twin.other_patient_id} == {first, second}
        )

    def test_scan_lists_probable_twins_of_the_organisation(self):
        transposed = self.create_patient("Lefevre", "Anne", birth_date="1975-12-03")
        unrelated = self.create_patient("Lefevre", "Anne", birth_date="1960-01-01")
        elsewhere = self.env["res.company"].create({"name": "Elsewhere"})
        self.create_patient("Lefevre", "Anne", birth_date="1975-03-12", company=elsewhere)
        twins = self.scan()
        sounding = self.pair(twins, self.first, self.second)
        self.assertTrue(sounding.sounds_alike)
        self.assertFalse(sounding.transposed_birth_date)
        self.assertTrue(self.pair(twins, self.first, transposed).transposed_birth_date)
        self.assertFalse(
            twins.filtered(lambda twin: unrelated in twin.patient_id | twin.other_patient_id)
        )
        self.assertEqual(twins.company_id, self.organisation)
        # Scanning again lists each pair once.
        self.assertEqual(self.scan(), twins)

    def test_a_dismissed_pair_does_not_come_back(self):
        twin = self.pair(self.scan(), self.first, self.second)
        twin.with_user(self.coordinator).action_dismiss()
        self.assertEqual(twin.state, "dismissed")
        self.assertEqual(twin.reviewed_by_id, self.coordinator)
        self.assertFalse(self.pair(self.scan(), self.first, self.second))
        with self.assertRaises(UserError):
            twin.with_user(self.coordinator).write({"state": "open"})

    def test_only_coordinators_review_twins(self):
        with self.assertRaises(AccessError):
            self.env["parcours.patient.twin"].with_user(self.gp_user).action_scan()

    def test_merge_keeps_every_pathway_consent_document_and_message(self):
        kept_pathway = self.create_pathway(self.first, team=[self.gp_user])
        moved_pathway = self.create_pathway(
            self.second, programme=self.other_programme, team=[self.psychologist_user]
        )
        consent = self.record_consent(moved_pathway)
        self.second.message_post(body="Called the patient back")
        message_count = len(self.second.message_ids)
        document = self.env["ir.attachment"].create(
            {
                "name": "id-card.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "parcours.patient",
                "res_id": self.second.id,
            }
        )
        twin = self.pair(self.scan(), self.first, self.second)
        action = twin.with_user(self.coordinator).action_prepare_merge()
        merge = (
            self.env["parcours.patient.merge"]
            .with_user(self.coordinator)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(merge.kept_patient_id, self.first)
        merge.action_merge()

        self.assertEqual(self.first.pathway_ids, kept_pathway | moved_pathway)
        self.assertEqual(consent.pathway_id.patient_id, self.first)
        self.assertEqual(document.res_id, self.first.id)
        self.assertIn("Called the patient back", "".join(self.first.message_ids.mapped("body")))
        self.assertFalse(self.second.active)
        self.assertEqual(self.second.merged_into_id, self.first)
        self.assertEqual(
            (merge.state, merge.merged_by_id, twin.state),
            ("done", self.coordinator, "merged"),
        )
        self.assertTrue(merge.merged_on)
        self.assertEqual(merge.absorbed_snapshot["birth_name"], "LEFEBVRE")
        self.assertIn(moved_pathway.id, merge.moved_records["links"][0][2])
        self.assertEqual(self.first.identity_event_ids[0].kind, "merge")
        # The psychologist of the moved pathway now reaches the kept record.
        self.assertEqual(
            self.env["parcours.patient"].with_user(self.psychologist_user).search([]),
            self.first,
        )
        with self.assertRaises(UserError):
            merge.write({"absorbed_patient_id": self.first.id})

        merge.action_undo()
        self.assertEqual(merge.state, "undone")
        self.assertEqual(merge.undone_by_id, self.coordinator)
        self.assertTrue(self.second.active)
        self.assertFalse(self.second.merged_into_id)
        self.assertEqual(self.second.pathway_ids, moved_pathway)
        self.assertEqual(self.first.pathway_ids, kept_pathway)
        self.assertEqual(document.res_id, self.second.id)
        self.assertEqual(len(self.second.message_ids), message_count)

    def test_merge_refusals(self):
        Merge = self.env["parcours.patient.merge"].with_user(self.coordinator)
        elsewhere = self.env["res.company"].create({"name": "Elsewhere"})
        foreign = self.create_patient("Lefevre", "Anne", birth_date="1975-03-12", company=elsewhere)
        for kept, absorbed, error in (
            (self.first, self.first, UserError),  # one record with itself
            (self.first, foreign, AccessError),  # another organisation's record
        ):
            merge = Merge.sudo().create(
                {"kept_patient_id": kept.id, "absorbed_patient_id": absorbed.id}
            )
            with self.assertRaises(error):
                merge.with_user(self.coordinator).action_merge()
        # Even when the coordinator works for both organisations.
        self.coordinator.company_ids |= elsewhere
        merge = Merge.sudo().create(
            {"kept_patient_id": self.first.id, "absorbed_patient_id": foreign.id}
        )
        with self.assertRaises(UserError):
            merge.with_user(self.coordinator).with_context(
                allowed_company_ids=[self.organisation.id, elsewhere.id]
            ).action_merge()
        with self.assertRaises(UserError):
            Merge.create(
                {
                    "kept_patient_id": self.first.id,
                    "absorbed_patient_id": self.second.id,
                    "state": "done",
                }
            )
        merge = Merge.create(
            {"kept_patient_id": self.first.id, "absorbed_patient_id": self.second.id}
        )
        with self.assertRaises(AccessError):
            merge.with_user(self.gp_user).action_merge()
        self.assertTrue(self.second.active)
