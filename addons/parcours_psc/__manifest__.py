{
    "name": "Parcours: Pro Santé Connect",
    "summary": "Health professionals sign in with Pro Santé Connect, matched by their RPPS",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["auth_oidc", "parcours_directory"],
    "data": [
        "data/auth_oauth_provider_data.xml",
        "views/auth_oauth_provider_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": ["demo/auth_oauth_provider_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "parcours_psc/static/tests/tours/*.js",
        ],
    },
}
