from . import (
    test_accountant_rights,
    test_billing_access,
    test_forfait_indicators,
    test_forfait_split,
    test_payout_concurrency,
    test_payout_performance,
    test_payout_run,
    test_ui,
)
