from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ParcoursCase


class RcpCase(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.programme.quorum_profession_ids = cls.gp_profession | cls.psychologist_profession
        cls.team = (cls.gp_user, cls.psychologist_user)
        with freeze_time("2026-01-05"):
            cls.included = cls.include(cls.create_pathway(team=cls.team, request_date="2026-01-02"))
            cls.request = cls.create_pathway(team=cls.team, request_date="2026-01-02")
            cls.request.action_submit_request()
        cls.rcp = cls.env["parcours.rcp"].create(
            {
                "name": "RCP April",
                "date": datetime(2026, 4, 14, 14, 0),
                "programme_ids": [Command.set(cls.programme.ids)],
                "attendee_ids": [
                    Command.create({"partner_id": user.partner_id.id}) for user in cls.team
                ],
            }
        )


class TestRcp(RcpCase):
    def test_meeting_sits_in_calendar_with_participants(self):
        event = self.rcp.calendar_event_id
        self.assertEqual(event.start, datetime(2026, 4, 14, 14, 0))
        self.assertEqual(
            event.partner_ids, self.gp_user.partner_id | self.psychologist_user.partner_id
        )
        self.rcp.date = datetime(2026, 4, 15, 9, 0)
        self.assertEqual(event.start, datetime(2026, 4, 15, 9, 0))

    def test_agenda_lists_requests_and_reviews_due(self):
        self.rcp.action_propose_agenda()
        self.assertEqual(self.rcp.decision_ids.pathway_id, self.included | self.request)
        result = self.rcp.action_propose_agenda()  # proposing again adds nothing twice
        self.assertEqual(result["tag"], "display_notification")  # and says nothing is due
        self.assertEqual(len(self.rcp.decision_ids), 2)

    def test_recently_reviewed_pathway_waits_for_next_quarter(self):
        self.included.last_rcp_date = date(2026, 3, 1)
        self.rcp.action_propose_agenda()
        self.assertEqual(self.rcp.decision_ids.pathway_id, self.request)

    def test_decisions_apply_when_minutes_are_validated(self):
        self.rcp.action_propose_agenda()
        self.record_consent(self.request)
        self.tick_checklist(self.request)
        self.approve_as(self.request, self.gp_user, self.psychologist_user)
        plan = self.env["parcours.care.plan"].create(
            {
                "pathway_id": self.included.id,
                "goal_ids": [
                    Command.create({"description": "Stop injecting", "domain": "risk_reduction"})
                ],
            }
        )
        self.rcp.record_decision(self.request, "include")
        self.rcp.record_decision(self.included, "adapt", care_plan_id=plan.id)
        self.rcp.with_user(self.coordinator).action_hold()
        self.assertEqual(self.request.state, "requested")  # nothing applies before validation
        with freeze_time("2026-04-14"):
            self.rcp.with_user(self.coordinator).action_validate()
        self.assertEqual(self.rcp.state, "validated")
        self.assertEqual(self.request.state, "included")
        self.assertEqual(plan.state, "validated")
        self.assertEqual(plan.rcp_id, self.rcp)
        self.assertEqual(self.included.last_rcp_date, date(2026, 4, 14))
        self.assertEqual(self.included.current_care_plan_id, plan)

    def test_stop_decision_closes_with_its_reason(self):
        self.rcp.action_propose_agenda()
        reason = self.programme.end_reason_ids[0]
        self.rcp.record_decision(self.included, "stop", end_reason_id=reason.id)
        self.rcp.action_hold()
        self.rcp.action_validate()
        self.assertEqual(self.included.state, "closed")
        self.assertEqual(self.included.end_reason_id, reason)
        self.assertEqual(self.included.end_date, date(2026, 4, 14))

    def test_no_quorum_no_validation_and_the_pathway_stays_due(self):
        self.rcp.action_propose_agenda()
        self.rcp.attendee_ids.filtered(
            lambda a: a.partner_id == self.psychologist_user.partner_id
        ).attendance = "excused"
        self.rcp.record_decision(self.included, "continue")
        self.rcp.action_hold()
        with self.assertRefused(UserError, "No quorum: Psychologist"):
            self.rcp.with_user(self.coordinator).action_validate()
        self.assertEqual(self.rcp.state, "held")
        self.assertFalse(self.included.last_rcp_date)
        later = self.rcp.copy({"date": datetime(2026, 5, 12, 14, 0)})
        later.action_propose_agenda()
        self.assertIn(self.included, later.decision_ids.pathway_id)

    def test_decision_only_for_a_pathway_on_the_agenda(self):
        with self.assertRefused(UserError, "not on the agenda"):
            self.rcp.record_decision(self.included, "continue")

    def test_validated_minutes_are_locked(self):
        self.rcp.action_propose_agenda()
        self.rcp.record_decision(self.included, "continue")
        self.rcp.action_hold()
        self.rcp.action_validate()
        with self.assertRefused(UserError, "locked"):
            self.rcp.with_user(self.coordinator).general_notes = "<p>Changed</p>"
        with self.assertRefused(UserError, "locked"):
            self.rcp.decision_ids.with_user(self.coordinator).decision = "stop"
        with self.assertRefused(UserError, "locked"):
            self.rcp.attendee_ids[0].with_user(self.coordinator).minutes_attended = 10

    def test_unanswered_items_stay_on_the_minutes_and_stay_due(self):
        self.rcp.action_propose_agenda()
        self.rcp.record_decision(self.included, "continue")
        self.rcp.record_decision(self.request, "include")
        # The decision is cleared: the patient stays on the agenda, with no decision.
        self.rcp.record_decision(self.request, False)
        self.rcp.action_hold()
        self.rcp.action_validate()
        self.assertEqual(self.rcp.decision_ids.pathway_id, self.included | self.request)
        unanswered = self.rcp.decision_ids.filtered(lambda line: line.pathway_id == self.request)
        self.assertFalse(unanswered.applied)
        later = self.rcp.copy({"date": datetime(2026, 5, 12, 14, 0)})
        later.action_propose_agenda()
        self.assertIn(self.request, later.decision_ids.pathway_id)

    def test_attendance_time_is_checked(self):
        absent = self.rcp.attendee_ids[0]
        with self.assertRefused(ValidationError, "did not attend"):
            absent.write({"attendance": "absent", "minutes_attended": 30})
        with self.assertRaises(ValidationError):
            absent.minutes_attended = -5

    def test_each_pathway_gets_its_own_decision_only(self):
        self.rcp.action_propose_agenda()
        self.rcp.record_decision(self.included, "continue", notes="<p>Doing well</p>")
        self.rcp.record_decision(self.request, "continue")
        self.rcp.action_hold()
        self.rcp.action_validate()
        last = self.included.message_ids[0]
        self.assertIn("RCP April", last.body)
        # Every follower reads the chatter: the notes stay on the RCP item.
        self.assertNotIn("Doing well", last.body)
        line = self.rcp.decision_ids.filtered(lambda line: line.pathway_id == self.included)
        self.assertIn("res_id=%s" % line.id, last.body)
        self.assertNotIn(self.request.patient_id.birth_name, last.body)
        self.assertNotIn(self.included.patient_id.birth_name, self.request.message_ids[0].body)

    def test_minutes_render_as_a_document(self):
        self.rcp.attendee_ids[0].minutes_attended = 87
        self.rcp.action_propose_agenda()
        line = self.rcp.record_decision(self.included, "continue", notes="<p>Doing fine</p>")
        line.reason = "Quarterly check"
        html = self.env["ir.actions.report"]._render_qweb_html(
            "parcours_base.action_report_rcp_minutes", self.rcp.ids
        )[0]
        self.assertIn(b"RCP April", html)
        self.assertIn(b"o_parcours_minutes_attendees", html)
        for printed in (b"87", b"Quarterly check", b"Doing fine"):
            self.assertIn(printed, html)


class TestRcpCollegialInclusion(RcpCase):
    def _ready_for_inclusion(self, pathway):
        self.record_consent(pathway)
        self.tick_checklist(pathway)

    def test_inclusion_decided_in_rcp_records_each_vote(self):
        self._ready_for_inclusion(self.request)
        self.assertTrue(self.request.missing_approval_role_ids)
        self.rcp.action_propose_agenda()
        self.rcp.record_decision(self.request, "include")
        self.rcp.action_hold()
        self.rcp.with_user(self.coordinator).action_validate()
        self.assertEqual(self.request.state, "included")
        approvals = self.request.approval_ids
        self.assertEqual(approvals.user_id, self.gp_user | self.psychologist_user)
        self.assertEqual(approvals.rcp_id, self.rcp)

    def test_inclusion_needs_the_approving_roles_present(self):
        self._ready_for_inclusion(self.request)
        self.rcp.attendee_ids.filtered(
            lambda a: a.partner_id == self.psychologist_user.partner_id
        ).attendance = "excused"
        self.programme.quorum_profession_ids = self.gp_profession
        self.rcp.action_propose_agenda()
        self.rcp.record_decision(self.request, "include")
        self.rcp.record_decision(self.included, "continue")
        self.rcp.action_hold()
        result = self.rcp.with_user(self.coordinator).action_validate()
        # The bad line does not block the minutes: the other decision applies.
        self.assertEqual(self.rcp.state, "validated")
        self.assertEqual(self.included.last_rcp_date, date(2026, 4, 14))
        self.assertEqual(self.request.state, "requested")
        self.assertFalse(self.request.approval_ids)
        line = self.rcp.decision_ids.filtered(lambda line: line.pathway_id == self.request)
        self.assertFalse(line.applied)
        self.assertTrue(line.apply_error)
        self.assertNotIn(self.request.patient_id.birth_name, line.apply_error)
        self.assertEqual(result["tag"], "display_notification")

    def test_minutes_of_a_future_meeting_cannot_be_validated(self):
        self.rcp.action_propose_agenda()
        self.rcp.record_decision(self.included, "continue")
        self.rcp.action_hold()
        with freeze_time("2026-04-13 12:00"), self.assertRaises(UserError):
            self.rcp.with_user(self.coordinator).action_validate()
        self.assertEqual(self.rcp.state, "held")

    def test_each_approver_gets_a_to_do_and_approves_once(self):
        approve = self.env.ref("parcours_base.mail_activity_type_approve_inclusion")
        self.tick_checklist(self.request)
        self.request.with_user(self.gp_user).action_mark_eligible()
        todo = self.request.activity_ids.filtered(lambda a: a.activity_type_id == approve)
        self.assertEqual(todo.user_id, self.gp_user | self.psychologist_user)
        self.assertTrue(self.request.with_user(self.gp_user).can_approve_inclusion)
        self.approve_as(self.request, self.gp_user)
        todo = self.request.activity_ids.filtered(lambda a: a.activity_type_id == approve)
        self.assertEqual(todo.user_id, self.psychologist_user)
        self.request.invalidate_recordset(["can_approve_inclusion"])
        self.assertFalse(self.request.with_user(self.gp_user).can_approve_inclusion)
        self.assertTrue(self.request.with_user(self.psychologist_user).can_approve_inclusion)
        self.assertFalse(self.request.with_user(self.coordinator).can_approve_inclusion)

    def test_each_approver_reads_the_to_do_in_their_language(self):
        """As the demo does: whoever marks the request eligible works in another language
        (the demo, in none) than the approvers; each to-do reads in its approver's."""
        approve = self.env.ref("parcours_base.mail_activity_type_approve_inclusion")
        self.env["res.lang"]._activate_lang("fr_FR")
        approve.update_field_translations("summary", {"en_US": "TODO-EN", "fr_FR": "TODO-FR"})
        self.gp_user.lang = "fr_FR"
        self.psychologist_user.lang = "en_US"
        self.tick_checklist(self.request)
        self.request.with_context(lang="en_US").with_user(self.gp_user).action_mark_eligible()
        todo = self.request.activity_ids.filtered(lambda a: a.activity_type_id == approve)
        self.assertEqual(todo.filtered(lambda a: a.user_id == self.gp_user).summary, "TODO-FR")
        self.assertEqual(
            todo.filtered(lambda a: a.user_id == self.psychologist_user).summary, "TODO-EN"
        )


class TestRcpAccess(RcpCase):
    def test_professional_sees_only_own_patients_on_the_agenda(self):
        outsider = self.new_parcours_user(
            "other_psy",
            "parcours_base.group_parcours_professional",
            profession=self.psychologist_profession,
        )
        other = self.create_pathway(team=(outsider,))
        other.action_submit_request()
        self.rcp.attendee_ids = [Command.create({"partner_id": outsider.partner_id.id})]
        self.rcp.action_propose_agenda()
        self.assertEqual(len(self.rcp.decision_ids), 3)
        self.env.invalidate_all()
        visible = self.rcp.with_user(outsider).decision_ids
        self.assertEqual(visible.pathway_id, other)
        with self.assertRaises(AccessError):
            self.rcp.decision_ids.filtered(lambda line: line.pathway_id == self.included).with_user(
                outsider
            ).read(["decision"])
        with self.assertRaises(AccessError):
            self.rcp.with_user(outsider).write({"name": "Mine"})

    def test_non_participant_does_not_see_the_meeting(self):
        stranger = self.new_parcours_user("stranger", "parcours_base.group_parcours_professional")
        self.assertFalse(self.env["parcours.rcp"].with_user(stranger).search([]))

    def test_accountant_cannot_read_minutes(self):
        with self.assertRaises(AccessError):
            self.rcp.with_user(self.accountant).read(["name"])
