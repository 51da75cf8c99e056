from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import MsmaCase


class TestMsmaCycle(MsmaCase):
    def _hold_rcp(self, when, pathway, decision, **values):
        rcp = self.create_rcp(when).with_user(self.coordinator)
        rcp.action_propose_agenda()
        line = rcp.decision_ids.filtered(lambda line: line.pathway_id == pathway)
        if not line:
            line = self.env["parcours.rcp.decision"].create(
                {"rcp_id": rcp.id, "pathway_id": pathway.id}
            )
        # On the agenda, an included pathway's card waits in the review stage.
        self.assertEqual(pathway.stage_id, self.env.ref("parcours_msma.stage_review"))
        reason = line.reason
        rcp.record_decision(pathway, decision, **values)
        rcp.action_hold()
        rcp.action_validate()
        return reason

    def test_referral_to_renewal_to_end(self):
        ref = self.env.ref
        with freeze_time("2026-01-05"):
            pathway = self.create_msma_pathway(request_date="2026-01-05", referral_source="gp")
            self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_referral"))
            pathway.with_user(self.coordinator).action_submit_request()
            self.tick_checklist(pathway)
            # The coordinator hands the request to the GP by moving the card.
            pathway.with_user(self.coordinator).stage_id = ref("parcours_msma.stage_gp_evaluation")
            pathway.with_user(self.coordinator).action_mark_eligible()
            self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_collegial_inclusion"))
            self.record_consent(pathway)
            self.approve_as(pathway, self.gp_user, self.psychologist_user)
            # Collegial: the social worker's approval is still missing.
            with self.assertRefused(UserError, "Social worker"):
                pathway.with_user(self.coordinator).action_include()
            self.approve_as(pathway, self.social_worker_user)
            pathway.with_user(self.coordinator).action_include()
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_follow_up"))
        self.assertEqual(pathway.renewal_due_date, date(2027, 1, 5))
        period = pathway.msma_period_ids
        self.assertEqual(
            (period.sequence, period.origin, period.date_start, period.date_end),
            (1, "inclusion", date(2026, 1, 5), date(2027, 1, 4)),
        )
        self.assertEqual(pathway.msma_assessment_ids.kind, "inclusion")

        # Quarterly RCPs: each one finds the pathway due for its periodic review.
        for month in (4, 7, 10):
            with freeze_time(date(2026, month, 14)):
                reason = self._hold_rcp(datetime(2026, month, 14, 14, 0), pathway, "continue")
            self.assertEqual(reason, "Periodic review due")
            self.assertEqual(pathway.last_rcp_date, date(2026, month, 14))
            self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_follow_up"))
        self.assertEqual(
            pathway.msma_assessment_ids.mapped("kind"), ["inclusion", "rcp", "rcp", "rcp"]
        )

        # The anniversary passes without a decision: flagged, then on the next agenda.
        with freeze_time("2027-01-04"):
            self.env["parcours.pathway"]._cron_flag_renewal_overdue()
            self.assertFalse(pathway.msma_renewal_overdue)
        with freeze_time("2027-01-06"):
            self.env["parcours.pathway"]._cron_flag_renewal_overdue()
            self.assertTrue(pathway.msma_renewal_overdue)
            self.assertIn(
                ref("parcours_msma.mail_activity_type_renewal_due"),
                pathway.activity_ids.activity_type_id,
            )
            overdue = self.env["parcours.pathway"].search([("msma_renewal_overdue", "=", True)])
            self.assertIn(pathway, overdue)
        with freeze_time("2027-01-12"):
            reason = self._hold_rcp(datetime(2027, 1, 12, 14, 0), pathway, "renew")
        self.assertEqual(reason, "Renewal due since 2027-01-05")
        self.assertFalse(pathway.msma_renewal_overdue)
        self.assertEqual(pathway.renewal_due_date, date(2028, 1, 5))
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_follow_up"))
        second = pathway.msma_period_ids.sorted("sequence")[-1]
        self.assertEqual(
            (second.sequence, second.origin, second.date_start, second.date_end),
            (2, "renewal", date(2027, 1, 5), date(2028, 1, 4)),
        )

        # The RCP establishes an improvement: the pathway ends with that reason.
        improvement = ref("parcours_msma.end_reason_improvement")
        with freeze_time("2027-03-02"):
            self._hold_rcp(
                datetime(2027, 3, 2, 14, 0), pathway, "stop", end_reason_id=improvement.id
            )
        self.assertEqual(pathway.state, "closed")
        self.assertEqual(pathway.end_reason_id, improvement)
        self.assertEqual(pathway.stage_id, ref("parcours_msma.stage_ended"))
        self.assertFalse(pathway.step_ids.filtered(lambda step: step.state == "planned"))

    @freeze_time("2026-01-05")
    def test_inclusion_needs_a_microstructure(self):
        pathway = self.create_msma_pathway()
        pathway.microstructure_id = False
        with self.assertRefused(UserError, "no microstructure"):
            self.include_msma(pathway)
        self.assertEqual(pathway.state, "draft")
        self.assertFalse(pathway.msma_period_ids)

    def test_other_programmes_get_no_renewal_reason(self):
        with freeze_time("2026-01-05"):
            pathway = self.include(self.create_pathway(team=(self.gp_user, self.psychologist_user)))
        with freeze_time("2027-02-01"):
            rcp = self.create_rcp(datetime(2027, 2, 1, 14, 0))
            candidates = self.programme._rcp_agenda_candidates(rcp)
        self.assertEqual(candidates[pathway], "Periodic review due")
        self.assertFalse(pathway.msma_period_ids)

    @freeze_time("2026-01-05")
    def test_minor_needs_a_legal_representative_consent(self):
        pathway = self.create_msma_pathway(
            patient=self.create_patient(birth_date="2010-03-01"), request_date="2026-01-05"
        )
        self.record_consent(pathway)
        self.tick_checklist(pathway)
        self.approve_as(pathway, self.gp_user, self.psychologist_user, self.social_worker_user)
        with self.assertRefused(UserError, "legal representative"):
            pathway.with_user(self.coordinator).action_include()
        self.assertEqual(pathway.state, "draft")
        pathway.consent_ids.write(
            {"signatory": "representative", "representative_name": "Jeanne Durand"}
        )
        pathway.with_user(self.coordinator).action_include()
        self.assertEqual(pathway.state, "included")
