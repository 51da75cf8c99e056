"""Budget by structure: the MSMA rule gets the funder's cohort targets and start-up credit
(the rule is noupdate data; figures a coordinator already entered are kept)."""

from odoo import SUPERUSER_ID, api

BUDGET = {
    "first_year_target": 30,
    "later_year_target": 45,
    "startup_hours_per_week": 3,
    "startup_weeks": 8,
    "startup_hourly_rate": 76,
    "startup_amount": 2000,
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("parcours_msma_billing.forfait_rule_msma", raise_if_not_found=False)
    if rule:
        rule.write({field: value for field, value in BUDGET.items() if not rule[field]})
