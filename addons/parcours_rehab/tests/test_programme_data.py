from odoo.addons.parcours_base.tests.common import ParcoursCase


class TestProgrammeData(ParcoursCase):
    def test_programme_is_shipped_and_editable(self):
        programme = self.env.ref("parcours_rehab.programme_rehab")
        self.assertEqual(programme.code, "REHAB")
        programme.name = "Home respiratory rehabilitation (Occitanie)"
        self.assertEqual(programme.name, "Home respiratory rehabilitation (Occitanie)")

    def test_programme_data_follows_the_domain(self):
        programme = self.env.ref("parcours_rehab.programme_rehab")
        self.assertTrue(programme.rehab_enabled)
        self.assertEqual(programme.duration_policy, "phased")
        self.assertEqual(
            [(phase.duration, phase.duration_unit) for phase in programme.phase_ids],
            [(12, "weeks"), (40, "weeks")],
        )
        documents = programme.checklist_item_ids.filtered(lambda item: item.kind == "document")
        self.assertEqual(len(documents), 4)
        self.assertIn("Spirometry (EFR)", documents.mapped("name"))
        self.assertGreaterEqual(
            len(programme.checklist_item_ids.filtered(lambda i: i.kind == "eligibility")), 10
        )
        professions = programme.role_ids.profession_id
        for xmlid in (
            "profession_pulmonologist",
            "profession_gp",
            "profession_physiotherapist",
            "profession_nurse",
            "profession_dietitian",
            "profession_psychologist",
            "profession_tobacco_specialist",
            "profession_programme_referent",
            "profession_medical_director",
            "profession_coordination_assistant",
        ):
            self.assertIn(self.env.ref("parcours_base." + xmlid), professions)
        types = self.env["parcours.incident.type"].search([("programme_id", "=", programme.id)])
        self.assertEqual(
            types.mapped("name"),
            ["Respiratory", "Musculoskeletal", "Motivational", "Cardiovascular", "Other"],
        )
        self.assertTrue(programme.rehab_smr_end_reason_id.is_reorientation)
        self.assertEqual(programme.rehab_start_target_days, 28)
        self.assertEqual(programme.rehab_crq_threshold, 0.5)
        self.assertEqual(len(programme.step_template_ids), 8)
