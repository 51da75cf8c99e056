from odoo import Command
from odoo.exceptions import AccessError

from .common import CovidCase


class TestCovidAccess(CovidCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_cell = cls.env["res.company"].create({"name": "Cellule post-COVID 34"})
        cls.covid.company_ids = [Command.link(cls.other_cell.id)]
        cls.other_operator = cls.new_parcours_user(
            "other_operator", "parcours_base.group_parcours_coordinator", company=cls.other_cell
        )
        cls.resource = cls.create_resource("Dr Nez, ENT")
        cls.pathway = cls.log_request()
        cls.referral = cls.env["parcours.covid.referral"].create(
            {"pathway_id": cls.pathway.id, "resource_id": cls.resource.id}
        )

    def test_other_cell_cannot_see_the_request(self):
        other_pathway = self.log_request(user=self.other_operator, birth_name="Montpellier")
        self.assertEqual(other_pathway.company_id, self.other_cell)
        Pathway = self.env["parcours.pathway"].with_user(self.other_operator)
        self.assertEqual(Pathway.search([("covid_intake", "=", True)]), other_pathway)
        with self.assertRefused(AccessError, "parcours.pathway"):
            self.pathway.with_user(self.other_operator).read(["covid_channel"])
        with self.assertRefused(AccessError, "parcours.covid.referral"):
            self.referral.with_user(self.other_operator).read(["state"])
        self.assertEqual(self.pathway.with_user(self.coordinator).covid_referral_ids, self.referral)

    def test_professional_sees_referrals_of_their_care_team_only(self):
        with self.assertRefused(AccessError, "parcours.covid.referral"):
            self.referral.with_user(self.gp_user).read(["state"])
        self.pathway.member_ids = [
            Command.create(
                {"partner_id": self.gp_partner.id, "profession_id": self.gp_profession.id}
            )
        ]
        self.referral.with_user(self.gp_user).action_accept()
        self.assertEqual(self.referral.state, "accepted")

    def test_manager_reads_but_does_not_change_referrals(self):
        self.assertEqual(self.referral.with_user(self.manager).state, "sent")
        with self.assertRefused(AccessError, "parcours.covid.referral"):
            self.referral.with_user(self.manager).write({"outcome": "x"})

    def test_resource_directory_is_shared_or_per_cell(self):
        own = self.create_resource("Kiné du 34", department="34", company_id=self.other_cell.id)
        Resource = self.env["parcours.covid.resource"]
        self.assertIn(self.resource, Resource.with_user(self.gp_user).search([]))
        self.assertNotIn(own, Resource.with_user(self.coordinator).search([]))
        self.assertIn(own, Resource.with_user(self.other_operator).search([]))
        with self.assertRefused(AccessError, "parcours.covid.resource"):
            Resource.with_user(self.gp_user).create({"name": "X", "department": "31"})
