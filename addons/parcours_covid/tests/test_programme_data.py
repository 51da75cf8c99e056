from odoo.addons.parcours_base.tests.common import ParcoursCase


class TestProgrammeData(ParcoursCase):
    def test_programme_is_shipped_and_editable(self):
        programme = self.env.ref("parcours_covid.programme_covid")
        self.assertEqual(programme.code, "COVID")
        programme.name = "Long-COVID coordination (Occitanie)"
        self.assertEqual(programme.name, "Long-COVID coordination (Occitanie)")
