from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import MsmaCase

SEROLOGY = "msma_hiv_status"


@tagged("post_install", "-at_install")
class TestMsmaDataAccessPerProgramme(MsmaCase):
    """The psychologist reads medical data in MSMA, social data only in a second MSMA-like
    programme whose policy says so; the same care team is on a pathway of each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.psychologist_user.groups_id = [Command.link(cls.env.ref("base.group_allow_export").id)]
        cls.msma_social = cls.create_programme("MSMA social-first", "MSMAS", msma_enabled=True)
        cls.msma_social.with_user(cls.admin).data_access_ids = [
            Command.create(
                {"profession_id": cls.psychologist_profession.id, "data_access": "social"}
            )
        ]
        cls.substance = cls.env["parcours.msma.substance"].search([], limit=1)
        cls.other_microstructure = cls.create_microstructure(
            "MSP Social", cls.csapa, programme_id=cls.msma_social.id
        )
        profile = {
            SEROLOGY: "positive",
            "msma_tso": True,
            "msma_substance_ids": [Command.set(cls.substance.ids)],
        }
        cls.pathway = cls.create_msma_pathway(**profile)
        cls.social_pathway = cls.create_pathway(
            programme=cls.msma_social,
            team=(cls.gp_user, cls.psychologist_user, cls.social_worker_user),
            microstructure_id=cls.other_microstructure.id,
            **profile,
        )
        cls.pathways = cls.pathway | cls.social_pathway
        cls.assessments = cls.env["parcours.msma.assessment"]
        for pathway in cls.pathways:
            cls.assessments |= cls.env["parcours.msma.assessment"].create(
                {
                    "pathway_id": pathway.id,
                    "kind": "rcp",
                    "housing": True,
                    "use_reduced": True,
                    "use_intensity": "high",
                    "note": "Lives in a squat",
                }
            )

    def as_psychologist(self, records):
        return records.with_user(self.psychologist_user)

    def test_profile_and_assessments_read_at_each_programme_level(self):
        rows = {
            row["id"]: row
            for row in self.as_psychologist(self.pathways).read(
                [SEROLOGY, "msma_tso", "msma_substance_ids"]
            )
        }
        self.assertEqual(rows[self.pathway.id][SEROLOGY], "positive")
        self.assertEqual(rows[self.pathway.id]["msma_substance_ids"], self.substance.ids)
        self.assertEqual(
            [rows[self.social_pathway.id][name] for name in (SEROLOGY, "msma_tso")],
            [False, False],
        )
        self.assertEqual(rows[self.social_pathway.id]["msma_substance_ids"], [])
        rows = self.as_psychologist(self.pathways).web_read(
            {SEROLOGY: {}, "msma_substance_ids": {"fields": {"display_name": {}}}}
        )
        self.assertEqual([bool(row[SEROLOGY]) for row in rows], [True, False])
        self.assertEqual([len(row["msma_substance_ids"]) for row in rows], [1, 0])
        rows = self.as_psychologist(self.assessments).read(["housing", "note", "use_reduced"])
        self.assertEqual([row["housing"] for row in rows], [True, True])
        self.assertEqual([row["use_reduced"] for row in rows], [True, False])
        data = self.as_psychologist(self.pathways).export_data(
            ["name", SEROLOGY, "msma_substance_ids/name", "msma_assessment_ids/use_intensity"]
        )["datas"]
        names = [row[0] for row in data]
        start = names.index(self.social_pathway.name)
        self.assertTrue(all(data[0][1:]))
        # The other programme's lines (its sub-lines included) carry no medical cell.
        self.assertFalse(any(cell for row in data[start:] for cell in row[1:]))

    def test_searches_and_groups_reveal_nothing_of_the_other_programme(self):
        Pathway = self.env["parcours.pathway"].with_user(self.psychologist_user)
        scope = [("id", "in", self.pathways.ids)]
        self.assertEqual(Pathway.search([*scope, (SEROLOGY, "=", "positive")]), self.pathway)
        self.assertEqual(Pathway.search([*scope, (SEROLOGY, "!=", "negative")]), self.pathway)
        self.assertEqual(
            Pathway.search([*scope, ("msma_substance_ids", "in", self.substance.ids)]),
            self.pathway,
        )
        self.assertEqual(Pathway.search([*scope, ("msma_tso", "=", True)]), self.pathway)
        Assessment = self.env["parcours.msma.assessment"].with_user(self.psychologist_user)
        self.assertEqual(
            Assessment.search(
                [("pathway_id", "in", self.pathways.ids), ("use_reduced", "=", True)]
            ),
            self.assessments[0],
        )
        # From the patient, through its pathways.
        Patient = self.env["parcours.patient"].with_user(self.psychologist_user)
        self.assertEqual(
            Patient.search([("pathway_ids.msma_hiv_status", "=", "positive")]),
            self.pathway.patient_id,
        )
        # Grouped: the other programme's serology counts as unknown, its to-many refused.
        groups = Pathway.read_group(scope, [SEROLOGY], [SEROLOGY], lazy=False)
        counts = {group[SEROLOGY]: group["__count"] for group in groups}
        self.assertEqual(counts, {"positive": 1, False: 1})
        groups = Pathway.web_read_group(scope, [SEROLOGY], ["programme_id", SEROLOGY], lazy=False)
        by_programme = {group["programme_id"][0]: group[SEROLOGY] for group in groups["groups"]}
        self.assertEqual(by_programme[self.msma_social.id], False)
        with self.assertRaises(AccessError):
            Pathway.read_group(scope, ["msma_substance_ids"], ["msma_substance_ids"])
        groups = Assessment.read_group(
            [("id", "in", self.assessments.ids)], ["use_reduced:bool_or"], ["pathway_id"]
        )
        self.assertEqual(
            {group["pathway_id"][0]: group["use_reduced"] for group in groups},
            {self.pathway.id: True, self.social_pathway.id: False},
        )
        # The GP reads both programmes as before.
        Pathway = self.env["parcours.pathway"].with_user(self.gp_user)
        self.assertEqual(Pathway.search([*scope, (SEROLOGY, "=", "positive")]), self.pathways)

    def flush_tracking(self):
        """Tracking values are written when the transaction commits: do it now."""
        self.env.flush_all()
        self.env.cr.flush()

    def test_tracking_lines_follow_the_programme_policy(self):
        tracked = self.pathways.with_context(tracking_disable=False, mail_notrack=False)
        assessments = self.assessments.with_context(tracking_disable=False, mail_notrack=False)
        self.flush_tracking()  # records created in the transaction are not tracked
        tracked.write({SEROLOGY: "negative", "msma_tso": False})
        assessments.write({"use_stopped": True, "bank_account": True})
        self.flush_tracking()

        def shown(record, user):
            messages = record.message_ids.with_user(user)
            result = Store(messages, for_current_user=True).get_result()
            return {
                value["fieldName"]
                for message in result["mail.message"]
                for value in message.get("trackingValues", [])
            }

        psychologist = self.psychologist_user
        self.assertIn(SEROLOGY, shown(self.pathway, psychologist))
        self.assertNotIn(SEROLOGY, shown(self.social_pathway, psychologist))
        self.assertNotIn("msma_tso", shown(self.social_pathway, psychologist))
        self.assertEqual(
            shown(self.assessments[0], psychologist) & {"use_stopped", "bank_account"},
            {"use_stopped", "bank_account"},
        )
        self.assertEqual(
            shown(self.assessments[1], psychologist) & {"use_stopped", "bank_account"},
            {"bank_account"},
        )
        self.assertIn(SEROLOGY, shown(self.social_pathway, self.gp_user))
        # The tracking values themselves stay out of reach over RPC.
        values = self.social_pathway.message_ids.tracking_value_ids
        self.assertTrue(values)
        with self.assertRaises(AccessError):
            values.with_user(psychologist).read(["new_value_char"])

    def test_reports_print_no_closed_data(self):
        self.env["parcours.encounter"].create(
            {
                "pathway_id": self.social_pathway.id,
                "kind_id": self.env["parcours.encounter.kind"].search([], limit=1).id,
                "clinical_note": "<p>Methadone 60 mg</p>",
            }
        )
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.psychologist_user)
            ._render_qweb_html("parcours_base.report_pathway_synthesis", self.social_pathway.ids)
        )
        self.assertIn(self.social_pathway.name, html.decode())
        self.assertNotIn("Methadone", html.decode())

    def test_writes_of_the_profile_follow_the_policy(self):
        self.as_psychologist(self.pathway).msma_tso = False
        with self.assertRaises(AccessError):
            self.as_psychologist(self.social_pathway).write({SEROLOGY: "negative"})
        with self.assertRaises(AccessError):
            self.as_psychologist(self.assessments[1]).write({"use_stopped": True})
        self.as_psychologist(self.assessments[1]).write({"housing": False})
        self.assertEqual(self.social_pathway[SEROLOGY], "positive")
