import base64
import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from odoo.addons.parcours_base.tools.pseudonym import pseudonym

from .common import ParcoursCase


class TestEvaluationExport(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evaluator = cls.new_parcours_user(
            "evaluator",
            "parcours_base.group_parcours_manager,parcours_base.group_parcours_evaluation_export",
        )
        cls.programme.name = '=HYPERLINK("http://evil")'
        team = (cls.gp_user, cls.psychologist_user)
        with freeze_time("2026-02-10"):
            cls.agreed = cls.create_pathway(
                patient=cls.create_patient(
                    "Identifiable",
                    "Jeanne",
                    birth_date="1961-03-04",
                    phone="0611223344",
                    email="jeanne@example.com",
                    zip="34400",
                ),
                team=team,
                request_date="2026-02-01",
            )
            cls.include(cls.agreed)
            cls.agreed.consent_ids.covers_evaluation = True
            cls.refused = cls.include(cls.create_pathway(team=team, request_date="2026-02-01"))
            cls.withdrawn = cls.include(cls.create_pathway(team=team, request_date="2026-02-01"))
        cls.withdrawn.consent_ids.write({"covers_evaluation": True})
        cls.withdrawn.consent_ids.withdrawal_date = "2026-03-01"

    def export(self, user=None):
        export = (
            self.env["parcours.evaluation.export"]
            .with_user(user or self.evaluator)
            .create(
                {
                    "programme_ids": [self.programme.id],
                    "date_from": "2026-01-01",
                    "date_to": "2026-12-31",
                }
            )
        )
        export.action_generate()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file)))
        return export, book

    def test_only_consenting_patients_without_identifiers(self):
        export, book = self.export()
        rows = list(book["data"].values)
        header, data = rows[0], rows[1:]
        self.assertEqual(export.row_count, 1)
        self.assertEqual(len(data), 1)
        record = dict(zip(header, data[0], strict=False))
        self.assertEqual(record["birth_year"], 1961)
        self.assertEqual(record["age_band"], "50-75")
        self.assertEqual(record["department"], "34")
        self.assertEqual(record["inclusion_month"], "2026-02")
        cells = " ".join(str(value) for row in rows for value in row)
        for identifier in (
            "Identifiable",
            "IDENTIFIABLE",
            "Jeanne",
            "0611223344",
            "jeanne@example.com",
            "1961-03-04",
            "34400",
        ):
            self.assertNotIn(identifier, cells)
        self.assertEqual(next(book["dictionary"].values)[0], "column")

    def test_pseudonyms_are_stable_and_keyed(self):
        _export, first = self.export()
        _export, second = self.export()
        alias = list(first["data"].values)[1][0]
        self.assertEqual(alias, list(second["data"].values)[1][0])
        self.assertNotEqual(pseudonym("another key", self.agreed.patient_id.id), alias)
        key = self.env["ir.config_parameter"].sudo().get_param("parcours_base.evaluation_key")
        self.assertEqual(pseudonym(key, self.agreed.patient_id.id), alias)

    def test_key_is_not_readable_by_the_exporter(self):
        self.export()
        with self.assertRaises(AccessError):
            self.env["ir.config_parameter"].with_user(self.evaluator).search_read(
                [("key", "=", "parcours_base.evaluation_key")], ["value"]
            )

    def test_text_is_never_a_formula(self):
        _export, book = self.export()
        programme_cell = list(book["data"].values)[1][1]
        self.assertEqual(programme_cell, "TEST")
        self.programme.code = "=1+1"
        _export, book = self.export()
        cell = book["data"]["B2"]
        self.assertEqual(cell.value, "=1+1")
        self.assertEqual(cell.data_type, "s")

    def test_every_export_is_logged_and_locked(self):
        export, _book = self.export()
        self.assertEqual(export.user_id, self.evaluator)
        self.assertEqual(export.state, "done")
        with self.assertRefused(UserError, "log entry"):
            export.row_count = 0
        admin = self.new_parcours_user("auditor", "parcours_base.group_parcours_admin")
        self.assertIn(export, self.env["parcours.evaluation.export"].with_user(admin).search([]))

    def test_only_the_dedicated_group_exports(self):
        with self.assertRaises(AccessError):
            self.export(user=self.manager)
