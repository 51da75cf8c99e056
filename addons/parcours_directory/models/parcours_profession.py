from odoo import fields, models


class ParcoursProfession(models.Model):
    _inherit = "parcours.profession"

    directory_profession_code = fields.Char(
        help="Code of the profession in the RPPS/ADELI directory (e.g. 10 for physicians)."
    )
    directory_specialty_code = fields.Char(
        help="Code of the specialty (savoir-faire) in the directory, when the profession "
        "depends on it (e.g. SM54 for general practice)."
    )

    def _directory_profession(self, entry):
        """The profession of a directory entry: by profession and specialty, else profession."""
        candidates = self.search([("directory_profession_code", "=", entry.profession_code or "-")])
        return (
            candidates.filtered(
                lambda profession: profession.directory_specialty_code == entry.specialty_code
            )[:1]
            or candidates.filtered(lambda profession: not profession.directory_specialty_code)[:1]
        )
