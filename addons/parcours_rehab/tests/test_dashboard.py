from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.parcours_base.tests.dashboard_common import DashboardCheckMixin, dashboard_url

from .common import RehabCase


@freeze_time("2026-01-05")
class TestRehabDashboard(DashboardCheckMixin, RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("parcours_rehab.spreadsheet_dashboard_rehab")
        # The figures are the test's own: demo pathways, dated from the real today, may fall
        # in the frozen periods.
        cls.env["parcours.pathway"].search([]).action_archive()

    def test_data_sources_evaluate_for_a_manager(self):
        self.assertDashboardSourcesWork(self.dashboard, self.manager)
        self.assertDashboardFormulasValid(self.dashboard)

    def test_figures_count_rehab_pathways_only(self):
        self.create_rehab_pathway(request_date="2026-01-02")
        self.create_pathway(request_date="2026-01-02")
        self.assertEqual(self.pivot_count(self.dashboard, "Requests", self.manager), 1)

    def test_professionals_cannot_read_it(self):
        self.assertTrue(self.dashboard.with_user(self.coordinator).get_readonly_dashboard())
        with self.assertRaises(AccessError):
            self.dashboard.with_user(self.referent_user).read(["name"])


@tagged("post_install", "-at_install")
class TestRehabDashboardUi(HttpCase, RehabCase):
    def test_manager_opens_the_dashboard(self):
        self.manager.password = "test_manager"
        self.start_tour(
            dashboard_url(self.env.ref("parcours_rehab.spreadsheet_dashboard_rehab")),
            "parcours_dashboard_tour",
            login="test_manager",
        )
