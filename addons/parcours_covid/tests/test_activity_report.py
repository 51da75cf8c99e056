import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import BaseCase

from ..tools.activity_report import activity_report, age_band, median_delay, shares
from .common import CovidCase


class TestActivityFormulas(BaseCase):
    def test_age_bands_bounds(self):
        self.assertEqual(
            [age_band(age) for age in (0, 18, 19, 29, 30, 49, 50, 75, 76, 99)],
            "0_18 0_18 19_29 19_29 30_49 30_49 50_75 50_75 over_75 over_75".split(),
        )

    def test_shares_and_median(self):
        self.assertEqual(shares(["a", "b", "a"]), [("a", 2, 66.7), ("b", 1, 33.3)])
        pairs = [(date(2026, 1, 1), date(2026, 1, 3)), (date(2026, 1, 1), None)]
        self.assertEqual(median_delay(pairs), 2)
        report = activity_report([], [], ("seen",))
        self.assertIsNone(report["median_delay"])
        self.assertIsNone(report["referral_completion"])


class TestActivityReport(CovidCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.formula = cls.env["parcours.covid.orientation"].create(
            {"name": '=HYPERLINK("http://x")', "category": "gp"}
        )
        gp_first = cls.env.ref("parcours_covid.orientation_gp_first")
        resource = cls.create_resource("Dr Nez, ENT")
        rows = [
            # name, requester, channel, sex, birth date, zip, orientation, oriented after
            ("Aa", "patient", "phone", "female", "2010-01-01", "31000", gp_first, 2),
            ("Bb", "patient", "email", "male", "1990-01-01", "31000", gp_first, 4),
            ("Cc", "relative", "phone", "female", "1960-01-01", "75001", cls.formula, 10),
            ("Dd", "professional", "phone", "female", "1940-01-01", "09000", False, 0),
        ]
        cls.pathways = cls.env["parcours.pathway"]
        for name, requester, channel, sex, birth, zip_code, orientation, days in rows:
            with freeze_time("2026-02-02"):
                pathway = cls.log_request(
                    birth_name=name,
                    birth_date=birth,
                    zip=zip_code,
                    sex=sex,
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
                {"pathway_id": cls.pathways[0].id, "resource_id": resource.id, "state": "seen"},
                {"pathway_id": cls.pathways[1].id, "resource_id": resource.id},
            ]
        )
        with freeze_time("2026-04-01"):
            cls.log_request(birth_name="Horsperiode")
        cls.report = (
            cls.env["parcours.covid.report"]
            .with_user(cls.manager)
            .create(
                {"date_from": "2026-02-01", "date_to": "2026-02-28", "programme_id": cls.covid.id}
            )
        )

    def test_report_gives_counts_and_shares(self):
        data = self.report._report_data()
        sections = dict(data["sections"])
        self.assertEqual(data["total"], 4)
        self.assertEqual(
            sections["requester"],
            [("Patient", 2, 50.0), ("Professional", 1, 25.0), ("Relative", 1, 25.0)],
        )
        self.assertEqual(sections["channel"], [("Phone", 3, 75.0), ("E-mail", 1, 25.0)])
        self.assertEqual(sections["sex"], [("Female", 3, 75.0), ("Male", 1, 25.0)])
        self.assertEqual(
            sections["age_band"],
            [("0-18", 1, 25.0), ("30-49", 1, 25.0), ("50-75", 1, 25.0), ("Over 75", 1, 25.0)],
        )
        self.assertEqual(sections["resident"], [("Resident", 3, 75.0), ("Non-resident", 1, 25.0)])
        self.assertEqual(
            sections["orientation"],
            [
                ("GP, first intention", 2, 50.0),
                ('=HYPERLINK("http://x")', 1, 25.0),
                ("Not oriented", 1, 25.0),
            ],
        )
        self.assertEqual(data["median_delay"], 4)
        self.assertEqual(data["referral_count"], 2)
        self.assertEqual(data["referral_completion"], 50.0)

    def test_xlsx_export_reads_back_with_text_never_a_formula(self):
        action = self.report.action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        raw = self.env["ir.attachment"].browse(attachment_id).raw
        sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
        cells = {
            row[0].value: row for row in sheet.iter_rows(min_row=1) if row[0].value is not None
        }
        self.assertEqual(cells["Requests"][1].value, 4)
        self.assertEqual(cells["Phone"][1].value, 3)
        self.assertEqual(cells["Phone"][2].value, 75.0)
        formula = cells['=HYPERLINK("http://x")'][0]
        self.assertEqual(formula.data_type, "s")
        self.assertEqual(cells["Median days from request to orientation"][1].value, 4)
        self.assertEqual(cells["Referrals completed (%)"][1].value, 50.0)

    def test_pivot_action_is_limited_to_the_period_and_cell(self):
        action = self.report.action_open_pivot()
        found = self.env["parcours.pathway"].search(action["domain"])
        self.assertEqual(found, self.pathways)
        groups = self.env["parcours.pathway"]._read_group(
            action["domain"], ["covid_age_band"], ["__count"]
        )
        self.assertEqual(dict(groups), {"0_18": 1, "30_49": 1, "50_75": 1, "over_75": 1})
