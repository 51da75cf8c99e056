from .common import BillingCase


class TestPayoutPerformance(BillingCase):
    def _queries_of_a_run(self, code, patients):
        programme = self.create_programme("Programme " + code, code)
        self.create_msma_like_rule(programme)
        for _index in range(patients):
            self.included_pathway(programme=programme)
        run = self.new_run(programme=programme)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        run.action_compute()
        run.action_validate()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.assertEqual(len(set(run.line_ids.mapped("pathway_ref"))), patients)
        self.assertEqual(sum(run.line_ids.mapped("amount_cents")), 52900 * patients)
        return count

    def test_query_count_does_not_grow_with_pathways(self):
        self._queries_of_a_run("WARM", 1)
        small = self._queries_of_a_run("SMALL", 2)
        big = self._queries_of_a_run("BIG", 8)
        self.assertLessEqual(big, small, "a payout run must not query once per pathway")
