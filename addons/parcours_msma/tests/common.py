from odoo import Command

from odoo.addons.parcours_base.tests.common import ParcoursCase


class MsmaCase(ParcoursCase):
    """The shipped MSMA programme, a social worker, two microstructures and factories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.msma = cls.env.ref("parcours_msma.programme_msma")
        cls.social_worker_profession = cls.env.ref("parcours_base.profession_social_worker")
        cls.social_worker_user = cls.new_parcours_user(
            "social_worker",
            "parcours_base.group_parcours_professional",
            profession=cls.social_worker_profession,
        )
        cls.csapa = cls.env["res.partner"].create(
            {"name": "CSAPA Test", "is_company": True, "parcours_structure_type": "csapa"}
        )
        cls.microstructure = cls.create_microstructure("MSP Test", cls.csapa)

    @classmethod
    def create_microstructure(cls, name, structure, **values):
        return cls.env["parcours.msma.microstructure"].create(
            {
                "name": name,
                "department": "12",
                "structure_id": structure.id,
                "programme_id": cls.msma.id,
                "gp_ids": [Command.set(cls.gp_user.partner_id.ids)],
                "psychologist_ids": [Command.set(cls.psychologist_user.partner_id.ids)],
                "social_worker_ids": [Command.set(cls.social_worker_user.partner_id.ids)],
                **values,
            }
        )

    @classmethod
    def create_msma_pathway(cls, microstructure=None, team=None, **values):
        if team is None:
            team = (cls.gp_user, cls.psychologist_user, cls.social_worker_user)
        return cls.create_pathway(
            programme=cls.msma,
            team=team,
            microstructure_id=(microstructure or cls.microstructure).id,
            **values,
        )

    @classmethod
    def include_msma(cls, pathway):
        """Consent, eligibility, the three collegial approvals, then inclusion."""
        cls.record_consent(pathway)
        cls.tick_checklist(pathway)
        cls.approve_as(pathway, cls.gp_user, cls.psychologist_user, cls.social_worker_user)
        pathway.with_user(cls.coordinator).action_include()
        return pathway

    @classmethod
    def create_rcp(cls, when, present=None):
        if present is None:
            present = (cls.gp_user, cls.psychologist_user, cls.social_worker_user)
        return cls.env["parcours.rcp"].create(
            {
                "date": when,
                "programme_ids": [Command.set(cls.msma.ids)],
                "attendee_ids": [
                    Command.create({"partner_id": user.partner_id.id, "attendance": "present"})
                    for user in present
                ],
            }
        )
