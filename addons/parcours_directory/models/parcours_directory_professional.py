from odoo import api, fields, models


class ParcoursDirectoryProfessional(models.Model):
    """One activity of a health professional, as the RPPS/ADELI extraction lists it."""

    _name = "parcours.directory.professional"
    _description = "Professional of the national directory (RPPS/ADELI)"
    _order = "last_name, first_name, id"
    _rec_names_search = ["last_name", "national_id", "identifier", "city"]

    line_key = fields.Char(required=True, readonly=True)
    national_id = fields.Char(
        string="National Identifier",
        required=True,
        index=True,
        readonly=True,
        help="Type of identifier (8: RPPS, 0: ADELI) followed by the number.",
    )
    id_type = fields.Selection(
        [("8", "RPPS"), ("0", "ADELI")], string="Identifier Type", readonly=True
    )
    identifier = fields.Char(string="RPPS / ADELI Number", index=True, readonly=True)
    title = fields.Char(readonly=True)
    last_name = fields.Char(readonly=True, index="trigram")
    first_name = fields.Char(readonly=True)
    profession_code = fields.Char(readonly=True)
    profession = fields.Char(readonly=True)
    specialty_code = fields.Char(readonly=True)
    specialty = fields.Char(readonly=True)
    practice_mode = fields.Char(readonly=True)
    finess_site = fields.Char(string="FINESS of the Site", readonly=True)
    structure_name = fields.Char(string="Practice", readonly=True)
    street = fields.Char(readonly=True)
    street2 = fields.Char(readonly=True)
    zip = fields.Char(readonly=True, index=True)
    city = fields.Char(readonly=True)
    phone = fields.Char(readonly=True)
    email = fields.Char(readonly=True)
    mssante_email = fields.Char(string="MSSanté Address", readonly=True)
    active = fields.Boolean(default=True, readonly=True)
    import_id = fields.Many2one("parcours.directory.import", readonly=True, index=True)

    _sql_constraints = [
        ("line_key_unique", "unique(line_key)", "This directory line is already imported."),
    ]

    @api.depends("last_name", "first_name", "specialty", "profession", "city")
    def _compute_display_name(self):
        for entry in self:
            entry.display_name = " ".join(
                part
                for part in (
                    (entry.last_name or "").upper(),
                    entry.first_name or "",
                    "·",
                    entry.specialty or entry.profession or "",
                    "·",
                    entry.city or "",
                )
                if part
            )

    def _get_partner(self):
        """The contact of this professional, created from the directory the first time."""
        self.ensure_one()
        self.check_access("read")
        # sudo: the contact is found or made from public directory data only, so that
        # a coordinator who may not create contacts can still name a GP from it.
        Partner = self.env["res.partner"].sudo()
        domain = [("parcours_directory_professional_id", "=", self.id)]
        if self.identifier:
            domain = ["|", *domain, ("parcours_rpps", "=", self.identifier)]
        partner = Partner.search(domain, limit=1)
        if partner:
            if not partner.parcours_directory_professional_id:
                partner.parcours_directory_professional_id = self
            return partner
        profession = self.env["parcours.profession"]._directory_profession(self)
        return Partner.create(
            {
                "name": " ".join(filter(None, [self.first_name, (self.last_name or "").upper()])),
                "parcours_rpps": self.identifier,
                "parcours_profession_id": profession.id,
                "parcours_directory_professional_id": self.id,
                "street": self.street,
                "street2": self.street2,
                "zip": self.zip,
                "city": self.city,
                "phone": self.phone,
                "email": self.mssante_email or self.email,
                "parcours_mssante_email": self.mssante_email,
                "parcours_employment": "self_employed"
                if (self.practice_mode or "").lower().startswith("lib")
                else "salaried",
            }
        )
