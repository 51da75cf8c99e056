{
    "name": "Parcours: home respiratory rehabilitation forfait billing",
    "summary": "Per-professional forfaits of home respiratory rehabilitation, as editable data",
    "version": "18.0.1.1.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_rehab", "parcours_billing"],
    "data": [
        "data/parcours_forfait_rule_data.xml",
    ],
    "auto_install": True,
}
