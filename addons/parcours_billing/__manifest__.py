{
    "name": "Parcours: forfait billing",
    "summary": "Forfait rules, accrual, split and payouts through Odoo Accounting",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_base", "account"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/parcours_billing_security.xml",
        "security/ir.model.access.csv",
        "data/res_partner_data.xml",
        "data/parcours_indicator_data.xml",
        "views/parcours_forfait_rule_views.xml",
        "views/parcours_payout_run_views.xml",
        "views/parcours_funding_views.xml",
        "views/parcours_budget_target_views.xml",
        "wizard/parcours_forfait_line_correct_views.xml",
        "views/parcours_forfait_line_views.xml",
        "views/parcours_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "parcours_billing/static/tests/tours/**/*",
        ],
    },
}
