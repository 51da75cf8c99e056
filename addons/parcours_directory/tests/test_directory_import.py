import base64
import os
import tempfile

from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import file_path

from odoo.addons.parcours_base.tests.common import ParcoursCase

from .test_directory_files import FINESS_SAMPLE, RPPS_SAMPLE


class TestDirectoryImport(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.new_parcours_user("directory_admin", "parcours_base.group_parcours_admin")
        cls.Professional = cls.env["parcours.directory.professional"].with_context(
            active_test=False
        )
        # Start from empty directories, whether or not the demo samples were imported.
        cls.Professional.search([]).unlink()
        cls.env["parcours.directory.structure"].with_context(active_test=False).search([]).unlink()

    def upload(self, kind, content, name="file.txt", user=None):
        wizard = (
            self.env["parcours.directory.upload"]
            .with_user(user or self.admin)
            .create({"kind": kind, "data": base64.b64encode(content), "file_name": name})
        )
        action = wizard.action_import()
        return self.env["parcours.directory.import"].browse(action["res_id"])

    def sample(self, path):
        with open(file_path(path), "rb") as handle:
            return handle.read()

    def test_import_twice_makes_no_duplicate(self):
        content = self.sample(RPPS_SAMPLE)
        first = self.upload("rpps", content)
        self.assertEqual((first.line_count, first.created_count, first.updated_count), (8, 8, 0))
        count = self.Professional.search_count([])
        second = self.upload("rpps", content)
        self.assertEqual(
            (second.created_count, second.updated_count, second.retired_count), (0, 0, 0)
        )
        self.assertEqual(self.Professional.search_count([]), count)
        gp = self.Professional.search([("identifier", "=", "19900000017")])
        self.assertEqual(len(gp), 1)
        self.assertEqual(gp.mssante_email, "etienne.fictif-roussel@medecin.mssante.fr")
        self.assertEqual(gp.specialty, "Médecine Générale")

    def test_changed_file_updates_adds_and_retires(self):
        content = self.sample(RPPS_SAMPLE).decode("utf-8")
        self.upload("rpps", content.encode())
        lines = content.split("\r\n")
        # The GP moves; the dietitian leaves the file; a new nurse appears.
        lines[1] = lines[1].replace("DES TILLEULS", "DU NOUVEAU CABINET")
        gone = lines.pop(6)
        self.assertIn("ESSAI-ADELI", gone)
        lines.insert(
            6, lines[6].replace("19900000058", "19900000074").replace("TEMOIN", "NOUVELLE")
        )
        log = self.upload("rpps", "\r\n".join(lines).encode())
        self.assertEqual((log.created_count, log.updated_count, log.retired_count), (1, 1, 1))
        gp = self.Professional.search([("identifier", "=", "19900000017")])
        self.assertEqual(gp.street, "12 Rue DU NOUVEAU CABINET")
        self.assertFalse(self.Professional.search([("identifier", "=", "129900005")]).active)
        # The old file again: the dietitian is listed again, not duplicated.
        log = self.upload("rpps", content.encode())
        self.assertEqual(self.Professional.search_count([("identifier", "=", "129900005")]), 1)
        self.assertTrue(self.Professional.search([("identifier", "=", "129900005")]).active)

    def test_finess_import_twice(self):
        content = self.sample(FINESS_SAMPLE)
        self.assertEqual(self.upload("finess", content).created_count, 4)
        self.assertEqual(self.upload("finess", content).created_count, 0)
        Structure = self.env["parcours.directory.structure"]
        self.assertEqual(Structure.search_count([]), 4)
        csapa = Structure.search([("finess", "=", "349900013")])
        self.assertEqual(csapa.city, "LUNEL")
        self.assertEqual(Structure.with_user(self.gp_user).name_search("lunel")[0][0], csapa.id)

    def test_only_administrators_import_and_wrong_files_are_refused(self):
        content = self.sample(RPPS_SAMPLE)
        with self.assertRaises(AccessError):
            self.upload("rpps", content, user=self.coordinator)
        with self.assertRaises(UserError):
            self.upload("finess", content)
        with self.assertRaises(UserError):
            self.upload("rpps", self.sample(FINESS_SAMPLE))
        self.assertFalse(self.Professional.search_count([]))

    def test_scheduled_refresh_reads_the_configured_path(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "PS_LibreAcces_Personne_activite.txt")
            with open(path, "wb") as handle:
                handle.write(self.sample(RPPS_SAMPLE))
            self.env["ir.config_parameter"].sudo().set_param("parcours_directory.rpps_path", path)
            self.env["parcours.directory.import"].with_user(self.admin)._cron_refresh()
        self.assertEqual(self.Professional.search_count([]), 8)

    def test_choosing_a_gp_and_a_specialist_from_a_pathway(self):
        self.upload("rpps", self.sample(RPPS_SAMPLE))
        pathway = self.create_pathway()
        as_coordinator = pathway.with_user(self.coordinator)
        Directory = self.env["parcours.directory.professional"].with_user(self.coordinator)
        found = Directory.name_search("exemple-souffle")
        self.assertEqual(len(found), 2)  # the two activities of the pulmonologist
        self.assertEqual(Directory.name_search("19900000033")[0][0], found[0][0])
        self.assertTrue(Directory.name_search("Laguiole"))
        specialist = Directory.browse(found[0][0])
        as_coordinator.referrer_directory_id = specialist
        referrer = as_coordinator.referrer_id
        self.assertEqual(referrer.parcours_rpps, "19900000033")
        self.assertEqual(referrer.parcours_directory_source, "rpps")
        self.assertEqual(
            referrer.parcours_profession_id, self.env.ref("parcours_base.profession_specialist")
        )
        self.assertEqual(as_coordinator.referrer_directory_id, specialist)
        # The GP of the patient, chosen in the directory, gets the GP profession.
        gp_entry = Directory.search([("identifier", "=", "19900000017")])
        patient = pathway.patient_id.with_user(self.coordinator)
        patient.gp_directory_id = gp_entry
        self.assertEqual(patient.gp_id.parcours_profession_id, self.gp_profession)
        self.assertEqual(patient.gp_id.parcours_mssante_email, gp_entry.mssante_email)
        # Chosen again elsewhere: the same contact, not a second one.
        other = self.create_pathway().with_user(self.coordinator)
        other.referrer_directory_id = specialist
        self.assertEqual(other.referrer_id, referrer)

    def test_professionals_entered_by_hand_are_flagged(self):
        partner = self.env["res.partner"].create(
            {"name": "Dr Saisie Main", "parcours_profession_id": self.gp_profession.id}
        )
        self.assertEqual(partner.parcours_directory_source, "manual")
        self.assertEqual(self.gp_user.partner_id.parcours_directory_source, "manual")
        self.assertFalse(
            self.env["res.partner"].create({"name": "Anyone"}).parcours_directory_source
        )
