from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from ..models.parcours_encounter import EXPORT_FIELDS
from .common import ParcoursCase


class TestEncounter(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.create_pathway(
            team=(cls.gp_user, cls.psychologist_user), request_date="2026-01-02"
        )
        cls.consultation = cls.env.ref("parcours_base.encounter_kind_consultation")

    def test_quick_entry_by_a_professional(self):
        with freeze_time("2026-02-03 10:00"):
            form = Form(
                self.env["parcours.encounter"]
                .with_user(self.psychologist_user)
                .with_context(default_pathway_id=self.pathway.id)
            )
            form.kind_id = self.env.ref("parcours_base.encounter_kind_phone_call")
            encounter = form.save()
        self.assertEqual(encounter.partner_id, self.psychologist_user.partner_id)
        self.assertEqual(encounter.profession_id, self.psychologist_profession)
        self.assertEqual(encounter.mode, "phone")
        self.assertEqual(encounter.duration, 20)
        encounter.action_mark_done()
        self.assertEqual(self.pathway.last_encounter_date.isoformat(), "2026-02-03")

    def test_encounter_outside_the_pathway_dates(self):
        with self.assertRefused(ValidationError, "outside the dates"):
            self.env["parcours.encounter"].create(
                {
                    "pathway_id": self.pathway.id,
                    "kind_id": self.consultation.id,
                    "start": datetime(2025, 12, 1, 9, 0),
                }
            )

    def test_negative_duration_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["parcours.encounter"].create(
                {
                    "pathway_id": self.pathway.id,
                    "kind_id": self.consultation.id,
                    "start": datetime(2026, 2, 1, 9, 0),
                    "duration": -10,
                }
            )

    def test_planned_encounter_goes_to_calendar_without_clinical_content(self):
        encounter = self.env["parcours.encounter"].create(
            {
                "pathway_id": self.pathway.id,
                "kind_id": self.consultation.id,
                "partner_id": self.gp_user.partner_id.id,
                "start": datetime(2026, 3, 1, 9, 0),
                "clinical_note": "<p>Relapse</p>",
            }
        )
        encounter.action_add_to_calendar()
        event = encounter.calendar_event_id
        self.assertEqual(event.partner_ids, self.gp_user.partner_id)
        self.assertNotIn(self.pathway.patient_id.birth_name, event.name)
        self.assertFalse(event.description)

    def test_clinical_notes_only_for_the_care_team(self):
        encounter = self.env["parcours.encounter"].create(
            {
                "pathway_id": self.pathway.id,
                "kind_id": self.consultation.id,
                "start": datetime(2026, 3, 1, 9, 0),
                "clinical_note": "<p>Relapse</p>",
            }
        )
        self.assertIn("Relapse", encounter.with_user(self.gp_user).clinical_note)
        outsider = self.new_parcours_user("outsider", "parcours_base.group_parcours_professional")
        with self.assertRaises(AccessError):
            encounter.with_user(outsider).read(["clinical_note"])
        # Managers read activity figures, never the notes.
        self.assertEqual(encounter.with_user(self.manager).duration, 60)
        with self.assertRaises(AccessError):
            encounter.with_user(self.manager).read(["clinical_note"])

    def test_export_refuses_encounters_of_another_organisation(self):
        encounter = self.env["parcours.encounter"].create(
            {"pathway_id": self.pathway.id, "kind_id": self.consultation.id, "state": "done"}
        )
        other_org = self.env["res.company"].create({"name": "Other cell"})
        outsider = self.new_parcours_user(
            "other_manager", "parcours_base.group_parcours_manager", company=other_org
        )
        with self.assertRaises(AccessError):
            encounter.with_user(outsider)._xlsx_export()

    def test_streamed_spreadsheet_export(self):
        import io

        import openpyxl

        encounters = self.env["parcours.encounter"].create(
            [
                {
                    "pathway_id": self.pathway.id,
                    "kind_id": self.consultation.id,
                    "start": datetime(2026, 3, day, 9, 0),
                    "duration": 30 + day,
                    "state": "done",
                }
                for day in (1, 2, 3)
            ]
        )
        self.pathway.programme_id.name = "=SUM(A1:A9)"
        content = encounters.with_user(self.manager)._xlsx_export()
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = list(sheet.values)
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0][0], "Date")
        self.assertEqual(sorted(row[8] for row in rows[1:]), [31, 32, 33])
        self.assertEqual(sheet["C2"].value, "=SUM(A1:A9)")
        self.assertEqual(sheet["C2"].data_type, "s")
        # The same cells as Odoo's own export of these fields, which keeps working.
        native = encounters.with_user(self.manager).export_data(EXPORT_FIELDS)["datas"]
        picked = (1, 2, 4, 6, 8, 9)
        self.assertEqual(
            sorted([row[i] for i in picked] for row in rows[1:]),
            sorted([row[i] for i in picked] for row in native),
        )
