import io
import json

import openpyxl

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestExportXlsx(HttpCase):
    """The list view's Export to xlsx writes text as text, never as a formula."""

    def export(self, login, model, records, names):
        self.authenticate(login, login)
        response = self.url_open(
            "/web/export/xlsx",
            data={
                "data": json.dumps(
                    {
                        "model": model,
                        "fields": [{"name": name, "label": name} for name in names],
                        "ids": records.ids,
                        "domain": [],
                        "groupby": [],
                        "import_compat": False,
                    }
                ),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        return openpyxl.load_workbook(io.BytesIO(response.content)).active

    def test_a_patient_named_like_a_formula_is_exported_as_text(self):
        new_test_user(
            self.env,
            login="export_coordinator",
            groups="parcours_base.group_parcours_coordinator,base.group_allow_export",
        )
        patient = self.env["parcours.patient"].create(
            {
                "birth_name": '=HYPERLINK("x")',
                "first_names": "+33 6 12",
                "birth_date": "1980-05-17",
                "sex": "female",
                "company_id": self.env.company.id,
            }
        )
        sheet = self.export(
            "export_coordinator", "parcours.patient", patient, ["birth_name", "first_names"]
        )
        for cell, typed in ((sheet["A2"], '=HYPERLINK("x")'), (sheet["B2"], "+33 6 12")):
            self.assertEqual(cell.data_type, "s")
            self.assertEqual(cell.value, typed)

    def test_a_core_record_is_exported_as_text_for_a_plain_user(self):
        # Not only Parcours records: every export of the database, by anyone.
        new_test_user(
            self.env, login="export_employee", groups="base.group_user,base.group_allow_export"
        )
        partner = self.env["res.partner"].create({"name": "=1+1", "street": "@SUM(A1)"})
        sheet = self.export("export_employee", "res.partner", partner, ["name", "street"])
        self.assertEqual((sheet["A2"].data_type, sheet["A2"].value), ("s", "=1+1"))
        self.assertEqual((sheet["B2"].data_type, sheet["B2"].value), ("s", "@SUM(A1)"))
