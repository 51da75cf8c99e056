from freezegun import freeze_time

from odoo.exceptions import AccessError

from .common import MsmaCase


@freeze_time("2026-01-05")
class TestMsmaAccess(MsmaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_csapa = cls.env["res.partner"].create(
            {"name": "CSAPA Other", "is_company": True, "parcours_structure_type": "csapa"}
        )
        cls.other_psychologist = cls.new_parcours_user(
            "other_psychologist",
            "parcours_base.group_parcours_professional",
            profession=cls.psychologist_profession,
        )
        cls.csapa_coordinator = cls.new_parcours_user(
            "csapa_coordinator", "parcours_base.group_parcours_professional"
        )
        cls.microstructure.coordinator_ids = cls.csapa_coordinator
        cls.other_microstructure = cls.create_microstructure("MSP Other", cls.other_csapa)

    def test_professional_sees_only_their_team_pathways(self):
        own = self.include_msma(self.create_msma_pathway())
        foreign = self.create_msma_pathway(
            self.other_microstructure,
            team=(self.gp_user, self.other_psychologist, self.social_worker_user),
        )
        # A psychologist of the same microstructure who is not on this patient's team.
        not_on_team = self.create_msma_pathway(team=(self.gp_user, self.social_worker_user))
        Pathway = self.env["parcours.pathway"].with_user(self.psychologist_user)
        self.assertEqual(Pathway.search([("programme_id", "=", self.msma.id)]), own)
        with self.assertRefused(AccessError, "parcours.pathway"):
            foreign.with_user(self.psychologist_user).read(["name"])
        with self.assertRefused(AccessError, "parcours.pathway"):
            not_on_team.with_user(self.psychologist_user).read(["name"])
        self.assertTrue(own.with_user(self.psychologist_user).msma_period_ids)
        self.assertTrue(own.with_user(self.psychologist_user).msma_assessment_ids)
        period = own.msma_period_ids
        with self.assertRefused(AccessError, "parcours.msma.period"):
            period.with_user(self.other_psychologist).read(["date_start"])
        assessment = own.msma_assessment_ids
        with self.assertRefused(AccessError, "parcours.msma.assessment"):
            assessment.with_user(self.other_psychologist).read(["housing"])
        assessment.with_user(self.psychologist_user).housing = True
        self.assertTrue(assessment.housing)

    def test_partner_structure_coordinator_sees_its_microstructures(self):
        own = self.include_msma(self.create_msma_pathway())
        foreign = self.include_msma(self.create_msma_pathway(self.other_microstructure))
        as_coordinator = self.env["parcours.pathway"].with_user(self.csapa_coordinator)
        self.assertEqual(as_coordinator.search([("programme_id", "=", self.msma.id)]), own)
        self.assertTrue(own.with_user(self.csapa_coordinator).patient_id.display_name)
        self.assertEqual(own.with_user(self.csapa_coordinator).msma_period_ids, own.msma_period_ids)
        with self.assertRefused(AccessError, "parcours.pathway"):
            foreign.with_user(self.csapa_coordinator).read(["name"])
        # Seeing is not deciding: the care team and the programme's coordinators do.
        with self.assertRefused(AccessError, "parcours.pathway"):
            own.with_user(self.csapa_coordinator).write({"priority": "1"})
        # Health fields stay with the care team.
        with self.assertRefused(AccessError, "msma_hcv_status|not allowed|field"):
            own.with_user(self.manager).read(["msma_hcv_status"])

    def test_microstructures_are_set_up_by_coordinators(self):
        as_psychologist = self.microstructure.with_user(self.psychologist_user)
        self.assertEqual(as_psychologist.name, "MSP Test")
        with self.assertRefused(AccessError, "parcours.msma.microstructure"):
            as_psychologist.write({"name": "Renamed"})
        with self.assertRefused(AccessError, "parcours.msma.session"):
            self.env["parcours.msma.session"].with_user(self.psychologist_user).create(
                {"microstructure_id": self.microstructure.id}
            )
        self.microstructure.with_user(self.coordinator).write({"name": "MSP Renamed"})
        self.assertEqual(self.microstructure.name, "MSP Renamed")
        session = (
            self.env["parcours.msma.session"]
            .with_user(self.coordinator)
            .create({"microstructure_id": self.microstructure.id, "weeks": 2})
        )
        events = session.recurrence_id.calendar_event_ids
        self.assertEqual(len(events), 2)
        self.microstructure.session_ids.unlink()
        self.assertFalse(events.exists())
