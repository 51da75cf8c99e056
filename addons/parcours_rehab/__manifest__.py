{
    "name": "Parcours: home respiratory rehabilitation",
    "summary": "Home respiratory rehabilitation: 12-week programme and 40-week remote follow-up",
    "version": "18.0.1.1.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_base"],
    "data": [
        "security/parcours_rehab_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/parcours_programme_data.xml",
        "data/parcours_indicator_data.xml",
        "data/spreadsheet_dashboard_data.xml",
        "views/parcours_rehab_ergocycle_views.xml",
        "views/parcours_rehab_assessment_views.xml",
        "views/parcours_pathway_views.xml",
        "views/parcours_programme_views.xml",
        "views/parcours_rehab_menus.xml",
    ],
    "demo": ["demo/parcours_rehab_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "parcours_rehab/static/tests/tours/**/*",
        ],
    },
}
