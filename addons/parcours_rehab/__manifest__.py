{
    "name": "Parcours: home respiratory rehabilitation",
    "summary": "Home respiratory rehabilitation: 12-week programme and 40-week remote follow-up",
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
