from . import test_msma_budget_annex, test_msma_forfait
