from datetime import datetime

from odoo import Command

from odoo.addons.parcours_base.tests.common import ParcoursCase


class RehabCase(ParcoursCase):
    """The shipped rehabilitation programme, its professionals, bikes and factories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rehab = cls.env.ref("parcours_rehab.programme_rehab")
        cls.rehab.company_ids = [Command.link(cls.organisation.id)]
        cls.referent_user = cls.new_parcours_user(
            "referent",
            "parcours_base.group_parcours_professional",
            profession=cls.env.ref("parcours_base.profession_programme_referent"),
        )
        cls.director_user = cls.new_parcours_user(
            "director",
            "parcours_base.group_parcours_professional",
            profession=cls.env.ref("parcours_base.profession_medical_director"),
        )
        cls.assistant_user = cls.new_parcours_user(
            "assistant",
            "parcours_base.group_parcours_coordinator",
            profession=cls.env.ref("parcours_base.profession_coordination_assistant"),
        )
        cls.logistics = cls.env["res.partner"].create(
            {"name": "Bike Logistics", "is_company": True}
        )
        cls.bike = cls.create_bike("ERG-001")

    @classmethod
    def create_bike(cls, serial, **values):
        return cls.env["parcours.rehab.ergocycle"].create(
            {
                "name": serial,
                "model": "Cyclo 200",
                "low_load": True,
                "logistics_partner_id": cls.logistics.id,
                **values,
            }
        )

    @classmethod
    def create_rehab_pathway(cls, team=None, **values):
        if team is None:
            team = (cls.referent_user, cls.director_user, cls.gp_user)
        values.setdefault("request_date", "2026-01-05")
        values.setdefault("rehab_entry_mode", "standard")
        return cls.create_pathway(
            programme=cls.rehab,
            team=team,
            referral_source="specialist",
            **values,
        )

    @classmethod
    def receive_documents(cls, lines, user=None):
        """Attach a file to each required document line and tick it received."""
        for line in lines:
            attachment = cls.env["ir.attachment"].create(
                {
                    "name": "%s.pdf" % line.item_id.name,
                    "raw": b"%PDF-1.4 test",
                    "res_model": "parcours.pathway",
                    "res_id": line.pathway_id.id,
                }
            )
            line.with_user(user or cls.env.user).write(
                {"attachment_ids": [Command.link(attachment.id)], "done": True}
            )

    @classmethod
    def complete_file(cls, pathway):
        cls.receive_documents(
            pathway.checklist_line_ids.filtered(lambda line: line.kind == "document")
        )

    @classmethod
    def include_rehab(cls, pathway, start=None):
        """Complete file, director's validation, consent and eligibility, then inclusion."""
        if pathway.state == "draft":
            pathway.with_user(cls.assistant_user).action_submit_request()
        cls.complete_file(pathway)
        pathway.with_user(cls.director_user).action_rehab_validate()
        if start:
            pathway.rehab_planned_start_date = start
        if not pathway.rehab_committee_id:
            pathway.rehab_committee_id = cls.create_committee(
                datetime.combine(pathway.file_complete_date, datetime.min.time())
            )
        cls.record_consent(pathway, date=pathway.file_complete_date)
        cls.tick_checklist(pathway)
        pathway.with_user(cls.assistant_user).action_include()
        return pathway

    @classmethod
    def create_committee(cls, when):
        return cls.env["parcours.rcp"].create(
            {
                "name": "Rehab committee",
                "kind": "committee",
                "date": when if isinstance(when, datetime) else datetime.fromisoformat(when),
                "programme_ids": [Command.set(cls.rehab.ids)],
                "attendee_ids": [
                    Command.create({"partner_id": user.partner_id.id, "attendance": "present"})
                    for user in (cls.director_user, cls.assistant_user, cls.referent_user)
                ],
            }
        )
