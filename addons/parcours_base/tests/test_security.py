from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError

from .common import ParcoursCase


class TestAccessRights(ParcoursCase):
    """Who may do what on health data, run as each role (least privilege first)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outsider = cls.new_parcours_user(
            "outsider", "parcours_base.group_parcours_professional", profession=cls.gp_profession
        )
        cls.pathway = cls.create_pathway(team=(cls.gp_user, cls.psychologist_user))
        cls.record_consent(cls.pathway)
        cls.other_pathway = cls.create_pathway(team=(cls.outsider,))
        cls.other_org = cls.env["res.company"].create({"name": "Cellule Hérault"})
        cls.other_coordinator = cls.new_parcours_user(
            "coordinator_b", "parcours_base.group_parcours_coordinator", company=cls.other_org
        )
        cls.other_manager = cls.new_parcours_user(
            "manager_b", "parcours_base.group_parcours_manager", company=cls.other_org
        )
        cls.other_programme = cls.create_programme("Programme B", "PB", company=cls.other_org)
        cls.foreign_patient = cls.create_patient(
            "Secretname", "Zoé", company=cls.other_org, phone="0611223344"
        )
        cls.foreign_pathway = cls.create_pathway(
            patient=cls.foreign_patient, programme=cls.other_programme
        )

    def assertInvisible(self, user, records):
        """`user` can neither find nor read `records`."""
        model = records.with_user(user)
        self.assertFalse(model.search([("id", "in", records.ids)]))
        with self.assertRaises(AccessError):
            model.read(["display_name"])

    def test_professional_works_on_own_team_pathways_only(self):
        own = self.pathway.with_user(self.gp_user)
        self.assertEqual(own.patient_id.birth_name, self.pathway.patient_id.birth_name)
        own.gp_informed_date = fields.Date.today()
        self.assertEqual(own.consent_ids, self.pathway.consent_ids)
        with self.assertRaises(AccessError):
            self.env["parcours.pathway"].with_user(self.gp_user).create(
                {"patient_id": self.create_patient().id, "programme_id": self.programme.id}
            )
        with self.assertRaises(AccessError):
            own.unlink()
        self.assertInvisible(self.gp_user, self.other_pathway)
        self.assertInvisible(self.gp_user, self.other_pathway.patient_id)
        self.assertInvisible(self.gp_user, self.other_pathway.member_ids)
        self.assertInvisible(self.gp_user, self.foreign_pathway)

    def test_sub_records_follow_the_pathway(self):
        consent = self.pathway.consent_ids
        self.assertTrue(consent.with_user(self.psychologist_user).read(["date"]))
        self.assertInvisible(self.outsider, consent)
        self.assertInvisible(self.outsider, self.pathway.checklist_line_ids)
        with self.assertRaises(AccessError):
            consent.with_user(self.gp_user).write({"withdrawal_date": fields.Date.today()})

    def test_coordinator_manages_own_organisation_only(self):
        pathways = self.env["parcours.pathway"].with_user(self.coordinator)
        found = pathways.search([])
        self.assertIn(self.pathway, found)
        self.assertIn(self.other_pathway, found)
        self.assertNotIn(self.foreign_pathway, found)
        self.assertInvisible(self.coordinator, self.foreign_pathway)
        self.assertInvisible(self.coordinator, self.foreign_patient)
        patient = self.create_patient("Nouvelle", "Patiente").with_user(self.coordinator)
        pathway = pathways.create({"patient_id": patient.id, "programme_id": self.programme.id})
        pathway.unlink()

    def test_manager_reads_but_never_writes(self):
        pathway = self.pathway.with_user(self.manager)
        self.assertTrue(pathway.read(["state"]))
        with self.assertRaises(AccessError):
            pathway.write({"priority": "1"})
        with self.assertRaises(AccessError):
            pathway.patient_id.write({"phone": "0600000000"})
        with self.assertRaises(AccessError):
            pathway.unlink()
        self.assertInvisible(self.manager, self.foreign_pathway)

    def test_accountant_has_no_clinical_access(self):
        for records in (self.pathway, self.pathway.patient_id, self.pathway.consent_ids):
            with self.assertRaises(AccessError):
                records.with_user(self.accountant).read(["display_name"])

    def test_configuration_is_for_administrators(self):
        stage = self.programme.stage_ids[0]
        self.assertEqual(stage.with_user(self.coordinator).name, stage.name)
        with self.assertRaises(AccessError):
            stage.with_user(self.coordinator).name = "Renamed"
        admin = self.new_parcours_user("parcours_admin", "parcours_base.group_parcours_admin")
        stage.with_user(admin).name = "Renamed"
        self.assertEqual(stage.name, "Renamed")

    def test_organisations_are_isolated_through_every_door(self):
        user = self.other_coordinator
        patients = self.env["parcours.patient"].with_user(user)
        pathways = self.env["parcours.pathway"].with_user(user)
        # search / name_search
        self.assertEqual(patients.search([]), self.foreign_patient)
        self.assertFalse(patients.name_search(self.pathway.patient_id.birth_name))
        self.assertFalse(pathways.name_search(self.pathway.name))
        # read
        with self.assertRaises(AccessError):
            self.pathway.with_user(user).read(["patient_id"])
        # read_group
        groups = pathways.read_group([], ["programme_id"], ["programme_id"])
        self.assertEqual(sum(group["programme_id_count"] for group in groups), 1)
        # export_data, by the organisation's manager who may export: a pseudonymous reference
        exporter = self.other_manager
        exported = self.foreign_pathway.with_user(exporter).export_data(["patient_id"])["datas"]
        self.assertEqual(exported, [[self.foreign_patient.with_user(exporter).display_name]])
        self.assertNotIn(self.foreign_patient.birth_name, exported[0][0])
        with self.assertRaises(AccessError):
            self.pathway.with_user(exporter).export_data(["patient_id"])
        # contacts: patients are not partners, so no contact search reveals them
        partners = self.env["res.partner"].with_user(self.coordinator)
        self.assertFalse(partners.search([("name", "ilike", "Secretname")]))
        self.assertFalse(partners.search([("phone", "=", "0611223344")]))
        self.assertFalse(partners.name_search("Secretname"))

    def test_removed_professional_loses_access(self):
        member = self.pathway.member_ids.filtered(lambda m: m.user_id == self.psychologist_user)
        today = fields.Date.today()
        member.write(
            {"date_from": today - timedelta(days=30), "date_to": today - timedelta(days=1)}
        )
        self.assertInvisible(self.psychologist_user, self.pathway)
        self.assertInvisible(self.psychologist_user, self.pathway.patient_id)
        self.assertTrue(self.pathway.with_user(self.gp_user).read(["name"]))

    def test_future_member_gains_access_on_start_date(self):
        start = fields.Date.today() + timedelta(days=3)
        self.pathway.member_ids.create(
            {
                "pathway_id": self.pathway.id,
                "partner_id": self.outsider.partner_id.id,
                "date_from": start,
            }
        )
        self.assertInvisible(self.outsider, self.pathway)
        with freeze_time(start):
            self.env["parcours.care.team.member"]._cron_refresh_access()
            self.assertTrue(self.pathway.with_user(self.outsider).read(["name"]))

    def test_chatter_and_attachments_stay_with_the_care_team(self):
        message = self.pathway.message_post(body="Relapse last week", message_type="comment")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "blood-test.pdf",
                "raw": b"results",
                "res_model": "parcours.pathway",
                "res_id": self.pathway.id,
            }
        )
        self.assertTrue(message.with_user(self.gp_user).read(["body"]))
        self.assertEqual(attachment.with_user(self.gp_user).raw, b"results")
        for user in (self.outsider, self.other_coordinator, self.accountant):
            with self.assertRaises(AccessError):
                message.with_user(user).read(["body"])
            with self.assertRaises(AccessError):
                attachment.with_user(user).read(["raw"])
            self.assertFalse(
                self.env["mail.message"].with_user(user).search([("body", "ilike", "Relapse")])
            )
