import io
from datetime import date, datetime, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ParcoursCase


class IntegrityCase(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = (cls.gp_user, cls.psychologist_user)
        cls.pathway = cls.create_pathway(team=cls.team, request_date="2026-01-05")
        cls.included = cls.include(cls.create_pathway(team=cls.team, request_date="2026-01-05"))
        cls.encounter_kind = cls.env.ref("parcours_base.encounter_kind_consultation")


@freeze_time("2026-02-10")
class TestLifecycleFields(IntegrityCase):
    """Lifecycle facts are written by their actions only, whatever a client sends."""

    def test_professional_cannot_include_by_writing_state(self):
        pathway = self.pathway.with_user(self.gp_user)
        for values in (
            {"state": "included", "inclusion_date": "2026-01-06"},
            {"inclusion_date": "2026-01-06"},
            {"planned_end_date": "2027-01-01"},
            {"active": False},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                pathway.write(values)
        self.assertEqual(self.pathway.state, "draft")

    def test_coordinator_cannot_reset_or_redate_an_included_pathway(self):
        pathway = self.included.with_user(self.coordinator)
        for values in (
            {"state": "draft"},
            {"inclusion_date": False},
            {"request_date": "2025-01-01"},
            {"patient_id": self.create_patient().id},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                pathway.write(values)
        self.assertEqual(self.included.state, "included")

    def test_pathway_cannot_be_created_included(self):
        patient = self.create_patient()
        with self.assertRaises(UserError):
            self.env["parcours.pathway"].with_user(self.coordinator).create(
                {
                    "patient_id": patient.id,
                    "programme_id": self.programme.id,
                    "state": "included",
                    "inclusion_date": "2026-01-06",
                }
            )

    def test_included_pathway_is_never_deleted(self):
        with self.assertRaises(UserError):
            self.included.with_user(self.coordinator).unlink()
        with self.assertRaises(UserError):
            self.included.unlink()  # not even by the superuser

    def test_encounters_never_go_with_a_deleted_pathway(self):
        self.env["parcours.encounter"].create(
            {
                "pathway_id": self.pathway.id,
                "kind_id": self.encounter_kind.id,
                "start": datetime(2026, 1, 20, 10, 0),
            }
        )
        with self.assertRaises(UserError):
            self.pathway.with_user(self.coordinator).unlink()

    def test_archiving_is_an_action_of_coordinators_on_ended_pathways(self):
        with self.assertRaises(AccessError):
            self.included.with_user(self.gp_user).action_archive()
        with self.assertRaises(UserError):
            self.included.with_user(self.coordinator).action_archive()
        reason = self.programme.end_reason_ids[:1]
        self.included._close(reason, date(2026, 2, 10))
        self.included.with_user(self.coordinator).action_archive()
        self.assertFalse(self.included.active)

    def test_lifecycle_actions_are_for_coordinators(self):
        with self.assertRaises(AccessError):
            self.included.with_user(self.gp_user).action_suspend()
        self.included.with_user(self.coordinator).action_suspend()
        self.assertEqual(self.included.state, "suspended")

    def test_approval_is_recorded_by_the_approver_only(self):
        role = self.programme.role_ids.filtered(lambda r: r.profession_id == self.gp_profession)
        for user in (self.psychologist_user, self.coordinator):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.env["parcours.inclusion.approval"].with_user(user).create(
                    {"pathway_id": self.pathway.id, "role_id": role.id, "user_id": self.gp_user.id}
                )
        self.pathway.with_user(self.gp_user).action_approve_inclusion()
        approval = self.pathway.approval_ids
        self.assertEqual(approval.user_id, self.gp_user)
        with self.assertRaises(UserError):
            approval.with_user(self.coordinator).write({"user_id": self.coordinator.id})
        with self.assertRaises(UserError):
            approval.with_user(self.psychologist_user).unlink()

    def test_incident_decision_only_through_its_action(self):
        incident = self.env["parcours.incident"].create(
            {
                "pathway_id": self.included.id,
                "date": "2026-02-01",
                "type_id": self.env["parcours.incident.type"].search([], limit=1).id,
                "decision": "continue",
            }
        )
        with self.assertRaises(AccessError):
            incident.with_user(self.gp_user).action_apply_decision()
        incident.with_user(self.coordinator).action_apply_decision()
        self.assertEqual(incident.decided_by_id, self.coordinator)
        for values in (
            {"decided_by_id": self.gp_user.id},
            {"decision_date": "2026-01-01"},
            {"state": "open"},
            {"decision": "interrupt"},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                incident.with_user(self.coordinator).write(values)


@freeze_time("2026-02-10")
class TestLocks(IntegrityCase):
    """Validated care plans and minutes change only through a new version or meeting."""

    def test_validated_care_plan_is_locked_without_any_context_key(self):
        plan = self.env["parcours.care.plan"].create({"pathway_id": self.included.id})
        plan._validate()
        for context in ({}, {"parcours_care_plan_lifecycle": True}):
            as_coordinator = plan.with_user(self.coordinator).with_context(**context)
            with self.subTest(context=context), self.assertRaises(UserError):
                as_coordinator.write({"note": "<p>rewritten</p>"})
            with self.subTest(context=context), self.assertRaises(UserError):
                as_coordinator.write({"state": "draft"})
        with self.assertRaises(UserError):
            plan.with_user(self.coordinator).unlink()
        self.included.with_user(self.coordinator).action_new_care_plan()
        self.assertEqual(plan.state, "validated")  # the original stays, a new draft comes
        self.assertEqual(len(self.included.care_plan_ids), 2)

    def test_validated_minutes_are_locked_without_any_context_key(self):
        rcp = self.env["parcours.rcp"].create(
            {
                "name": "RCP",
                "date": datetime(2026, 2, 2, 14, 0),
                "programme_ids": [Command.set(self.programme.ids)],
                "attendee_ids": [Command.create({"partner_id": self.gp_user.partner_id.id})],
            }
        )
        rcp.with_user(self.coordinator).action_hold()
        rcp.with_user(self.coordinator).action_validate()
        coordinator = self.env(user=self.coordinator, context={"parcours_rcp_lifecycle": True})
        with self.assertRaises(UserError):
            rcp.with_env(coordinator).write({"general_notes": "<p>rewritten</p>"})
        with self.assertRaises(UserError):
            rcp.with_env(coordinator).write({"state": "held"})
        with self.assertRaises(UserError):
            rcp.attendee_ids.with_env(coordinator).write({"minutes_attended": 60})


@freeze_time("2026-02-10")
class TestEncounterAuthorship(IntegrityCase):
    def test_a_colleague_cannot_rewrite_an_encounter(self):
        encounter = (
            self.env["parcours.encounter"]
            .with_user(self.psychologist_user)
            .create(
                {
                    "pathway_id": self.included.id,
                    "kind_id": self.encounter_kind.id,
                    "start": datetime(2026, 2, 3, 10, 0),
                    "clinical_note": "<p>first interview</p>",
                }
            )
        )
        for values in (
            {"clinical_note": "<p>rewritten</p>"},
            {"partner_id": self.gp_user.partner_id.id},
            {"duration": 5},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                encounter.with_user(self.gp_user).write(values)
        with self.assertRaises(AccessError):
            encounter.with_user(self.coordinator).write({"clinical_note": "<p>x</p>"})
        with self.assertRaises(UserError):
            encounter.with_user(self.psychologist_user).write({"state": "done"})
        encounter.with_user(self.psychologist_user).action_mark_done()
        self.assertEqual(encounter.state, "done")


@freeze_time("2026-02-10")
class TestBadInput(IntegrityCase):
    """Bad input is refused with a clear error, never a database error."""

    def test_patient_names_and_birth_dates(self):
        Patient = self.env["parcours.patient"].with_user(self.coordinator)
        base = {"birth_name": "Durand", "first_names": "Anne", "birth_date": "1970-01-01"}
        for values in (
            {"birth_name": "   "},
            {"first_names": "\t"},
            {"birth_date": "1899-12-31"},
            {"birth_date": "2026-02-11"},
            {"birth_name": "D" * 5000},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                Patient.create(dict(base, **values))
        patient = Patient.create(dict(base, birth_name="=HYPERLINK(1)"))
        self.assertEqual(patient.birth_name, "=HYPERLINK(1)")

    def test_encounter_dates_and_durations(self):
        Encounter = self.env["parcours.encounter"].with_user(self.gp_user)
        base = {
            "pathway_id": self.included.id,
            "kind_id": self.encounter_kind.id,
            "start": datetime(2026, 2, 3, 10, 0),
        }
        far = fields.Datetime.now() + timedelta(days=800)
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        for values in (
            {"duration": 2**31},
            {"duration": -5},
            {"duration": 100000},
            {"start": far},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                Encounter.create(dict(base, **values))
        Encounter.create(dict(base, start=tomorrow))  # planned: fine

    def test_attendance_within_the_meeting(self):
        rcp = self.env["parcours.rcp"].create(
            {
                "name": "RCP",
                "date": datetime(2026, 2, 2, 14, 0),
                "duration": 1.5,
                "programme_ids": [Command.set(self.programme.ids)],
            }
        )
        Attendee = self.env["parcours.rcp.attendee"].with_user(self.coordinator)
        for minutes in (91, 6000, 2**40):
            with self.subTest(minutes=minutes), self.assertRaises(ValidationError):
                Attendee.create(
                    {
                        "rcp_id": rcp.id,
                        "partner_id": self.gp_user.partner_id.id,
                        "minutes_attended": minutes,
                    }
                )
        with self.assertRaises(ValidationError):
            rcp.with_user(self.coordinator).write({"duration": 100000})


@tagged("post_install", "-at_install")
class TestCoreOverridesForPlainUsers(ParcoursCase):
    """Users who never see Parcours keep core behaviour on core records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, login="plain_employee", groups="base.group_user")

    def test_plain_user_marks_any_activity_done(self):
        partner = self.env["res.partner"].create({"name": "Supplier"})
        activity = partner.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.employee.id
        )
        activity.with_user(self.employee).action_feedback(feedback="done")
        self.assertFalse(activity.exists())

    def test_accountant_marks_activity_done(self):
        partner = self.env["res.partner"].create({"name": "Supplier"})
        activity = partner.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.accountant.id
        )
        activity.with_user(self.accountant).action_done()
        self.assertFalse(activity.exists())

    def test_plain_user_edits_own_preferences(self):
        # res.users and res.partner carry no Parcours override but the partner fields:
        # a plain user still saves their own preferences.
        self.employee.with_user(self.employee).write({"email": "e@example.com", "tz": "UTC"})
        self.assertEqual(self.employee.partner_id.email, "e@example.com")


@freeze_time("2026-02-10")
class TestTimeline(IntegrityCase):
    def test_member_who_missed_the_rcp_reads_the_timeline(self):
        rcp = self.env["parcours.rcp"].create(
            {
                "name": "RCP February",
                "date": datetime(2026, 2, 2, 14, 0),
                "programme_ids": [Command.set(self.programme.ids)],
                "attendee_ids": [Command.create({"partner_id": self.gp_user.partner_id.id})],
            }
        )
        rcp.action_propose_agenda()
        rcp.record_decision(self.included, "continue")
        rcp.with_user(self.coordinator).action_hold()
        rcp.with_user(self.coordinator).action_validate()
        html = str(self.included.with_user(self.psychologist_user).timeline_html)
        self.assertIn("RCP February", html)


@freeze_time("2026-02-10")
class TestFormulaNames(IntegrityCase):
    def test_names_like_formulas_stay_text_in_the_encounter_export(self):
        patient = self.create_patient(birth_name='=HYPERLINK("http://evil","x")')
        # The export names the pathway by its reference only: the formula is the kind's name.
        self.encounter_kind.name = '=HYPERLINK("http://evil","kind")'
        pathway = self.include(
            self.create_pathway(patient=patient, team=self.team, request_date="2026-01-05")
        )
        self.env["parcours.encounter"].create(
            {
                "pathway_id": pathway.id,
                "kind_id": self.encounter_kind.id,
                "start": datetime(2026, 2, 3, 10, 0),
            }
        )
        encounters = self.env["parcours.encounter"].search([("pathway_id", "=", pathway.id)])
        book = openpyxl.load_workbook(io.BytesIO(encounters._xlsx_export()))
        cells = [cell for row in book.active.iter_rows(min_row=2) for cell in row]
        named = [
            cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value
        ]
        self.assertTrue(named)
        self.assertTrue(all(cell.data_type == "s" for cell in named))
        self.assertFalse([cell for cell in named if '"x")' in cell.value])
