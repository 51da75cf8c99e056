{
    "name": "Parcours: addiction microstructures (MSMA)",
    "summary": "Addiction microstructures (MSMA): microstructures, collegial inclusion",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_base"],
    "data": [
        "data/parcours_programme_data.xml",
    ],
}
