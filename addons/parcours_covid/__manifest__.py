{
    "name": "Parcours: long-COVID coordination cell",
    "summary": "Long-COVID coordination cell: phone intake, orientation and referral loop",
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
