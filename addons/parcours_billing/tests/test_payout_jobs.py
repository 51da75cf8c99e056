from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .common import BillingCase


class TestPayoutJobs(BillingCase):
    """Compute and validate as background jobs (the cron of Odoo), with safe retries."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.included_pathway()
        cls.Run = cls.env["parcours.payout.run"]

    def test_compute_then_validate_in_the_background(self):
        run = self.new_run()
        run.action_compute_later()
        self.assertEqual(run.job_state, "queued")
        self.assertEqual(run.job_user_id, self.accountant)
        with self.assertRaises(UserError):
            run.action_compute_later()
        self.Run._cron_run_jobs()
        self.assertEqual(run.state, "computed")
        self.assertFalse(run.job_state)
        self.assertEqual(run.computed_by_id, self.accountant)
        self.assertEqual(sum(run.line_ids.mapped("amount_cents")), 52900)
        self.assertIn(self.accountant.partner_id, run.message_ids[:1].partner_ids)
        run.with_user(self.second_accountant).action_validate_later()
        self.Run._cron_run_jobs()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.validated_by_id, self.second_accountant)
        self.assertEqual(len(run.sudo().move_ids), 2)

    def test_a_job_killed_in_the_middle_runs_again_and_bills_once(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate_later()
        Run = type(self.Run)
        original = Run._create_bills

        def dies_after_billing(self):
            original(self)
            raise RuntimeError("worker killed")

        with (
            patch.object(Run, "_create_bills", dies_after_billing),
            self.assertRaises(RuntimeError),
            self.env.cr.savepoint(),
        ):
            self.Run._cron_run_jobs()
        # The transaction of the killed worker is rolled back: still queued, nothing billed.
        run.invalidate_recordset()
        self.assertEqual(run.state, "computed")
        self.assertEqual(run.job_state, "queued")
        self.assertFalse(run.sudo().move_ids)
        self.Run._cron_run_jobs()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.sudo().move_ids), 2)
        self.Run._cron_run_jobs()
        self.assertEqual(len(run.sudo().move_ids), 2, "nothing billed twice")

    def test_a_failing_job_says_why(self):
        run = self.new_run()
        run.action_compute_later()
        run.action_cancel()
        self.Run._cron_run_jobs()
        self.assertEqual(run.job_state, "failed")
        self.assertTrue(run.job_error)
        self.assertEqual(run.state, "cancelled")

    def test_the_checks_are_those_of_the_actions(self):
        self.organisation.parcours_second_validation_amount = 0
        run = self.new_run()
        run.action_compute()
        with self.assertRaises(AccessError):
            run.action_validate_later()
        with self.assertRaises(AccessError):
            run.with_user(self.coordinator).action_compute_later()
        with self.assertRaises(AccessError):
            run.with_user(self.accountant).write({"job_state": False})
