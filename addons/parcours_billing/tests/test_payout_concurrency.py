from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.sql_db import db_connect

from .common import BillingCase


class TestPayoutConcurrency(BillingCase):
    """Two transactions on one period: the second is refused at once, nothing is committed."""

    def test_second_transaction_cannot_bill_the_same_period(self):
        self.included_pathway()
        run = self.new_run()
        run.action_compute()
        # The test transaction holds the period lock until it ends.
        run._lock_period()
        # A second, real database connection plays the concurrent run; its transaction is
        # rolled back and closed, so nothing it did is left in the database.
        with db_connect(self.env.cr.dbname).cursor() as other_cr:
            try:
                other_env = api.Environment(other_cr, SUPERUSER_ID, {})
                other_run = other_env["parcours.payout.run"].new(
                    {
                        "programme_id": run.programme_id.id,
                        "company_id": run.company_id.id,
                        "date_from": run.date_from,
                        "date_to": run.date_to,
                    }
                )
                with self.assertRaisesRegex(UserError, "being processed"):
                    other_run._lock_period()
            finally:
                other_cr.rollback()
        run.action_validate()
        self.assertEqual(run.state, "done")

    def test_lock_is_free_for_another_period(self):
        run = self.new_run()
        run._lock_period()
        with db_connect(self.env.cr.dbname).cursor() as other_cr:
            try:
                other_env = api.Environment(other_cr, SUPERUSER_ID, {})
                other_run = other_env["parcours.payout.run"].new(
                    {
                        "programme_id": run.programme_id.id,
                        "company_id": run.company_id.id,
                        "date_from": "2027-02-01",
                        "date_to": "2027-02-28",
                    }
                )
                other_run._lock_period()
            finally:
                other_cr.rollback()
