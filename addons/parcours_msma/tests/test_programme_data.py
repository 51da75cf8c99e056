from odoo.addons.parcours_base.tests.common import ParcoursCase


class TestProgrammeData(ParcoursCase):
    def test_programme_is_shipped_and_editable(self):
        programme = self.env.ref("parcours_msma.programme_msma")
        self.assertEqual(programme.code, "MSMA")
        programme.name = "Addiction microstructures (Occitanie)"
        self.assertEqual(programme.name, "Addiction microstructures (Occitanie)")
