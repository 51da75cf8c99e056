{
    "name": "Parcours: forfait billing",
    "summary": "Forfait rules, accrual, split and payouts through Odoo Accounting",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_base", "account"],
    "data": [
        "security/parcours_billing_security.xml",
    ],
}
