{
    "name": "Parcours bench: access log switched off",
    "summary": "Server-wide module of `./parcours loadtest --access-log-cost`; never installed",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "category": "Hidden",
    "depends": ["parcours_base"],
    "installable": False,
}
