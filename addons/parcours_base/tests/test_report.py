import io
import zipfile
from datetime import datetime

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import ParcoursCase


class TestIndicatorReport(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = (cls.gp_user, cls.psychologist_user)
        reason = cls.programme.end_reason_ids.filtered("is_reorientation")
        cls.pathways = cls.env["parcours.pathway"]
        # Four requests in Q1 2026: three included (after 10, 20 and 30 days), one not.
        for number, (request, inclusion, sex) in enumerate(
            [
                ("2026-01-05", "2026-01-15", "female"),
                ("2026-01-10", "2026-01-30", "male"),
                ("2026-02-01", "2026-03-03", "female"),
                ("2026-03-01", None, "male"),
            ]
        ):
            pathway = cls.create_pathway(
                patient=cls.create_patient(
                    "Report%d" % number, "P", sex=sex, zip="3400%d" % number
                ),
                team=team,
                request_date=request,
            )
            if inclusion:
                with freeze_time(inclusion):
                    cls.include(pathway)
            cls.pathways |= pathway
        with freeze_time("2026-03-20"):
            cls.pathways[0]._close(reason, datetime(2026, 3, 20).date())
        cls.env["parcours.encounter"].create(
            {
                "pathway_id": cls.pathways[1].id,
                "kind_id": cls.env.ref("parcours_base.encounter_kind_consultation").id,
                "start": datetime(2026, 2, 10, 9, 0),
                "duration": 45,
                "state": "done",
                "clinical_note": "<p>=cmd|' /C calc'!A0</p>",
            }
        )

    def new_report(self, breakdown="none", user=None):
        form = Form(self.env["parcours.report"].with_user(user or self.manager))
        form.name = "Q1 report"
        form.programme_ids.add(self.programme)
        form.period = "quarter"
        form.date_from = "2026-01-01"
        form.breakdown = breakdown
        for code in (
            "requests",
            "inclusions",
            "inclusion_rate",
            "delay_request_inclusion",
            "delay_request_inclusion_median",
            "encounter_minutes",
            "reorientation_rate",
        ):
            form.indicator_ids.add(self.env.ref("parcours_base.indicator_" + code))
        return form.save()

    def test_manager_builds_a_report_and_gets_exact_figures(self):
        report = self.new_report()
        self.assertEqual(report.date_to.isoformat(), "2026-03-31")
        figures = self.report_figures(report)
        self.assertEqual(figures[("REQUESTS", "(none)")], 4)
        self.assertEqual(figures[("INCLUSIONS", "(none)")], 3)
        self.assertEqual(figures[("INCLUSION_RATE", "(none)")], 75.0)
        self.assertEqual(figures[("DELAY_REQUEST_INCLUSION", "(none)")], 20.0)
        self.assertEqual(figures[("DELAY_REQUEST_INCLUSION_MEDIAN", "(none)")], 20.0)
        self.assertEqual(figures[("ENCOUNTER_MINUTES", "(none)")], 45.0)
        self.assertEqual(figures[("REORIENTATION_RATE", "(none)")], 100.0)

    def test_breakdown_by_sex(self):
        figures = self.report_figures(self.new_report("sex"))
        self.assertEqual(figures[("REQUESTS", "Female")], 2)
        self.assertEqual(figures[("REQUESTS", "Male")], 2)
        self.assertEqual(figures[("INCLUSION_RATE", "Male")], 50.0)
        self.assertEqual(figures[("INCLUSION_RATE", "Female")], 100.0)

    def test_workbook_matches_the_figures_and_keeps_text_as_text(self):
        report = self.new_report("month")
        book = self.report_workbook(report)
        self.assertEqual(book.sheetnames, ["Report", "Activity", "Delays", "Outcomes", "Raw rows"])
        title = {row[0]: row[1] for row in book["Report"].values}
        self.assertEqual(title["Programmes"], "Test programme")
        activity = list(book["Activity"].values)
        self.assertEqual(
            activity[0],
            ("Indicator", "Breakdown", "Numerator", "Denominator", "Value", "Target"),
        )
        requests = {row[1]: row[4] for row in activity[1:] if row[0] == "Requests received"}
        self.assertEqual(requests, {"2026-01": 2, "2026-02": 1, "2026-03": 1})
        self.assertEqual(book["Activity"].freeze_panes, "A2")
        raw = list(book["Raw rows"].values)
        # The raw rows name pathways by their reference, never by the patient.
        self.assertIn(self.pathways[0].name, [row[2] for row in raw])
        cells = " ".join(str(cell) for row in raw for cell in row)
        self.assertNotIn(self.pathways[0].patient_id.birth_name, cells)
        self.assertNotIn("calc", " ".join(str(cell) for row in raw for cell in row))

    def test_monthly_delivery_attaches_the_workbook_without_figures_in_the_message(self):
        report = self.new_report()
        report.monthly_delivery = True
        with freeze_time("2026-02-03"):
            self.env["parcours.report"]._cron_monthly_delivery()
        message = report.message_ids[0]
        self.assertIn("2026-01", message.body)
        self.assertNotIn("Report0", message.body)
        book = openpyxl.load_workbook(io.BytesIO(message.attachment_ids.raw))
        requests = [row for row in book["Activity"].values if row[0] == "Requests received"]
        self.assertEqual(requests[0][4], 2)

    def test_reports_respect_the_user_rights(self):
        other_org = self.env["res.company"].create({"name": "Other cell"})
        outsider = self.new_parcours_user(
            "other_manager", "parcours_base.group_parcours_manager", company=other_org
        )
        report = self.new_report()
        self.assertNotIn(report, self.env["parcours.report"].with_user(outsider).search([]))
        with self.assertRaises(AccessError):
            report.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            self.new_report(user=self.accountant)

    def test_shared_report_figures_are_computed_for_each_user(self):
        other_org = self.env["res.company"].create({"name": "Other cell"})
        outsider = self.new_parcours_user(
            "other_manager", "parcours_base.group_parcours_manager", company=other_org
        )
        report = self.new_report()
        report.user_id = False
        report.with_user(self.manager).action_compute()
        self.assertIn(report, self.env["parcours.report"].with_user(outsider).search([]))
        # The other organisation's manager sees none of this organisation's figures. (The
        # cache of a one2many is shared between users; each request of a real server has
        # its own, so each check here reads the database again.)
        report.invalidate_recordset(["result_ids"])
        self.assertFalse(report.with_user(outsider).result_ids)
        report.with_user(outsider).action_compute()
        report.invalidate_recordset(["result_ids"])
        self.assertFalse(report.with_user(outsider).result_ids.filtered("numerator"))
        report.invalidate_recordset(["result_ids"])
        self.assertTrue(report.with_user(self.manager).result_ids.filtered("numerator"))
        # A shared report is changed by administrators only, and never sent monthly.
        with self.assertRaises(AccessError):
            report.with_user(self.manager).name = "Renamed"
        with self.assertRaises(ValidationError):
            report.sudo().monthly_delivery = True

    def test_custom_indicator_without_code(self):
        admin = self.new_parcours_user("parcours_admin", "parcours_base.group_parcours_admin")
        with Form(self.env["parcours.indicator"].with_user(admin)) as form:
            form.name = "Urgent requests"
            form.code = "URGENT"
            form.domain = "[('priority', '=', '1')]"
            form.period_field = "request_date"
        self.pathways[1:3].write({"priority": "1"})
        report = self.new_report()
        report.indicator_ids = [Command.link(form.record.id)]
        self.assertEqual(self.report_figures(report)[("URGENT", "(none)")], 2)

    def test_totals_add_only_what_adds_up(self):
        report = self.new_report("sex")
        action = report.action_compute()
        Result = self.env["parcours.report.result"].with_user(self.manager)
        totals = {
            indicator.code: value
            for indicator, value in (
                (self.env["parcours.indicator"].browse(row["indicator_id"][0]), row["value"])
                for row in Result.read_group(
                    action["domain"], ["value:sum"], ["indicator_id"], lazy=False
                )
            )
        }
        # Counts and sums add up; a rate and an average are recomputed on the whole
        # population (3 inclusions out of 4 requests, not 100 % + 50 %); a median is not.
        self.assertEqual(totals["REQUESTS"], 4)
        self.assertEqual(totals["INCLUSION_RATE"], 75.0)
        self.assertEqual(totals["DELAY_REQUEST_INCLUSION"], 20.0)
        self.assertIs(totals["DELAY_REQUEST_INCLUSION_MEDIAN"], False)
        self.assertEqual(totals["ENCOUNTER_MINUTES"], 45.0)
        # Figures of different indicators (counts, %, days) have no total.
        [grand_total] = Result.read_group(action["domain"], ["value:sum"], [], lazy=False)
        self.assertIs(grand_total["value"], False)
        units = {
            result.indicator_id.code: result.unit for result in Result.search(action["domain"])
        }
        self.assertEqual(units["REQUESTS"], "count")
        self.assertEqual(units["INCLUSION_RATE"], "percent")
        self.assertEqual(units["DELAY_REQUEST_INCLUSION"], "days")

    def test_average_total_weighs_each_value(self):
        report = self.new_report("month")
        action = report.action_compute()
        # Inclusion delays by month of request: January 10 and 20 days, February 30 days.
        [row] = (
            self.env["parcours.report.result"]
            .with_user(self.manager)
            .read_group(
                [
                    *action["domain"],
                    ("indicator_id.code", "=", "DELAY_REQUEST_INCLUSION"),
                ],
                ["value:sum"],
                [],
                lazy=False,
            )
        )
        self.assertEqual(row["value"], 20.0)  # (10 + 20 + 30) / 3, not (15 + 30) / 2

    def test_chart_shows_one_unit(self):
        action = self.new_report().action_chart()
        self.assertEqual(action["views"][0][1], "graph")
        self.assertEqual(action["context"], {"search_default_unit_count": 1})

    @freeze_time("2026-11-29")
    def test_periods_default_to_calendar_ones(self):
        form = Form(self.env["parcours.report"].with_user(self.manager))
        form.name = "Calendar"
        form.programme_ids.add(self.programme)
        form.indicator_ids.add(self.env.ref("parcours_base.indicator_requests"))
        self.assertEqual(form.period, "quarter")
        self.assertEqual((str(form.date_from), str(form.date_to)), ("2026-10-01", "2026-12-31"))
        form.period = "month"
        self.assertEqual((str(form.date_from), str(form.date_to)), ("2026-10-01", "2026-10-31"))
        form.period = "year"
        self.assertEqual((str(form.date_from), str(form.date_to)), ("2026-01-01", "2026-12-31"))
        report = form.save()
        self.assertEqual(report.date_to.isoformat(), "2026-12-31")

    def test_an_indicator_counts_only_its_programme(self):
        other = self.create_programme("Other programme", "OTHER")
        self.create_pathway(
            patient=self.create_patient("Otherone", "P"),
            team=(self.gp_user,),
            programme=other,
            request_date="2026-02-01",
        )
        only_ours = self.env.ref("parcours_base.indicator_requests").copy(
            {"code": "REQUESTS_OURS", "programme_ids": [Command.set(self.programme.ids)]}
        )
        everyone = self.env.ref("parcours_base.indicator_requests")
        report = self.new_report("programme")
        report.programme_ids = self.programme | other
        report.indicator_ids = only_ours | everyone
        figures = self.report_figures(report)
        self.assertEqual(figures[("REQUESTS", "Other programme")], 1)
        self.assertEqual(figures[("REQUESTS", "Test programme")], 4)
        self.assertEqual(figures[("REQUESTS_OURS", "Test programme")], 4)
        self.assertNotIn(("REQUESTS_OURS", "Other programme"), figures)

    def test_an_indicator_of_two_programmes_counts_both_and_not_a_third(self):
        second = self.create_programme("Second programme", "SECOND")
        third = self.create_programme("Third programme", "THIRD")
        for number, programme in enumerate((second, third, third)):
            self.create_pathway(
                patient=self.create_patient("Elsewhere%d" % number, "P"),
                team=(self.gp_user,),
                programme=programme,
                request_date="2026-02-0%d" % (number + 1),
            )
        two = self.env.ref("parcours_base.indicator_requests").copy(
            {
                "code": "REQUESTS_TWO",
                "programme_ids": [Command.set((self.programme | second).ids)],
            }
        )
        report = self.new_report("programme")
        report.programme_ids = self.programme | second | third
        report.indicator_ids = two
        self.assertEqual(
            self.report_figures(report),
            {("REQUESTS_TWO", "Test programme"): 4, ("REQUESTS_TWO", "Second programme"): 1},
        )
        report.breakdown = "none"
        self.assertEqual(self.report_figures(report), {("REQUESTS_TWO", "(none)"): 5})
        # The workbook counts the same and names the programmes the indicator applies to.
        report.breakdown = "programme"
        book = self.report_workbook(report)
        applies = {row[0].value: row[2].value for row in book["Report"].iter_rows(min_row=2)}
        self.assertEqual(applies[two.name], "Second programme, Test programme")
        rows = {
            row[1].value: row[2].value
            for sheet in book.worksheets[1:-1]
            for row in sheet.iter_rows(min_row=2)
        }
        self.assertEqual(rows, {"Test programme": 4, "Second programme": 1})
        # A report over the third programme only: the indicator counts nothing there.
        report.programme_ids = third
        self.assertEqual(self.report_figures(report), {})

    def test_workbook_formats_units_and_titles_charts(self):
        report = self.new_report()
        action = report.action_export_xlsx()
        raw = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0])).raw
        book = openpyxl.load_workbook(io.BytesIO(raw))
        # The period's first and last days are dates (the labels are in the user's language).
        dates = [
            row[1].value.date().isoformat()
            for row in book["Report"].iter_rows(min_row=2)
            if row[1].is_date
        ]
        self.assertEqual(dates[:2], ["2026-01-01", "2026-03-31"])
        formats = {
            row[0].value: (row[4].value, row[4].number_format)
            for sheet in book.worksheets[1:-1]
            for row in sheet.iter_rows(min_row=2)
        }

        def name(code):
            return self.env.ref("parcours_base.indicator_" + code).with_env(report.env).name

        self.assertEqual(formats[name("inclusion_rate")], (75.0, '0.00" %"'))
        self.assertEqual(formats[name("requests")], (4, "#,##0"))
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            charts = [
                archive.read(name).decode()
                for name in archive.namelist()
                if name.startswith("xl/charts/chart")
            ]
        self.assertTrue(charts)
        self.assertTrue(all("<c:title>" in chart for chart in charts))
