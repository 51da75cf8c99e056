from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import ParcoursCase
from .dashboard_common import DashboardCheckMixin, dashboard_url


@freeze_time("2026-01-05")
class TestDashboard(DashboardCheckMixin, ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("parcours_base.spreadsheet_dashboard_pathways")
        # The figures are the test's own: demo pathways, dated from the real today, may fall
        # in the frozen periods.
        cls.env["parcours.pathway"].search([]).action_archive()

    def test_data_sources_evaluate_for_a_manager(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("parcours_base.spreadsheet_dashboard_group_care_pathways"),
        )
        self.assertDashboardSourcesWork(self.dashboard, self.manager)
        self.assertDashboardFormulasValid(self.dashboard)

    def test_figures_count_every_programme(self):
        other = self.create_programme("Other programme", "OTHER")
        self.create_pathway(request_date="2026-01-02")
        self.create_pathway(programme=other, request_date="2025-12-20")
        self.create_pathway(programme=other, request_date="2024-11-02")
        self.assertEqual(self.pivot_count(self.dashboard, "Requests", self.manager), 2)
        self.assertEqual(
            self.pivot_count(self.dashboard, "Requests (previous period)", self.manager), 1
        )

    def test_readable_by_coordinators_and_managers_only(self):
        for user in (self.manager, self.coordinator):
            snapshot = self.dashboard.with_user(user).get_readonly_dashboard()["snapshot"]
            self.assertTrue(snapshot["pivots"])
        for user in (self.gp_user, self.accountant):
            with self.assertRaises(AccessError):
                self.dashboard.with_user(user).read(["name"])
            dashboards = self.env["spreadsheet.dashboard"].with_user(user).search([])
            self.assertNotIn(self.dashboard, dashboards)


@tagged("post_install", "-at_install")
class TestDashboardUi(HttpCase, ParcoursCase):
    def test_manager_opens_the_dashboard(self):
        self.manager.password = "test_manager"
        self.create_pathway()
        self.start_tour(
            dashboard_url(self.env.ref("parcours_base.spreadsheet_dashboard_pathways")),
            "parcours_dashboard_tour",
            login="test_manager",
        )
