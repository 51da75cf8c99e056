"""Factories shared by every Parcours addon's tests."""

import io
from contextlib import contextmanager

import openpyxl

from odoo import Command, fields

from odoo.addons.base.tests.common import BaseCommon, new_test_user


class ParcoursCase(BaseCommon):
    """One organisation with a collegial programme, its users of each role, and factories.

    The programme "Test programme" has four stages (request, evaluation, included,
    closed), an eligibility criterion, a required document, and a GP and a
    psychologist who must both approve each inclusion.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls.env.company
        cls.gp_profession = cls.env.ref("parcours_base.profession_gp")
        cls.psychologist_profession = cls.env.ref("parcours_base.profession_psychologist")
        cls.coordinator = cls.new_parcours_user(
            "coordinator", "parcours_base.group_parcours_coordinator"
        )
        cls.manager = cls.new_parcours_user("manager", "parcours_base.group_parcours_manager")
        cls.accountant = cls.new_parcours_user(
            "accountant", "parcours_base.group_parcours_accountant"
        )
        cls.gp_user = cls.new_parcours_user(
            "gp", "parcours_base.group_parcours_professional", profession=cls.gp_profession
        )
        cls.psychologist_user = cls.new_parcours_user(
            "psychologist",
            "parcours_base.group_parcours_professional",
            profession=cls.psychologist_profession,
        )
        cls.programme = cls.create_programme("Test programme", "TEST")

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Like assertRaisesRegex, inside a savepoint so the refused change is undone."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def name_in_every_language(self, record, name):
        """Give `record` the same `name` in every installed language.

        A tour picks shipped data (a programme, a dashboard) by a name of the test's own:
        their names are translated, and a test holds whatever the user's language.
        """
        languages = [code for code, _label in self.env["res.lang"].get_installed()]
        record.update_field_translations("name", dict.fromkeys(languages, name))

    def report_figures(self, report):
        """{(indicator code, breakdown): value} of `report`, computed as its user."""
        report.action_compute()
        return {
            (result.indicator_id.code, result.breakdown_value): result.value
            for result in report.result_ids
        }

    def report_workbook(self, report):
        """The workbook `report` downloads, read back with openpyxl."""
        action = report.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        return openpyxl.load_workbook(io.BytesIO(attachment.raw))

    @classmethod
    def new_parcours_user(cls, login, groups, company=None, profession=None):
        company = company or cls.organisation
        user = new_test_user(
            cls.env,
            login="test_" + login,
            groups=groups,
            company_id=company.id,
            company_ids=[company.id],
            name=login.replace("_", " ").title(),
        )
        if profession:
            user.partner_id.parcours_profession_id = profession
        return user

    @classmethod
    def create_programme(cls, name, code, company=None, **values):
        company = company or cls.organisation
        return cls.env["parcours.programme"].create(
            {
                "name": name,
                "code": code,
                "company_ids": [Command.set(company.ids)],
                "duration_policy": "renewable",
                "duration": 12,
                "duration_unit": "months",
                "stage_ids": [
                    Command.create({"name": "Request", "kind": "request", "sequence": 1}),
                    Command.create({"name": "Evaluation", "kind": "evaluation", "sequence": 2}),
                    Command.create(
                        {
                            "name": "Follow-up",
                            "kind": "included",
                            "sequence": 3,
                            "require_inclusion": True,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Ended",
                            "kind": "closed",
                            "sequence": 4,
                            "fold": True,
                            "require_end_reason": True,
                        }
                    ),
                ],
                "checklist_item_ids": [
                    Command.create({"name": "Complex addiction", "kind": "eligibility"}),
                    Command.create({"name": "Referral letter", "kind": "document"}),
                ],
                "role_ids": [
                    Command.create(
                        {
                            "profession_id": cls.gp_profession.id,
                            "mandatory": True,
                            "approves_inclusion": True,
                        }
                    ),
                    Command.create(
                        {
                            "profession_id": cls.psychologist_profession.id,
                            "approves_inclusion": True,
                        }
                    ),
                ],
                "end_reason_ids": [
                    Command.create({"name": "Patient's wish"}),
                    Command.create({"name": "Reoriented", "is_reorientation": True}),
                ],
                **values,
            }
        )

    patient_counter = 0

    @classmethod
    def create_patient(cls, birth_name=None, first_names="Claire", company=None, **values):
        ParcoursCase.patient_counter += 1
        return cls.env["parcours.patient"].create(
            {
                "birth_name": birth_name or "Martin-%d" % ParcoursCase.patient_counter,
                "first_names": first_names,
                "birth_date": values.pop("birth_date", "1980-05-17"),
                "sex": "female",
                "zip": "12210",
                "company_id": (company or cls.organisation).id,
                **values,
            }
        )

    @classmethod
    def qualify_identity(cls, patient, matricule, oid="1.2.250.1.213.1.4.8"):
        """Give `patient` a qualified INS, as an ID check plus a certified INSi client would."""
        patient._set_identity(
            "qualified",
            "insi",
            {"ins_matricule": matricule, "ins_oid": oid, "identity_proof_kind": "id_card"},
        )
        return patient

    @classmethod
    def create_pathway(cls, patient=None, programme=None, team=(), **values):
        """A pathway whose care team holds the given users (with their profession)."""
        patient = patient or cls.create_patient()
        programme = programme or cls.programme
        return cls.env["parcours.pathway"].create(
            {
                "patient_id": patient.id,
                "programme_id": programme.id,
                "company_id": patient.company_id.id,
                "member_ids": [
                    Command.create(
                        {
                            "partner_id": user.partner_id.id,
                            "profession_id": user.partner_id.parcours_profession_id.id,
                            "date_from": values.get("request_date", fields.Date.today()),
                        }
                    )
                    for user in team
                ],
                **values,
            }
        )

    @classmethod
    def record_consent(cls, pathway, date=None):
        return cls.env["parcours.consent"].create(
            {"pathway_id": pathway.id, "date": date or pathway.request_date}
        )

    @classmethod
    def tick_checklist(cls, pathway, kind="eligibility"):
        pathway.checklist_line_ids.filtered(lambda line: line.kind == kind).done = True

    @classmethod
    def approve_as(cls, pathway, *users):
        for user in users:
            pathway.with_user(user).action_approve_inclusion()

    @classmethod
    def include(cls, pathway):
        """Consent, eligibility, the two approvals, then inclusion."""
        cls.record_consent(pathway)
        cls.tick_checklist(pathway)
        cls.approve_as(pathway, cls.gp_user, cls.psychologist_user)
        pathway.with_user(cls.coordinator).action_include()
        return pathway
