"""Factories shared by every Parcours addon's tests."""

from odoo.addons.base.tests.common import BaseCommon, new_test_user


class ParcoursCase(BaseCommon):
    """Users of each Parcours role in one organisation, and a programme."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls.env.company
        cls.coordinator = cls.new_parcours_user(
            "coordinator", "parcours_base.group_parcours_coordinator"
        )
        cls.professional = cls.new_parcours_user(
            "professional", "parcours_base.group_parcours_professional"
        )
        cls.programme = cls.env["parcours.programme"].create(
            {"name": "Test programme", "code": "TEST", "company_ids": [cls.organisation.id]}
        )

    @classmethod
    def new_parcours_user(cls, login, groups, company=None):
        company = company or cls.organisation
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[company.id],
            name=login.replace("_", " ").title(),
        )
