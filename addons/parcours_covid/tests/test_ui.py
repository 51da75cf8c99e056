from odoo.tests import HttpCase, tagged

from .common import CovidCase


@tagged("post_install", "-at_install")
class TestCovidUi(HttpCase, CovidCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.password = "test_coordinator"

    def test_operator_logs_a_phone_request(self):
        axis = self.env["parcours.covid.axis"].create({"name": "TOURAXIS"})
        self.start_tour("/odoo", "parcours_covid_intake_tour", login="test_coordinator")
        pathway = self.env["parcours.pathway"].search([("patient_id.birth_name", "=", "Tourcovid")])
        self.assertEqual(pathway.programme_id, self.covid)
        self.assertEqual(pathway.covid_requester, "relative")
        self.assertEqual(pathway.covid_complexity, "complex")
        self.assertEqual(pathway.covid_axis_ids, axis)
        self.assertEqual(pathway.patient_id.department, "31")
        self.assertEqual(pathway.covid_onset_date.isoformat(), "2026-01-02")
