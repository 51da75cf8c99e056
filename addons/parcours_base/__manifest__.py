{
    "name": "Parcours: care pathways",
    "summary": "Coordinated care pathways: programmes, patients, pathways, care teams",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["mail", "calendar", "contacts"],
    "data": [
        "security/parcours_security.xml",
        "security/ir.model.access.csv",
        "views/parcours_programme_views.xml",
        "views/parcours_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "parcours_base/static/tests/tours/**/*",
        ],
    },
    "application": True,
}
