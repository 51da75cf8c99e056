from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form
from odoo.tools import SQL, mute_logger

from .common import ParcoursCase


class TestPathwayLifecycle(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.create_pathway(
            team=(cls.gp_user, cls.psychologist_user), request_date="2026-01-05"
        )

    def stage(self, kind):
        return self.programme.stage_ids.filtered(lambda stage: stage.kind == kind)

    def test_new_pathway_starts_in_first_stage_with_checklist(self):
        self.assertEqual(self.pathway.stage_id, self.stage("request"))
        self.assertEqual(self.pathway.state, "draft")
        self.assertEqual(self.pathway.checklist_line_ids.item_id, self.programme.checklist_item_ids)

    def test_inclusion_needs_consent_approvals_and_eligibility(self):
        with self.assertRefused(UserError, "consent is not recorded") as caught:
            self.pathway.with_user(self.coordinator).action_include()
        self.assertIn("approval missing from", str(caught.exception))
        self.assertIn("Complex addiction", str(caught.exception))
        self.assertEqual(self.pathway.state, "draft")

        self.record_consent(self.pathway)
        self.tick_checklist(self.pathway)
        self.approve_as(self.pathway, self.gp_user)
        with self.assertRefused(UserError, "Psychologist"):
            self.pathway.with_user(self.coordinator).action_include()

        self.approve_as(self.pathway, self.psychologist_user)
        with freeze_time("2026-02-10"):
            self.pathway.with_user(self.coordinator).action_include()
        self.assertEqual(self.pathway.state, "included")
        self.assertEqual(self.pathway.inclusion_date, date(2026, 2, 10))
        self.assertEqual(self.pathway.planned_end_date, date(2027, 2, 10))
        self.assertEqual(self.pathway.renewal_due_date, date(2027, 2, 10))
        self.assertEqual(self.pathway.stage_id, self.stage("included"))

    def test_approval_only_from_a_team_member_holding_an_approving_role(self):
        outsider = self.new_parcours_user(
            "other_gp", "parcours_base.group_parcours_coordinator", profession=self.gp_profession
        )
        with self.assertRefused(UserError, "not on the care team"):
            self.pathway.with_user(outsider).action_approve_inclusion()
        self.approve_as(self.pathway, self.gp_user)
        with self.assertRefused(UserError, "not on the care team"):
            self.pathway.with_user(self.gp_user).action_approve_inclusion()

    def test_eligibility_is_frozen_once_included(self):
        self.include(self.pathway)
        line = self.pathway.checklist_line_ids.filtered(lambda line: line.kind == "eligibility")
        with self.assertRefused(UserError, "frozen"):
            line.with_user(self.gp_user).done = False
        document = self.pathway.checklist_line_ids - line
        document.with_user(self.gp_user).done = True
        self.assertTrue(document.done)

    def test_stage_entry_requirements(self):
        with self.assertRefused(UserError, "the pathway is included"):
            self.pathway.with_user(self.coordinator).stage_id = self.stage("included")
        self.pathway.invalidate_recordset()
        self.assertEqual(self.pathway.stage_id, self.stage("request"))
        self.include(self.pathway)
        with self.assertRefused(UserError, "an end reason is given"):
            self.pathway.with_user(self.coordinator).stage_id = self.stage("closed")

    def test_required_checklist_items_gate_a_stage(self):
        evaluation = self.stage("evaluation")
        evaluation.required_item_ids = self.programme.checklist_item_ids.filtered(
            lambda item: item.kind == "document"
        )
        with self.assertRefused(UserError, "Referral letter"):
            self.pathway.stage_id = evaluation
        self.pathway.invalidate_recordset()
        self.tick_checklist(self.pathway, "document")
        self.pathway.stage_id = evaluation
        self.assertEqual(self.pathway.stage_id, evaluation)

    def test_close_needs_an_end_reason(self):
        with freeze_time("2026-02-01"):
            self.include(self.pathway)
        with self.assertRefused(ValidationError, "end reason"):
            self.pathway.write({"state": "closed"})
        self.pathway.invalidate_recordset()
        self.assertEqual(self.pathway.state, "included")
        action = self.pathway.with_user(self.coordinator).action_open_close_wizard()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.coordinator)
            .with_context(**action["context"])
        )
        wizard_form.end_reason_id = self.programme.end_reason_ids[0]
        wizard_form.end_date = "2026-06-30"
        wizard_form.save().action_close()
        self.assertEqual(self.pathway.state, "closed")
        self.assertEqual(self.pathway.stage_id, self.stage("closed"))
        self.assertEqual(self.pathway.end_date, date(2026, 6, 30))

    def test_one_active_pathway_per_patient_and_programme(self):
        with self.assertRefused(ValidationError, "already has an active pathway"):
            self.create_pathway(patient=self.pathway.patient_id)
        # Another programme is fine, and so is a new pathway after the first one ended.
        other = self.create_programme("Other", "OTHER")
        self.create_pathway(patient=self.pathway.patient_id, programme=other)
        self.pathway.action_cancel()
        again = self.create_pathway(patient=self.pathway.patient_id)
        self.assertEqual(again.state, "draft")

    def test_database_refuses_double_funding_even_without_the_orm_check(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env.cr.execute(
                SQL(
                    "INSERT INTO parcours_pathway (name, patient_id, programme_id, company_id, "
                    "state, active, priority) SELECT 'twin', patient_id, programme_id, "
                    "company_id, 'requested', true, '0' FROM parcours_pathway WHERE id = %s",
                    self.pathway.id,
                )
            )

    def test_dates_must_be_in_order(self):
        with self.assertRefused(ValidationError, "cannot be before"):
            self.pathway.file_complete_date = "2025-12-31"
        self.pathway.invalidate_recordset()
        self.assertFalse(self.pathway.file_complete_date)

    def test_included_pathway_is_archived_not_deleted(self):
        self.include(self.pathway)
        with self.assertRefused(UserError, "archive it"):
            self.pathway.with_user(self.coordinator).unlink()
        with self.assertRaises(UserError):  # archiving is the action of ended pathways
            self.pathway.with_user(self.coordinator).active = False
        self.pathway._close(self.programme.end_reason_ids[:1], self.pathway.inclusion_date)
        self.pathway.with_user(self.coordinator).action_archive()
        self.assertFalse(self.pathway.active)
        draft = self.create_pathway(patient=self.create_patient("Other", "Person"))
        draft.with_user(self.coordinator).unlink()
        self.assertFalse(draft.exists())

    def test_consent_withdrawal_suspends_and_ends_access(self):
        self.include(self.pathway)
        consent = self.pathway.consent_ids
        self.assertTrue(self.pathway.with_user(self.gp_user).read(["name"]))
        consent.with_user(self.coordinator).withdrawal_date = "2026-03-01"
        self.assertEqual(self.pathway.state, "suspended")
        self.assertEqual(set(self.pathway.member_ids.mapped("date_to")), {date(2026, 3, 1)})
        with freeze_time("2026-03-02"):
            self.env["parcours.care.team.member"]._cron_refresh_access()
            self.assertFalse(self.pathway.member_ids.filtered("grants_access"))
            self.assertFalse(
                self.env["parcours.pathway"]
                .with_user(self.gp_user)
                .search([("id", "=", self.pathway.id)])
            )
        with self.assertRefused(UserError, "no consent in force"):
            self.pathway.with_user(self.coordinator).action_resume()

    def test_state_actions_refuse_wrong_states(self):
        with self.assertRefused(UserError, "not possible now"):
            self.pathway.with_user(self.coordinator).action_suspend()
        self.pathway.with_user(self.coordinator).action_submit_request()
        self.assertEqual(self.pathway.state, "requested")
        with self.assertRefused(UserError, "Complex addiction"):
            self.pathway.action_mark_eligible()
        self.tick_checklist(self.pathway)
        self.pathway.with_user(self.gp_user).action_mark_eligible()
        self.assertEqual(self.pathway.state, "eligible")
        self.assertEqual(self.pathway.stage_id, self.stage("evaluation"))

    def test_renewal_on_the_anniversary(self):
        with freeze_time("2026-02-10"):
            self.include(self.pathway)
        with freeze_time("2027-02-08"):
            self.pathway.with_user(self.coordinator).action_renew()
        self.assertEqual(self.pathway.renewal_due_date, date(2028, 2, 10))
        fixed = self.create_programme("Fixed", "FIXED", duration_policy="fixed")
        other = self.include(
            self.create_pathway(programme=fixed, team=(self.gp_user, self.psychologist_user))
        )
        with self.assertRefused(UserError, "not renewable"):
            other.action_renew()

    def test_phased_programme_plans_the_end_after_all_phases(self):
        phased = self.create_programme(
            "Rehab",
            "PHASED",
            duration_policy="phased",
            phase_ids=[
                Command.create({"name": "Intervention", "duration": 12, "duration_unit": "weeks"}),
                Command.create({"name": "Remote", "duration": 40, "duration_unit": "weeks"}),
            ],
        )
        pathway = self.create_pathway(
            programme=phased, team=(self.gp_user, self.psychologist_user), request_date="2026-01-02"
        )
        with freeze_time("2026-01-05"):
            self.include(pathway)
        self.assertEqual(pathway.planned_end_date, date(2027, 1, 4))
        self.assertFalse(pathway.renewal_due_date)
