from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CovidCase


@tagged("post_install", "-at_install")
class TestCovidJourneyUi(HttpCase, CovidCase):
    """From the phone call to the GP information sheet, as the cell's coordinator: the call
    is logged, the request oriented, a referral sent, and the GP informed by the sheet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator.password = "test_coordinator"

    def test_call_to_gp_sheet(self):
        ref = self.env.ref
        orientation = self.env["parcours.covid.orientation"].create(
            {"name": "Tourorient", "category": "specialist", "resource_kind": "specialist"}
        )
        # The intake tour ticks the test's own axis (axis names are translated).
        axis = self.env["parcours.covid.axis"].create({"name": "TOURAXIS"})
        resource = self.create_resource("Tourent", axes=axis)
        # The call: the intake form, as the operator fills it (tests/test_ui.py).
        self.start_tour("/odoo", "parcours_covid_intake_tour", login="test_coordinator")
        pathway = self.env["parcours.pathway"].search([("patient_id.birth_name", "=", "Tourcovid")])
        self.assertEqual(pathway.state, "requested")
        self.assertEqual(pathway.stage_id, ref("parcours_covid.stage_covid_request"))
        self.assertFalse(pathway.gp_informed_date)

        # The coordinator orients the request, sends the referral, prints the GP sheet.
        self.start_tour(
            "/odoo/action-parcours_base.parcours_pathway_action/%d" % pathway.id,
            "parcours_covid_journey_tour",
            login="test_coordinator",
        )
        # The coordinator's day (their time zone), as the server dated their actions.
        today = fields.Date.context_today(pathway.with_user(self.coordinator))
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
