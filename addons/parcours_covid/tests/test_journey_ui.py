from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import CovidCase


@tagged("post_install", "-at_install")
class TestCovidJourneyUi(HttpCase, CovidCase):
    """From the phone call to the GP information sheet, as the cell's coordinator: the call
    is logged, the request oriented, a referral sent, and the GP informed by the sheet, on
    2 March 2026. The tour asserts what the coordinator sees (stage, dates in French, the
    sheet); the test asserts the same facts on the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.coordinator.write(
            {"lang": "fr_FR", "tz": "Europe/Paris", "password": "test_coordinator"}
        )

    def test_call_to_gp_sheet(self):
        ref = self.env.ref
        orientation = self.env["parcours.covid.orientation"].create(
            {"name": "Tourorient", "category": "specialist", "resource_kind": "specialist"}
        )
        # The intake tour ticks the test's own axis (axis names are translated).
        axis = self.env["parcours.covid.axis"].create({"name": "TOURAXIS"})
        resource = self.create_resource("Tourent", axes=axis)
        # The call: the intake form, as the operator fills it (tests/test_ui.py).
        with freeze_time("2026-03-02 09:00"):
            self.start_tour("/odoo", "parcours_covid_intake_tour", login="test_coordinator")
        pathway = self.env["parcours.pathway"].search([("patient_id.birth_name", "=", "Tourcovid")])
        self.assertEqual(pathway.state, "requested")
        self.assertEqual(pathway.request_date, date(2026, 3, 2))
        self.assertEqual(pathway.stage_id, ref("parcours_covid.stage_covid_request"))
        self.assertFalse(pathway.gp_informed_date)

        # The coordinator orients the request, sends the referral, prints the GP sheet.
        with freeze_time("2026-03-02 10:00"):
            self.start_tour(
                "/odoo/action-parcours_base.parcours_pathway_action/%d" % pathway.id,
                "parcours_covid_journey_tour",
                login="test_coordinator",
            )
        today = date(2026, 3, 2)
        self.assertEqual(pathway.covid_orientation_id, orientation)
        self.assertEqual(pathway.covid_orientation_date, today)
        self.assertEqual(pathway.stage_id, ref("parcours_covid.stage_covid_oriented"))
        self.assertEqual(pathway.covid_referral_ids.resource_id, resource)
        self.assertEqual(pathway.covid_referral_ids.state, "sent")
        self.assertEqual(pathway.gp_informed_date, today)
        sheet = self.env["ir.attachment"].search(
            [("res_model", "=", "parcours.pathway"), ("res_id", "=", pathway.id)]
        )
        self.assertEqual(sheet.mimetype, "application/pdf")
