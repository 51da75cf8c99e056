from .common import MsmaCase


class TestProgrammeData(MsmaCase):
    def test_programme_is_shipped_and_editable(self):
        programme = self.env.ref("parcours_msma.programme_msma")
        self.assertEqual(programme.code, "MSMA")
        programme.name = "Addiction microstructures (Occitanie)"
        self.assertEqual(programme.name, "Addiction microstructures (Occitanie)")

    def test_programme_rules_are_data(self):
        self.assertEqual(self.msma.duration_policy, "renewable")
        self.assertEqual((self.msma.duration, self.msma.duration_unit), (12, "months"))
        self.assertEqual(self.msma.rcp_review_months, 3)
        self.assertEqual(
            self.msma.stage_ids.mapped("kind"),
            [
                "request",
                "evaluation",
                "evaluation",
                "follow_up",
                "follow_up",
                "follow_up",
                "closed",
            ],
        )
        self.assertEqual(
            self.msma._approving_roles().profession_id,
            self.gp_profession | self.psychologist_profession | self.social_worker_profession,
        )
        self.assertEqual(
            self.msma.quorum_profession_ids, self.msma._approving_roles().profession_id
        )
        self.assertEqual(len(self.msma.end_reason_ids), 7)
        self.assertEqual(len(self.msma.end_reason_ids.filtered("is_reorientation")), 2)
        self.assertEqual((self.msma.msma_target_first_year, self.msma.msma_target_later), (30, 45))

    def test_occitanie_microstructures_are_reference_data(self):
        laguiole = self.env.ref("parcours_msma.microstructure_laguiole")
        self.assertEqual(laguiole.department, "12")
        self.assertEqual(laguiole.structure_id.name, "ANPAA 12")
        self.assertEqual(laguiole.structure_id.parcours_structure_type, "csapa")
        montech = self.env.ref("parcours_msma.microstructure_montech")
        self.assertEqual(montech.structure_id.parcours_structure_type, "caarud")
        shipped = self.env["ir.model.data"].search_count(
            [
                ("module", "=", "parcours_msma"),
                ("model", "=", "parcours.msma.microstructure"),
                ("name", "=like", "microstructure_%"),
                ("name", "not like", "_demo"),
            ]
        )
        self.assertEqual(shipped, 20)
