from odoo import Command, fields

from odoo.addons.parcours_base.tests.common import ParcoursCase


class CovidCase(ParcoursCase):
    """The shipped long-COVID programme run by the test organisation (territory: 31)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.covid = cls.env.ref("parcours_covid.programme_covid")
        cls.covid.company_ids = [Command.link(cls.organisation.id)]
        cls.organisation.covid_territory = "31, 09"
        cls.axis_smell = cls.env.ref("parcours_covid.axis_taste_smell")
        cls.axis_cardio = cls.env.ref("parcours_covid.axis_cardio_respiratory")
        cls.gp_partner = cls.gp_user.partner_id

    @classmethod
    def log_request(cls, user=None, **values):
        """Run the phone intake as `user` (the coordinator by default); return the pathway."""
        vals = {
            "birth_name": values.pop("birth_name", "Souffle"),
            "first_names": values.pop("first_names", "Marie"),
            "birth_date": values.pop("birth_date", "1980-05-17"),
            "sex": "female",
            "zip": "31000",
            "onset_date": "2026-01-05",
            "request_date": fields.Date.today(),
            "axis_ids": [Command.set(cls.axis_smell.ids)],
            **values,
        }
        intake = cls.env["parcours.covid.intake"].with_user(user or cls.coordinator).create(vals)
        action = intake.action_confirm()
        return cls.env["parcours.pathway"].browse(action["res_id"])

    @classmethod
    def create_resource(cls, name, department="31", axes=None, kind="specialist", **values):
        return cls.env["parcours.covid.resource"].create(
            {
                "name": name,
                "department": department,
                "kind": kind,
                "axis_ids": [Command.set((axes or cls.axis_smell).ids)],
                **values,
            }
        )
