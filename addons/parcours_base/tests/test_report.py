import io
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
