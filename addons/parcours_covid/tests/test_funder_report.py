from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import CovidCase


class TestFunderReport(CovidCase):
    """The shipped "Long-COVID activity report", computed by a manager over Q1 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The figures are the test's own: demo requests may fall in the period.
        cls.env["parcours.pathway"].search([]).action_archive()
        formula = cls.env["parcours.covid.orientation"].create(
            {"name": '=HYPERLINK("http://x")', "category": "gp"}
        )
        gp_first = cls.env.ref("parcours_covid.orientation_gp_first")
        resource = cls.create_resource("Dr Nez, ENT")
        rows = [
            # name, requester, channel, zip, orientation, oriented after (days)
            ("Aa", "patient", "phone", "31000", gp_first, 2),
            ("Bb", "patient", "email", "31000", gp_first, 4),
            ("Cc", "relative", "phone", "75001", formula, 10),
            ("Dd", "professional", "phone", "09000", False, 0),
        ]
        cls.pathways = cls.env["parcours.pathway"]
        for name, requester, channel, zip_code, orientation, days in rows:
            with freeze_time("2026-02-02"):
                pathway = cls.log_request(
                    birth_name=name,
                    zip=zip_code,
                    channel=channel,
                    requester=requester,
                    professional_source="specialist" if requester == "professional" else False,
                )
            if orientation:
                with freeze_time(date(2026, 2, 2 + days)):
                    pathway.covid_orientation_id = orientation
            cls.pathways |= pathway
        cls.env["parcours.covid.referral"].create(
            [
                {
                    "pathway_id": cls.pathways[0].id,
                    "resource_id": resource.id,
                    "state": "seen",
                    "date_sent": "2026-02-05",
                },
                {
                    "pathway_id": cls.pathways[1].id,
                    "resource_id": resource.id,
                    "date_sent": "2026-02-09",
                },
            ]
        )
        with freeze_time("2026-04-01"):
            cls.log_request(birth_name="Horsperiode")
        cls.report = cls.env.ref("parcours_covid.report_covid_activity").with_user(cls.manager)
        cls.report.date_from = "2026-01-01"

    def figures(self, breakdown=None):
        if breakdown:
            self.report.breakdown = breakdown
        self.report.action_compute()
        return {
            (result.indicator_id.code, result.breakdown_value): result.value
            for result in self.report.result_ids
        }

    def test_shipped_report_by_requester(self):
        self.assertEqual(self.report.breakdown, "covid_requester")
        self.assertEqual(self.report.date_to.isoformat(), "2026-03-31")
        figures = self.figures()
        self.assertEqual(
            figures,
            {
                ("COVID_REQUESTS", "Patient"): 2,
                ("COVID_REQUESTS", "Relative"): 1,
                ("COVID_REQUESTS", "Professional"): 1,
                ("COVID_RESIDENT_RATE", "Patient"): 100.0,
                ("COVID_RESIDENT_RATE", "Relative"): 0.0,
                ("COVID_RESIDENT_RATE", "Professional"): 100.0,
                ("COVID_ORIENTED", "Patient"): 2,
                ("COVID_ORIENTED", "Relative"): 1,
                ("COVID_ORIENTATION_DELAY", "Patient"): 3.0,
                ("COVID_ORIENTATION_DELAY", "Relative"): 10.0,
                ("COVID_REFERRALS", "Patient"): 2,
                ("COVID_REFERRAL_COMPLETION", "Patient"): 50.0,
            },
        )

    def test_totals_match_the_cell_activity_report(self):
        figures = self.figures("none")
        wizard = (
            self.env["parcours.covid.report"]
            .with_user(self.manager)
            .create(
                {"date_from": "2026-01-01", "date_to": "2026-03-31", "programme_id": self.covid.id}
            )
        )
        data = wizard._report_data()
        self.assertEqual(figures[("COVID_REQUESTS", "(none)")], data["total"])
        self.assertEqual(figures[("COVID_RESIDENT_RATE", "(none)")], 75.0)
        self.assertEqual(figures[("COVID_ORIENTED", "(none)")], 3)
        self.assertEqual(figures[("COVID_ORIENTATION_DELAY", "(none)")], data["median_delay"])
        self.assertEqual(figures[("COVID_REFERRALS", "(none)")], data["referral_count"])
        self.assertEqual(
            figures[("COVID_REFERRAL_COMPLETION", "(none)")], data["referral_completion"]
        )

    def test_breakdowns_by_channel_residence_and_age_band(self):
        requests = "COVID_REQUESTS"
        channel = self.figures("covid_channel")
        self.assertEqual((channel[(requests, "Phone")], channel[(requests, "E-mail")]), (3, 1))
        residence = self.figures("covid_residence")
        self.assertEqual(residence[(requests, "Resident")], 3)
        self.assertEqual(residence[(requests, "Non-resident")], 1)
        self.assertEqual(self.figures("age_band")[(requests, "30-49")], 4)

    def test_workbook_holds_the_same_figures_and_text_stays_text(self):
        self.report.breakdown = "covid_orientation"
        book = self.report_workbook(self.report)
        self.assertEqual(
            book.sheetnames, ["Report", "Activity", "Orientation", "Referrals", "Raw rows"]
        )
        title = {row[0]: row[1] for row in book["Report"].values}
        self.assertEqual(title["Report"], "Long-COVID activity report")
        self.assertEqual(title["Breakdown"], "Orientation")
        requests = {
            (row[1].value, row[6].value): (row[1].data_type, row[4].value)
            for row in book["Activity"].iter_rows(min_row=2)
            if row[0].value == self._name_of("parcours_covid.indicator_covid_requests")
        }
        gp, formula = self._gp_category(), '=HYPERLINK("http://x")'
        gp_first = self._name_of("parcours_covid.orientation_gp_first")
        self.assertEqual(
            requests,
            {
                # Not oriented yet: an empty label.
                ("", None): ("s", 1),
                # Orientations grouped by category, the options beneath.
                (gp, None): ("s", 3),
                (gp, gp_first): ("s", 2),
                (gp, formula): ("s", 1),
            },
        )
        delays = {
            (row[1], row[6]): row[4]
            for row in book["Orientation"].values
            if row[0] == self._name_of("parcours_covid.indicator_covid_orientation_delay")
        }
        # A median of a category is not told by its options' medians: left empty.
        self.assertEqual(delays, {(gp, None): None, (gp, gp_first): 3.0, (gp, formula): 10.0})

    def _name_of(self, xmlid):
        """The name of shipped data, in the report's language."""
        return self.env.ref(xmlid).with_env(self.report.env).name

    def _gp_category(self):
        """The label of the GP orientation category, in the report's language."""
        field = self.env["parcours.covid.orientation"]._fields["category"]
        return dict(field._description_selection(self.report.env))["gp"]

    def test_orientation_share_is_per_category(self):
        self.report.breakdown = "covid_orientation"
        none = self.report.env._("(none)")
        gp_first = (
            self.env.ref("parcours_covid.orientation_gp_first").with_env(self.report.env).name
        )
        self.report.action_compute()
        results = self.report.result_ids.filtered(
            lambda result: result.indicator_id.code == "COVID_REQUESTS"
        )
        self.assertEqual(
            {(result.breakdown_value, result.breakdown_detail) for result in results},
            {
                (none, False),
                (self._gp_category(), gp_first),
                (self._gp_category(), '=HYPERLINK("http://x")'),
            },
        )
        [[gp]] = self.env["parcours.report.result"]._read_group(
            [("id", "in", results.ids), ("breakdown_value", "=", self._gp_category())],
            [],
            ["numerator:sum"],
        )
        self.assertEqual(gp, 3)

    def test_professional_cannot_read_the_report(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.gp_user).read(["name"])
