{
    "name": "Parcours: national directories (RPPS/ADELI, FINESS)",
    "summary": "Professionals from the RPPS/ADELI extraction, structures from FINESS, "
    "chosen on patients and pathways",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Parcours",
    "website": "https://github.com/parcours-sante/parcours",
    "category": "Healthcare/Parcours",
    "depends": ["parcours_base"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/parcours_profession_data.xml",
        "views/parcours_directory_professional_views.xml",
        "views/parcours_directory_structure_views.xml",
        "views/parcours_directory_import_views.xml",
        "views/res_partner_views.xml",
        "views/parcours_patient_views.xml",
        "views/parcours_pathway_views.xml",
        "wizard/parcours_directory_upload_views.xml",
        "views/parcours_directory_menus.xml",
    ],
}
