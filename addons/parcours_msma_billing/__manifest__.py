{
    "name": "Parcours: MSMA forfait billing",
    "summary": "The MSMA annual forfait of 529 EUR and its split, as editable data",
    "version": "18.0.1.2.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_msma", "parcours_billing"],
    "data": [
        "views/parcours_budget_structure_views.xml",
        "data/parcours_forfait_rule_data.xml",
    ],
    "auto_install": True,
}
