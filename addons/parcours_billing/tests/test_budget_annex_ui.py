import io

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import BillingCase
from .test_budget_annex import create_funder_table


@tagged("post_install", "-at_install")
class TestBudgetAnnexUi(HttpCase, BillingCase):
    """The manager's budget annex in the browser, on the fictitious funder table of
    test_budget_annex: on screen, then the downloaded workbook read back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.password = "test_manager"
        create_funder_table(cls)

    def test_manager_shows_and_downloads_the_annex(self):
        self.name_in_every_language(self.programme, "Test programme")
        self.name_in_every_language(self.rule, "Test annual forfait")
        self.start_tour(
            "/odoo/action-parcours_base.parcours_report_action",
            "parcours_budget_annex_tour",
            login="test_manager",
        )
        annex = self.env["parcours.budget.annex"].search([("create_uid", "=", self.manager.id)])
        self.assertEqual(len(annex), 1, "the annex the manager opened in the browser")
        self.assertEqual((annex.programme_id, annex.rule_id), (self.programme, self.rule))
        self.assertEqual((annex.first_year, annex.year_count), (2027, 3))
        # The workbook the button offered, downloaded again with the manager's session.
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", annex._name), ("res_id", "=", annex.id)]
        )
        self.assertEqual(len(attachment), 1)
        self.authenticate("test_manager", "test_manager")
        response = self.url_open("/web/content/%d?download=true" % attachment.id)
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            [row[:3] for row in rows[4:8]],
            [
                ("Besseges", 2017, 1),
                ("Laguiole", 2017, 1),
                ("Realmont", 2025, 1),
                ("Lunel", None, 1),
            ],
        )
        self.assertEqual(
            rows[8][1:12], (2027, 3, 90, 47610, 135, 71415, 150, 79350, 375, 198375, 6500)
        )
        self.assertEqual(rows[9][1:12], (2028, 2, 0, 0, 60, 31740, 90, 47610, 150, 79350, 4000))
        self.assertEqual(
            rows[10][2:12], (9, 270, 141670, 377, 199433, 375, 198375, 1022, 539478, 10500)
        )
