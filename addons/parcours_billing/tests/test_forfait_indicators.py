from odoo.exceptions import AccessError
from odoo.tests import Form

from .common import BillingCase


class TestForfaitIndicators(BillingCase):
    """A manager reports the forfaits accrued in 2026, by component and by beneficiary."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.full = cls.included_pathway()
        cls.partial = cls.included_pathway(consultations=3)
        for day in ("2026-03-02", "2026-06-01", "2026-09-01", "2026-12-01"):
            cls.validated_rcp(day + " 14:00:00")
        cls.env["parcours.payout.run"].with_user(cls.accountant).create(
            {"programme_id": cls.programme.id, "date_from": "2027-01-01", "date_to": "2027-01-31"}
        ).action_compute()

    def new_report(self, breakdown, user=None):
        form = Form(self.env["parcours.report"].with_user(user or self.manager))
        form.name = "Forfaits 2026"
        form.programme_ids.add(self.programme)
        form.period = "year"
        form.date_from = "2026-01-01"
        form.breakdown = breakdown
        for code in ("accrued", "paid", "retained"):
            form.indicator_ids.add(self.env.ref("parcours_billing.indicator_forfaits_" + code))
        return form.save()

    def test_amounts_accrued_in_total_by_component_and_by_beneficiary(self):
        total = self.report_figures(self.new_report("none"))
        # Two patient years of 529 EUR; nothing is paid yet; coordination is kept (2 x 92).
        self.assertEqual(
            total,
            {("FORFAITS_ACCRUED", "(none)"): 1058.0, ("FORFAITS_RETAINED", "(none)"): 184.0},
        )
        by_component = self.report_figures(self.new_report("forfait_component"))
        self.assertEqual(by_component[("FORFAITS_ACCRUED", "Psychologist consultations")], 360.0)
        self.assertEqual(
            by_component[("FORFAITS_ACCRUED", "Balance to the partner structure")], 90.0
        )
        self.assertEqual(by_component[("FORFAITS_ACCRUED", "Medical coordination")], 108.0)
        by_beneficiary = self.report_figures(self.new_report("forfait_beneficiary"))
        psychologist = self.psychologist_user.partner_id.name
        self.assertEqual(by_beneficiary[("FORFAITS_ACCRUED", psychologist)], 372.0)
        self.assertEqual(by_beneficiary[("FORFAITS_ACCRUED", "CSAPA Test")], 480.0)

    def test_workbook_holds_the_amounts_without_naming_patients(self):
        report = self.new_report("forfait_component")
        book = self.report_workbook(report)
        self.assertEqual(book.sheetnames, ["Report", "Forfaits", "Raw rows"])
        accrued = {
            row[1]: row[4] for row in book["Forfaits"].values if row[0] == "Forfaits accrued"
        }
        self.assertEqual(accrued["Psychologist consultations"], 360.0)
        self.assertEqual(accrued["Travel"], 10.0)
        self.assertEqual(sum(accrued.values()), 1058.0)
        cells = " ".join(
            str(cell) for sheet in book for row in sheet.values for cell in row if cell
        )
        for pathway in self.full | self.partial:
            self.assertNotIn(pathway.patient_id.birth_name, cells)

    def test_accountant_cannot_run_reports_but_a_manager_can(self):
        with self.assertRaises(AccessError):
            self.new_report("none", user=self.accountant)
        report = self.new_report("forfait_beneficiary")
        with self.assertRaises(AccessError):
            report.with_user(self.accountant).read(["name"])
        with self.assertRaises(AccessError):
            report.with_user(self.gp_user).read(["name"])
        self.assertTrue(self.report_figures(report))
