from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.identity import probable_twins


class ParcoursPatientTwin(models.Model):
    """Two patients of one organisation who are probably one person (identity vigilance)."""

    _name = "parcours.patient.twin"
    _description = "Probable twin patients"
    _order = "same_ins desc, same_strict_traits desc, id desc"

    patient_id = fields.Many2one(
        "parcours.patient", required=True, readonly=True, index=True, ondelete="cascade"
    )
    other_patient_id = fields.Many2one(
        "parcours.patient", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="patient_id.company_id", store=True, string="Organisation", readonly=True
    )
    same_ins = fields.Boolean(string="Same INS", readonly=True)
    same_strict_traits = fields.Boolean(readonly=True)
    sounds_alike = fields.Boolean(
        readonly=True, help="Birth names and first names that sound alike, same birth date."
    )
    transposed_birth_date = fields.Boolean(
        readonly=True,
        help="Same names, birth dates that differ by two swapped digits or day and month.",
    )
    state = fields.Selection(
        [("open", "To review"), ("dismissed", "Not a twin"), ("merged", "Merged")],
        default="open",
        required=True,
        readonly=True,
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    reviewed_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "pair_unique",
            "unique(patient_id, other_patient_id)",
            "This pair of patients is already listed.",
        ),
    ]

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("Probable twins are reviewed through their buttons only."))
        return super().write(vals)

    @api.model
    def _check_vigilance_user(self):
        if not self.env.user.has_group("parcours_base.group_parcours_coordinator"):
            raise AccessError(self.env._("Identity vigilance is done by coordinators."))

    @api.model
    def action_scan(self):
        """List the probable twins among the patients of the user's organisations."""
        self._check_vigilance_user()
        companies = self.env.companies
        # sudo: the scan reads the traits of every patient of the user's organisations
        # (coordinators see them all) and the stored matricule, which no user reads.
        patients = self.env["parcours.patient"].sudo().search([("company_id", "in", companies.ids)])
        people = [
            {
                "id": patient.id,
                "group": patient.company_id.id,
                "birth_name": patient.birth_name,
                "first_names": patient.first_names,
                "birth_date": patient.birth_date,
                "sex": patient.sex,
                "matricule": patient.ins_matricule,
            }
            for patient in patients
        ]
        found = probable_twins(people)
        # sudo: twins refuse every user's write; only the pairs of the user's organisations
        # (env.companies, checked by Odoo against the user's own) are read, dropped or made.
        Twin = self.sudo()
        known = {
            (twin.patient_id.id, twin.other_patient_id.id): twin
            for twin in Twin.search([("company_id", "in", companies.ids)])
        }
        stale = Twin.browse(
            twin.id for pair, twin in known.items() if twin.state == "open" and pair not in found
        )
        stale.unlink()
        to_create = []
        for (first, second), reasons in found.items():
            values = {
                "same_ins": "ins" in reasons,
                "same_strict_traits": "strict" in reasons,
                "sounds_alike": "phonetic" in reasons,
                "transposed_birth_date": "transposed" in reasons,
            }
            twin = known.get((first, second))
            if twin and twin.state == "open":
                twin.write(values)
            elif not twin:
                to_create.append({"patient_id": first, "other_patient_id": second, **values})
        Twin.create(to_create)
        return True

    @api.model
    def action_open_vigilance(self):
        """The vigilance screen, scanned afresh."""
        self.action_scan()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_base.parcours_patient_twin_action"
        )

    def action_dismiss(self):
        """Two different people: the pair is no longer listed."""
        self._check_vigilance_user()
        self.check_access("read")
        # sudo: twins refuse every user's write; these pairs were just checked readable by
        # this coordinator (the organisation rule), only their review is written.
        self.sudo().write(
            {
                "state": "dismissed",
                "reviewed_by_id": self.env.user.id,
                "reviewed_on": fields.Datetime.now(),
            }
        )
        return True

    def action_prepare_merge(self):
        """Open the merge of the pair, keeping the better-established identity."""
        self.ensure_one()
        self._check_vigilance_user()
        rank = ["provisional", "recovered", "validated", "qualified"]
        kept, absorbed = self.patient_id, self.other_patient_id
        if rank.index(absorbed.identity_status) > rank.index(kept.identity_status):
            kept, absorbed = absorbed, kept
        return {
            "type": "ir.actions.act_window",
            "res_model": "parcours.patient.merge",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_kept_patient_id": kept.id,
                "default_absorbed_patient_id": absorbed.id,
                "default_twin_id": self.id,
            },
        }
