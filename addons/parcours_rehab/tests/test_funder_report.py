from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError

from .common import RehabCase


class TestFunderReport(RehabCase):
    """The shipped "indicators and targets" report, computed by a manager over 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The figures are the test's own: demo pathways may fall in 2026.
        cls.env["parcours.pathway"].search([]).action_archive()
        with freeze_time("2026-01-20"):
            # File complete on 20 January: started 20 and 48 days later (target: 28).
            cls.done = cls.include_rehab(cls.create_rehab_pathway(), start="2026-02-09")
            cls.running = cls.include_rehab(cls.create_rehab_pathway(), start="2026-03-09")
            cls.reoriented = cls.create_rehab_pathway()
            cls.reoriented.action_submit_request()
            cls.complete_file(cls.reoriented)
            cls.reoriented.with_user(cls.director_user).action_rehab_propose_smr()
        measurements = []
        for pathway, w12, satisfaction in ((cls.done, 4.5, "8"), (cls.running, 3.1, "6")):
            for kind, score, endurance in (("w0", 3.0, 300), ("w12", w12, 500)):
                measurements.append(
                    {
                        "pathway_id": pathway.id,
                        "kind": kind,
                        "date": "2026-05-04",
                        "crq_dyspnoea": score,
                        "crq_fatigue": score,
                        "crq_emotion": score,
                        "crq_mastery": score,
                        "endurance_seconds": endurance,
                    }
                )
            measurements.append(
                {
                    "pathway_id": pathway.id,
                    "kind": "w6",
                    "date": "2026-03-30",
                    "satisfaction": satisfaction,
                }
            )
        cls.env["parcours.rehab.assessment"].create(measurements)
        cls.done.write({"rehab_hospital_days_before": 12, "rehab_hospital_days_after": 3})
        consultation = cls.env.ref("parcours_base.encounter_kind_consultation")
        cls.env["parcours.encounter"].create(
            [
                {
                    "pathway_id": pathway.id,
                    "partner_id": cls.referent_user.partner_id.id,
                    "kind_id": consultation.id,
                    "mode": mode,
                    "start": start,
                    "state": state,
                }
                for pathway, mode, start, state in (
                    (cls.running, "phone", datetime(2026, 4, 1, 10), "done"),
                    (cls.done, "video", datetime(2026, 4, 2, 10), "done"),
                    (cls.done, "phone", datetime(2026, 4, 9, 10), "planned"),
                )
            ]
        )
        cls.env["parcours.incident"].create(
            {
                "pathway_id": cls.running.id,
                "date": "2026-03-20",
                "type_id": cls.env.ref("parcours_rehab.incident_type_musculoskeletal").id,
                "decision": "continue",
            }
        )
        with freeze_time("2027-02-08"):
            cls.done._close(cls.rehab.rehab_completed_end_reason_id, date(2027, 2, 8))
        cls.report = cls.env.ref("parcours_rehab.report_rehab").with_user(cls.manager)
        cls.report.date_from = "2026-01-01"
        cls.expected = {
            "REQUESTS": 3,
            "REHAB_STARTED": 2,
            "REHAB_COMPLETED": 1,
            "REHAB_COMPLETION_RATE": 50.0,
            "REHAB_START_DELAY": 34.0,
            "REHAB_LATE_STARTS": 1,
            "REHAB_CRQ_RATE": 50.0,
            "REHAB_ENDURANCE_RATE": 100.0,
            "REHAB_SMR_RATE": 33.33,
            "REHAB_HOSPITAL_DAYS_BEFORE": 12,
            "REHAB_HOSPITAL_DAYS_AFTER": 3,
            "REHAB_REMOTE_PHONE": 1,
            "REHAB_REMOTE_VIDEO": 1,
            "REHAB_SATISFACTION": 7.0,
            "INCIDENTS": 1,
        }

    def test_shipped_report_gives_the_rehab_figures(self):
        self.assertEqual(self.report.date_to.isoformat(), "2026-12-31")
        self.report.action_compute()
        figures = {result.indicator_id.code: result.value for result in self.report.result_ids}
        self.assertEqual(figures, self.expected)

    def test_workbook_holds_the_same_figures_and_targets(self):
        book = self.report_workbook(self.report)
        self.assertEqual(
            set(book.sheetnames),
            {"Report", "Activity", "Delays", "Outcomes", "Remote follow-up", "Raw rows"},
        )
        title = {row[0]: row[1] for row in book["Report"].values}
        self.assertEqual(title["Report"], "Home respiratory rehabilitation: indicators and targets")
        self.assertIn("220 programmes in year N", title["Programmes started"])
        names = {indicator.name: indicator.code for indicator in self.report.indicator_ids.sudo()}
        figures = {
            names[row[0]]: row[4]
            for sheet in book.sheetnames[1:-1]
            for row in list(book[sheet].values)[1:]
        }
        self.assertEqual(figures, self.expected)
        targets = {
            names[row[0]]: row[5]
            for sheet in book.sheetnames[1:-1]
            for row in list(book[sheet].values)[1:]
            if row[5] is not None
        }
        self.assertEqual(targets, {"REHAB_STARTED": 220, "REHAB_START_DELAY": 28})

    def test_a_rehab_indicator_shows_nothing_on_the_msma_row(self):
        msma = self.create_programme("MSMA", "MSMA_REPORT")
        with freeze_time("2026-02-02"):
            for number in range(2):
                self.include(
                    self.create_pathway(
                        patient=self.create_patient("Microstructure%d" % number, "P"),
                        team=(self.gp_user, self.psychologist_user),
                        programme=msma,
                        request_date="2026-01-15",
                    )
                )
        started = self.env.ref("parcours_rehab.indicator_rehab_started")
        inclusions = self.env.ref("parcours_base.indicator_inclusions")
        report = (
            self.env["parcours.report"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Rehab and MSMA",
                    "programme_ids": [Command.set((self.rehab | msma).ids)],
                    "period": "year",
                    "date_from": "2026-01-01",
                    "breakdown": "programme",
                    "indicator_ids": [Command.set((started | inclusions).ids)],
                }
            )
        )
        rehab = self.rehab.name
        self.assertEqual(
            self.report_figures(report),
            {("REHAB_STARTED", rehab): 2, ("INCLUSIONS", rehab): 2, ("INCLUSIONS", "MSMA"): 2},
        )
        # Rehab's yearly target stands beside rehab's figure only, on screen and in the workbook.
        self.assertEqual(
            {result.breakdown_value for result in report.result_ids if result.target == 220},
            {rehab},
        )
        book = self.report_workbook(report)
        rows = {
            (row[0], row[1]): (row[4], row[5])
            for sheet in book.sheetnames[1:-1]
            for row in list(book[sheet].values)[1:]
        }
        self.assertEqual(
            rows,
            {
                (started.name, rehab): (2, 220),
                (inclusions.name, rehab): (2, None),
                (inclusions.name, "MSMA"): (2, None),
            },
        )

    def test_professional_cannot_read_the_report(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.referent_user).read(["name"])
