from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user
from odoo.tools import mute_logger

from .common import ParcoursCase


class TestProgramme(ParcoursCase):
    def test_code_is_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["parcours.programme"].create({"name": "Twin", "code": "TEST"})

    def test_coordinator_reads_but_does_not_configure(self):
        programme = self.programme.with_user(self.coordinator)
        self.assertEqual(programme.name, "Test programme")
        with self.assertRaises(AccessError):
            programme.write({"name": "Renamed"})

    def test_administrator_builds_a_programme_and_a_coordinator_enrols_a_patient(self):
        """Low-code: a new programme is configured and used from the UI forms alone."""
        admin = new_test_user(
            self.env, login="parcours_admin", groups="parcours_base.group_parcours_admin"
        )
        with Form(self.env["parcours.programme"].with_user(admin)) as programme_form:
            programme_form.name = "Paediatric mobile rehabilitation"
            programme_form.code = "PEDREHAB"
            programme_form.duration_policy = "fixed"
            programme_form.duration = 90
            programme_form.duration_unit = "days"
            for sequence, (name, kind) in enumerate(
                [("Request", "request"), ("Home visit", "included"), ("Done", "closed")]
            ):
                with programme_form.stage_ids.new() as stage:
                    stage.name = name
                    stage.kind = kind
                    stage.sequence = sequence
            with programme_form.checklist_item_ids.new() as item:
                item.name = "Request form received"
                item.kind = "document"
            with programme_form.role_ids.new() as role:
                role.profession_id = self.env.ref("parcours_base.profession_physiotherapist")
                role.approves_inclusion = True
            with programme_form.end_reason_ids.new() as reason:
                reason.name = "Equipment returned"
        programme = programme_form.save()
        self.assertEqual(programme.stage_ids.mapped("kind"), ["request", "included", "closed"])

        physio = self.new_parcours_user(
            "physio",
            "parcours_base.group_parcours_professional",
            profession=self.env.ref("parcours_base.profession_physiotherapist"),
        )
        patient = self.create_patient("Petit", "Lou", birth_date="2019-02-01")
        with Form(self.env["parcours.pathway"].with_user(self.coordinator)) as pathway_form:
            pathway_form.patient_id = patient
            pathway_form.programme_id = programme
            pathway_form.referral_source = "hospital"
            with pathway_form.member_ids.new() as member:
                member.partner_id = physio.partner_id
            with pathway_form.consent_ids.new() as consent:
                consent.signatory = "representative"
                consent.representative_name = "Parent of Lou"
        pathway = pathway_form.save()
        self.assertEqual(pathway.stage_id.name, "Request")
        self.assertEqual(len(pathway.checklist_line_ids), 1)
        self.assertEqual(pathway.member_ids.profession_id.code, "PHYSIOTHERAPIST")
        self.assertTrue(pathway.name.startswith("PEDREHAB-"))

        pathway.with_user(physio).action_approve_inclusion()
        pathway.with_user(self.coordinator).action_include()
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.stage_id.name, "Home visit")
        self.assertEqual((pathway.planned_end_date - pathway.inclusion_date).days, 90)
