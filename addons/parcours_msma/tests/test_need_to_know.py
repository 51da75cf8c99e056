from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import MsmaCase


@freeze_time("2026-01-05")
class TestMsmaNeedToKnow(MsmaCase):
    """The addiction profile and the assessments, read as each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.csapa_coordinator = cls.new_parcours_user(
            "csapa_coordinator", "parcours_base.group_parcours_professional"
        )
        cls.microstructure.coordinator_ids = cls.csapa_coordinator
        cls.pathway = cls.include_msma(cls.create_msma_pathway())
        cls.pathway.write({"msma_hiv_status": "positive", "msma_tso": True})
        cls.encounter = cls.env["parcours.encounter"].create(
            {
                "pathway_id": cls.pathway.id,
                "kind_id": cls.env["parcours.encounter.kind"].search([], limit=1).id,
                "clinical_note": "<p>Methadone 60 mg</p>",
            }
        )
        cls.assessment = cls.pathway.msma_assessment_ids[:1]
        cls.assessment.write({"housing": True, "use_reduced": True, "note": "Lives in a squat"})

    def test_partner_structure_coordinator_reads_no_clinical_data(self):
        as_coordinator = self.pathway.with_user(self.csapa_coordinator)
        self.assertTrue(as_coordinator.read(["name", "state"]))
        for field in ("msma_hiv_status", "msma_tso", "msma_substance_ids"):
            with self.assertRaises(AccessError):
                as_coordinator.read([field])
        with self.assertRaises(AccessError):
            self.encounter.with_user(self.csapa_coordinator).read(["clinical_note"])
        with self.assertRaises(AccessError):
            self.env["parcours.pathway"].with_user(self.csapa_coordinator).search(
                [("msma_hiv_status", "=", "positive")]
            )
        with self.assertRaises(AccessError):
            self.env["parcours.encounter"].with_user(self.csapa_coordinator).search(
                [("clinical_note", "ilike", "Methadone")]
            )
        for field in ("housing", "use_reduced", "note"):
            with self.assertRaises(AccessError):
                self.assessment.with_user(self.csapa_coordinator).read([field])

    def test_social_worker_reads_social_items_not_serologies(self):
        as_social = self.pathway.with_user(self.social_worker_user)
        with self.assertRaises(AccessError):
            as_social.read(["msma_hiv_status"])
        with self.assertRaises(AccessError):
            as_social.read(["msma_tso"])
        assessment = self.assessment.with_user(self.social_worker_user)
        self.assertTrue(assessment.housing)
        self.assertEqual(assessment.note, "Lives in a squat")
        with self.assertRaises(AccessError):
            assessment.read(["use_reduced"])
        self.assertEqual(self.pathway.with_user(self.gp_user).msma_hiv_status, "positive")
        self.assertTrue(self.assessment.with_user(self.psychologist_user).use_reduced)

    def test_manager_counts_without_reading(self):
        for field in ("note", "housing", "rights_opened", "use_reduced"):
            with self.assertRaises(AccessError):
                self.assessment.with_user(self.manager).read([field])
        self.assertTrue(self.assessment.with_user(self.manager).read(["date", "kind"]))

    def test_no_search_on_the_substances_without_reading_them(self):
        substance = self.env["parcours.msma.substance"].search([], limit=1)
        self.pathway.msma_substance_ids = substance
        domain = [("msma_substance_ids", "in", substance.ids)]
        Pathway = self.env["parcours.pathway"]
        self.assertIn(self.pathway, Pathway.with_user(self.gp_user).search(domain))
        for user in (self.social_worker_user, self.csapa_coordinator, self.manager):
            with self.assertRaises(AccessError):
                Pathway.with_user(user).search(domain)
            with self.assertRaises(AccessError):
                Pathway.with_user(user).search([("msma_substance_ids.name", "ilike", "a")])
