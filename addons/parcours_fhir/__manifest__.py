{
    "name": "Parcours: FHIR R4 API",
    "summary": "FHIR R4 read and search API of the care circle, referrals from other systems",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_base"],
}
