from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import MsmaCase


class TestFunderReport(MsmaCase):
    """The shipped "MSMA indicators" report, computed by a manager over 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_microstructure = cls.create_microstructure("MSP Other", cls.csapa)
        consultation = cls.env.ref("parcours_base.encounter_kind_consultation")
        with freeze_time("2025-03-01"):
            cls.older = cls.include_msma(cls.create_msma_pathway())
        with freeze_time("2026-01-12"):
            cls.seen = cls.include_msma(cls.create_msma_pathway())
            cls.social = cls.include_msma(cls.create_msma_pathway())
        with freeze_time("2026-02-02"):
            cls.other = cls.include_msma(
                cls.create_msma_pathway(microstructure=cls.other_microstructure)
            )
            cls.create_msma_pathway()  # requested, never included: not followed
        cls.env["parcours.encounter"].create(
            [
                {
                    "pathway_id": pathway.id,
                    "partner_id": user.partner_id.id,
                    "kind_id": consultation.id,
                    "start": start,
                    "state": state,
                }
                for pathway, user, start, state in (
                    (cls.seen, cls.psychologist_user, datetime(2026, 2, 10, 10), "done"),
                    (cls.social, cls.social_worker_user, datetime(2026, 12, 31, 16), "done"),
                    (cls.other, cls.psychologist_user, datetime(2026, 3, 1, 10), "planned"),
                    (cls.older, cls.psychologist_user, datetime(2025, 6, 1, 10), "done"),
                )
            ]
        )
        cls.seen.msma_assessment_ids.write({"rights_opened": True, "housing": True})
        cls.social.msma_assessment_ids.housing = True
        cls.env["parcours.msma.assessment"].create(
            {"pathway_id": cls.seen.id, "kind": "rcp", "date": "2026-04-01", "use_reduced": True}
        )
        # Demo data may hold other MSMA pathways: figures are read per test microstructure.
        cls.report = cls.env.ref("parcours_msma.report_msma").with_user(cls.manager)
        cls.report.date_from = "2026-01-01"

    def test_shipped_report_gives_the_msma_figures_by_microstructure(self):
        self.assertEqual(self.report.breakdown, "microstructure")
        self.assertEqual(self.report.date_to.isoformat(), "2026-12-31")
        figures = self.report_figures(self.report)
        expected = {
            # Three pathways followed in 2026 in MSP Test, one of them included in 2025.
            ("MSMA_FOLLOWED", "MSP Test"): 3,
            ("MSMA_FOLLOWED", "MSP Other"): 1,
            ("INCLUSIONS", "MSP Test"): 2,
            ("INCLUSIONS", "MSP Other"): 1,
            # A psychologist encounter done in 2026 (2025's does not count): 1 out of 3.
            ("MSMA_SEEN_PSYCHOLOGIST", "MSP Test"): 33.33,
            # A planned encounter is not a patient seen.
            ("MSMA_SEEN_PSYCHOLOGIST", "MSP Other"): 0.0,
            # The social worker's encounter on the last evening of the year counts.
            ("MSMA_SEEN_SOCIAL_WORKER", "MSP Test"): 33.33,
            ("MSMA_REVIEWED_RCP", "MSP Test"): 0.0,
            # Two inclusion assessments in 2026 and one at an RCP (2025's is out).
            ("MSMA_ASSESSMENTS", "MSP Test"): 3,
            ("MSMA_ASSESSMENTS", "MSP Other"): 1,
            ("MSMA_RIGHTS_OPENED", "MSP Test"): 33.33,
            ("MSMA_HOUSING", "MSP Test"): 66.67,
            ("MSMA_HOUSING", "MSP Other"): 0.0,
            ("MSMA_FAMILY_CONTACT", "MSP Test"): 0.0,
            ("MSMA_USE_REDUCED", "MSP Test"): 33.33,
            ("MSMA_USE_STOPPED", "MSP Test"): 0.0,
        }
        for key, value in expected.items():
            self.assertEqual(figures[key], value, key)

    def test_workbook_holds_the_same_figures(self):
        book = self.report_workbook(self.report)
        self.assertEqual(
            book.sheetnames,
            ["Report", "Activity", "Health", "Social", "Relational", "Risk reduction", "Raw rows"],
        )
        title = {row[0]: row[1] for row in book["Report"].values}
        self.assertEqual(title["Report"], "MSMA indicators")
        self.assertEqual(title["Breakdown"], "Microstructure")
        self.assertIn("not ended before its first day", title["Patients followed"])
        rows = {
            (row[0], row[1]): row[4]
            for sheet in ("Activity", "Health", "Social")
            for row in list(book[sheet].values)[1:]
        }
        self.assertEqual(rows[("Patients followed", "MSP Test")], 3)
        self.assertEqual(rows[("Patients followed", "MSP Other")], 1)
        self.assertEqual(rows[("Patients seen by a psychologist (%)", "MSP Test")], 33.33)
        self.assertEqual(rows[("Stable housing (%)", "MSP Test")], 66.67)

    def test_professional_cannot_read_the_report(self):
        with self.assertRaises(AccessError):
            self.report.with_user(self.gp_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["parcours.report"].with_user(self.psychologist_user).search([])
