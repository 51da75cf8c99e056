from . import (
    test_accountant_rights,
    test_accrual_tools,
    test_billing_access,
    test_budget_annex,
    test_forfait_indicators,
    test_forfait_split,
    test_payout_concurrency,
    test_payout_integrity,
    test_payout_jobs,
    test_payout_performance,
    test_payout_run,
    test_ui,
)
