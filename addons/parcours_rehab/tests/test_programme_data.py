from odoo.addons.parcours_base.tests.common import ParcoursCase


class TestProgrammeData(ParcoursCase):
    def test_programme_is_shipped_and_editable(self):
        programme = self.env.ref("parcours_rehab.programme_rehab")
        self.assertEqual(programme.code, "REHAB")
        programme.name = "Home respiratory rehabilitation (Occitanie)"
        self.assertEqual(programme.name, "Home respiratory rehabilitation (Occitanie)")
