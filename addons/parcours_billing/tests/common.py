"""Billing factories: an MSMA-shaped forfait rule on the test programme and its team."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command

from odoo.addons.parcours_base.tests.common import ParcoursCase

# Payout periods are paid once ended: the tests live after the periods they bill.
TODAY = "2027-06-30 12:00:00"


class BillingCase(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(freeze_time(TODAY))
        cls.second_accountant = cls.new_parcours_user(
            "second_accountant", "parcours_base.group_parcours_accountant"
        )
        cls.social_worker_profession = cls.env.ref("parcours_base.profession_social_worker")
        cls.consultation = cls.env.ref("parcours_base.encounter_kind_consultation")
        cls.csapa = cls.env["res.partner"].create(
            {"name": "CSAPA Test", "parcours_structure_type": "csapa", "is_company": True}
        )
        cls.social_worker_user = cls.new_parcours_user(
            "social_worker",
            "parcours_base.group_parcours_professional",
            profession=cls.social_worker_profession,
        )
        cls.social_worker_user.partner_id.write(
            {"parcours_employment": "salaried", "parcours_employer_id": cls.csapa.id}
        )
        (cls.gp_user | cls.psychologist_user).partner_id.parcours_employment = "self_employed"
        cls.psychologist_user.partner_id.parcours_employer_id = cls.csapa
        cls.funder = cls.env["res.partner"].create({"name": "FISS Test", "is_company": True})
        cls.rule = cls.create_msma_like_rule(cls.programme)

    @classmethod
    def create_msma_like_rule(cls, programme, company=None):
        """The MSMA split of domain.md section 2, on any programme."""
        gp, psy, sw = cls.gp_profession, cls.psychologist_profession, cls.social_worker_profession

        def component(sequence, name, amount, **values):
            return Command.create({"sequence": sequence, "name": name, "amount": amount, **values})

        return cls.env["parcours.forfait.rule"].create(
            {
                "name": "Test annual forfait",
                "programme_id": programme.id,
                "company_id": company.id if company else False,
                "amount": 529,
                "period_kind": "yearly",
                "funder_id": cls.funder.id,
                "component_ids": [
                    component(
                        1,
                        "Psychologist consultations",
                        225,
                        computation="per_encounter",
                        rate=45,
                        max_count=5,
                        encounter_kind_id=cls.consultation.id,
                        profession_id=psy.id,
                        self_employed_only=True,
                    ),
                    component(
                        2,
                        "Social worker consultations",
                        186,
                        beneficiary_kind="employer",
                        profession_id=sw.id,
                    ),
                    component(3, "Travel", 5, beneficiary_kind="employer", profession_id=sw.id),
                    component(
                        4,
                        "RCP time, GP",
                        11,
                        computation="pooled",
                        hourly_rate=75,
                        profession_id=gp.id,
                        self_employed_only=True,
                    ),
                    component(
                        5,
                        "RCP time, psychologist",
                        6,
                        computation="pooled",
                        hourly_rate=45,
                        profession_id=psy.id,
                        self_employed_only=True,
                    ),
                    component(
                        6,
                        "RCP time, social worker",
                        4,
                        computation="pooled",
                        hourly_rate=31,
                        profession_id=sw.id,
                        self_employed_only=True,
                    ),
                    component(
                        7,
                        "Administrative coordination",
                        38,
                        beneficiary_kind="organisation",
                        early_exit="prorata",
                    ),
                    component(8, "Medical coordination", 54, beneficiary_kind="organisation"),
                    component(
                        9,
                        "Balance to the partner structure",
                        0,
                        computation="remainder",
                        beneficiary_kind="employer",
                        profession_id=sw.id,
                    ),
                ],
            }
        )

    @classmethod
    def included_pathway(cls, day="2026-01-05", programme=None, consultations=5, **values):
        """A pathway included on `day` with GP, psychologist and social worker on its team."""
        with freeze_time(day):
            pathway = cls.include(
                cls.create_pathway(
                    programme=programme,
                    team=(cls.gp_user, cls.psychologist_user, cls.social_worker_user),
                    request_date=day,
                    **values,
                )
            )
        cls.env["parcours.encounter"].create(
            [
                {
                    "pathway_id": pathway.id,
                    "partner_id": cls.psychologist_user.partner_id.id,
                    "kind_id": cls.consultation.id,
                    "start": datetime(2026, 2 + month, 10, 10, 0),
                    "state": "done",
                }
                for month in range(consultations)
            ]
        )
        return pathway

    @classmethod
    def validated_rcp(cls, day, minutes=90, programme=None):
        users = (cls.gp_user, cls.psychologist_user, cls.social_worker_user)
        rcp = cls.env["parcours.rcp"].create(
            {
                "name": "RCP %s" % day,
                "date": day,
                "programme_ids": [Command.set((programme or cls.programme).ids)],
                "attendee_ids": [
                    Command.create({"partner_id": user.partner_id.id, "minutes_attended": minutes})
                    for user in users
                ],
            }
        )
        rcp.action_hold()
        # Minutes are validated once the meeting has taken place.
        with freeze_time(day):
            rcp.action_validate()
        return rcp

    def new_run(self, date_from="2027-01-01", date_to="2027-01-31", programme=None, user=None):
        return (
            self.env["parcours.payout.run"]
            .with_user(user or self.accountant)
            .create(
                {
                    "programme_id": (programme or self.programme).id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        )

    def amounts(self, lines):
        """{(component name, beneficiary name): amount} of lines."""
        return {(line.component_id.name, line.partner_id.name): line.amount for line in lines}

    @classmethod
    def pathway_included_on(cls, programme, day, team, **values):
        """A pathway of `programme` recorded as included on `day` (vertical workflows aside)."""
        if cls.organisation not in programme.company_ids:
            programme.company_ids = [Command.link(cls.organisation.id)]
        return cls.create_pathway(
            programme=programme,
            team=team,
            request_date=day,
            inclusion_date=day,
            state="included",
            **values,
        )

    @classmethod
    def done_encounters(cls, pathway, user, kind, count, first_month=2):
        return cls.env["parcours.encounter"].create(
            [
                {
                    "pathway_id": pathway.id,
                    "partner_id": user.partner_id.id,
                    "kind_id": kind.id,
                    "start": datetime(2026, first_month + index, 10, 10, 0),
                    "state": "done",
                }
                for index in range(count)
            ]
        )
