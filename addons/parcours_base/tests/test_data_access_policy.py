import doctest
from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import BaseCase, Form, HttpCase, tagged

from ..tools import data_access
from .common import ParcoursCase

MEDICAL = "parcours_base.group_parcours_medical_data"
SOCIAL = "parcours_base.group_parcours_social_data"


class DataAccessPolicyCase(ParcoursCase):
    """Two programmes and two organisations. The psychologist reads medical data in the test
    programme (their profession's level) but social data only in the "social-first"
    programme, whose policy says so; the same care team is on a pathway of each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.social_worker_profession = cls.env.ref("parcours_base.profession_social_worker")
        cls.social_worker_user = cls.new_parcours_user(
            "social_worker",
            "parcours_base.group_parcours_professional",
            profession=cls.social_worker_profession,
        )
        cls.other_org = cls.env["res.company"].create({"name": "Cellule Hérault"})
        cls.social_first = cls.create_programme("Social-first programme", "SOCF")
        cls.social_first.company_ids = [Command.link(cls.other_org.id)]
        cls.social_first.with_user(cls.admin).data_access_ids = [
            Command.create(
                {"profession_id": cls.psychologist_profession.id, "data_access": "social"}
            )
        ]
        team = (cls.gp_user, cls.psychologist_user, cls.social_worker_user)
        day = fields.Date.today() - timedelta(days=1)
        cls.pathway = cls.create_pathway(team=team, request_date=day)
        cls.social_pathway = cls.create_pathway(
            programme=cls.social_first, team=team, request_date=day
        )
        kind = cls.env["parcours.encounter.kind"].search([], limit=1)
        incident_type = cls.env["parcours.incident.type"].create({"name": "Hospitalisation"})
        cls.encounters = cls.env["parcours.encounter"]
        cls.incidents = cls.env["parcours.incident"]
        for pathway in (cls.pathway, cls.social_pathway):
            cls.encounters |= cls.env["parcours.encounter"].create(
                {
                    "pathway_id": pathway.id,
                    "kind_id": kind.id,
                    "partner_id": cls.psychologist_user.partner_id.id,
                    "clinical_note": "<p>HIV positive, started treatment</p>",
                    "social_note": "<p>Housing request filed</p>",
                }
            )
            cls.incidents |= cls.env["parcours.incident"].create(
                {
                    "pathway_id": pathway.id,
                    "type_id": incident_type.id,
                    "description": "<p>Overdose</p>",
                    "follow_up": "Detox planned",
                }
            )
        cls.encounter, cls.social_encounter = cls.encounters
        cls.incident, cls.social_incident = cls.incidents
        # The second organisation runs the social-first programme with its own psychologist.
        cls.other_psychologist = cls.new_parcours_user(
            "psychologist_b",
            "parcours_base.group_parcours_professional",
            company=cls.other_org,
            profession=cls.psychologist_profession,
        )
        cls.other_coordinator = cls.new_parcours_user(
            "coordinator_b", "parcours_base.group_parcours_coordinator", company=cls.other_org
        )
        cls.other_manager = cls.new_parcours_user(
            "manager_b", "parcours_base.group_parcours_manager", company=cls.other_org
        )
        other_patient = cls.create_patient("Hautes", company=cls.other_org)
        cls.other_pathway = cls.create_pathway(
            patient=other_patient,
            programme=cls.social_first,
            team=(cls.other_psychologist,),
            request_date=day,
        )
        cls.other_encounter = cls.env["parcours.encounter"].create(
            {
                "pathway_id": cls.other_pathway.id,
                "kind_id": kind.id,
                "partner_id": cls.other_psychologist.partner_id.id,
                "clinical_note": "<p>HCV positive</p>",
                "social_note": "<p>Rights opened</p>",
            }
        )

    def as_user(self, records, user):
        return records.with_user(user).with_context(active_test=False)


class TestDataAccessTools(BaseCase):
    def test_doctests(self):
        result = doctest.testmod(data_access)
        self.assertFalse(result.failed)
        self.assertGreater(result.attempted, 0)


@tagged("post_install", "-at_install")
class TestDataAccessPolicy(DataAccessPolicyCase):
    def test_forms_hide_withheld_data_and_say_so(self):
        """An empty clinical note would read as "nothing noted": the form hides what the
        programme withholds and says why."""
        encounters = self.as_user(self.encounters, self.psychologist_user)
        rows = {
            row["id"]: row
            for row in encounters.web_read(
                {"parcours_medical_hidden": {}, "parcours_social_hidden": {}}
            )
        }
        self.assertTrue(rows[self.social_encounter.id]["parcours_medical_hidden"])
        self.assertFalse(rows[self.social_encounter.id]["parcours_social_hidden"])
        self.assertFalse(rows[self.encounter.id]["parcours_medical_hidden"])
        arch = etree.fromstring(encounters.get_views([(False, "form")])["views"]["form"]["arch"])
        (clinical_note,) = arch.xpath("//field[@name='clinical_note']")
        self.assertIn("parcours_medical_hidden", clinical_note.get("invisible"))
        (social_note,) = arch.xpath("//field[@name='social_note']")
        self.assertIn("parcours_social_hidden", social_note.get("invisible"))
        self.assertTrue(arch.xpath("//div[@role='status'][contains(@invisible, 'medical')]"))
        # Where the profession reads everything, nothing is hidden nor announced.
        gp_rows = self.as_user(self.encounters, self.gp_user).web_read(
            {"parcours_medical_hidden": {}, "parcours_social_hidden": {}}
        )
        self.assertFalse(
            any(row["parcours_medical_hidden"] or row["parcours_social_hidden"] for row in gp_rows)
        )

    def test_reads_give_empty_values_on_programmes_closed_to_the_profession(self):
        psychologist = self.psychologist_user
        encounters = self.as_user(self.encounters, psychologist)
        rows = {row["id"]: row for row in encounters.read(["clinical_note", "social_note"])}
        self.assertIn("HIV", rows[self.encounter.id]["clinical_note"])
        self.assertFalse(rows[self.social_encounter.id]["clinical_note"])
        self.assertIn("Housing", rows[self.social_encounter.id]["social_note"])
        # The web client's route, with the pathway read through the encounter.
        rows = {
            row["id"]: row for row in encounters.web_read({"clinical_note": {}, "social_note": {}})
        }
        self.assertIn("HIV", rows[self.encounter.id]["clinical_note"])
        self.assertFalse(rows[self.social_encounter.id]["clinical_note"])
        rows = (
            self.env["parcours.encounter"]
            .with_user(psychologist)
            .web_search_read([("id", "in", self.encounters.ids)], {"clinical_note": {}})["records"]
        )
        self.assertEqual({row["id"] for row in rows if row["clinical_note"]}, {self.encounter.id})
        rows = (
            self.env["parcours.incident"]
            .with_user(psychologist)
            .search_read([("id", "in", self.incidents.ids)], ["description", "follow_up"])
        )
        readable = {row["id"] for row in rows if row["description"] or row["follow_up"]}
        self.assertEqual(readable, {self.incident.id})
        # The GP's profession reads medical data everywhere: nothing changes for them.
        rows = self.as_user(self.encounters, self.gp_user).read(["clinical_note"])
        self.assertTrue(all(row["clinical_note"] for row in rows))

    def test_exports_empty_the_closed_cells_only(self):
        self.psychologist_user.groups_id = [
            Command.link(self.env.ref("base.group_allow_export").id)
        ]
        encounters = self.as_user(self.encounters, self.psychologist_user)
        rows = encounters.export_data(["clinical_note", "social_note"])["datas"]
        # One row per encounter, in the order of the selection.
        self.assertIn("HIV", rows[0][0])
        self.assertFalse(rows[1][0])
        self.assertIn("Housing", rows[1][1])
        # From the pathway, through its encounters (a to-many path).
        pathways = self.as_user(self.pathway | self.social_pathway, self.psychologist_user)
        rows = pathways.export_data(["name", "encounter_ids/clinical_note"])["datas"]
        self.assertEqual(sum("HIV" in (row[1] or "") for row in rows), 1)

    def test_searches_never_match_what_the_user_may_not_read(self):
        Encounter = self.env["parcours.encounter"].with_user(self.psychologist_user)
        scope = [("id", "in", self.encounters.ids)]
        self.assertEqual(
            Encounter.search([*scope, ("clinical_note", "ilike", "HIV")]), self.encounter
        )
        self.assertEqual(Encounter.search_count([*scope, ("clinical_note", "ilike", "HIV")]), 1)
        # Neither way round: a negated term tells nothing about the closed records either.
        self.assertNotIn(
            self.social_encounter.id,
            Encounter.search([*scope, ("clinical_note", "not ilike", "HIV")]).ids,
        )
        matched = Encounter.search([*scope, "!", ("clinical_note", "ilike", "HIV")])
        unmatched = Encounter.search([*scope, "!", ("clinical_note", "ilike", "no such text")])
        self.assertEqual(self.social_encounter in matched, self.social_encounter in unmatched)
        # Through a path from another model.
        Pathway = self.env["parcours.pathway"].with_user(self.psychologist_user)
        found = Pathway.search(
            [
                ("id", "in", (self.pathway | self.social_pathway).ids),
                ("encounter_ids.clinical_note", "ilike", "HIV"),
            ]
        )
        self.assertEqual(found, self.pathway)
        Incident = self.env["parcours.incident"].with_user(self.psychologist_user)
        self.assertEqual(
            Incident.search(
                [("id", "in", self.incidents.ids), ("follow_up", "=", "Detox planned")]
            ),
            self.incident,
        )
        # Sorting on it is ignored rather than ranking the closed records.
        self.assertEqual(
            set(Encounter.search(scope, order="clinical_note desc").ids), set(self.encounters.ids)
        )
        # The social note is open in both programmes.
        self.assertEqual(
            Encounter.search([*scope, ("social_note", "ilike", "Housing")]), self.encounters
        )

    def test_grouped_reads_aggregate_only_what_the_user_may_read(self):
        Encounter = self.env["parcours.encounter"].with_user(self.psychologist_user)
        scope = [("id", "in", self.encounters.ids)]
        groups = Encounter.read_group(scope, ["clinical_note:count"], [])
        self.assertEqual(groups[0]["clinical_note"], 1)
        self.assertEqual(groups[0]["__count"], 2)
        groups = Encounter.read_group(scope, ["social_note:count"], [])
        self.assertEqual(groups[0]["social_note"], 2)
        [(notes,)] = Encounter._read_group(scope, aggregates=["clinical_note:array_agg"])
        self.assertEqual(len([note for note in notes if note]), 1)
        Incident = self.env["parcours.incident"].with_user(self.psychologist_user)
        groups = Incident.read_group(
            [("id", "in", self.incidents.ids)], ["follow_up:count_distinct"], ["programme_id"]
        )
        counts = {group["programme_id"][0]: group["follow_up"] for group in groups}
        self.assertEqual(counts, {self.programme.id: 1, self.social_first.id: 0})

    def test_writes_of_closed_data_are_refused(self):
        psychologist = self.psychologist_user
        self.encounter.with_user(psychologist).clinical_note = "<p>Treatment well tolerated</p>"
        with self.assertRaises(AccessError):
            self.social_encounter.with_user(psychologist).clinical_note = "<p>Overwritten</p>"
        with self.assertRaises(AccessError):
            self.env["parcours.encounter"].with_user(psychologist).create(
                {
                    "pathway_id": self.social_pathway.id,
                    "kind_id": self.social_encounter.kind_id.id,
                    "clinical_note": "<p>Written blind</p>",
                }
            )
        self.social_encounter.with_user(psychologist).social_note = "<p>Housing found</p>"
        self.assertIn("HIV", self.social_encounter.clinical_note)

    def test_groups_are_the_union_over_programmes(self):
        social_worker = self.social_worker_user
        self.assertFalse(social_worker.has_group(MEDICAL))
        # Social workers read medical data in the test programme only.
        self.programme.with_user(self.admin).data_access_ids = [
            Command.create(
                {"profession_id": self.social_worker_profession.id, "data_access": "medical"}
            )
        ]
        self.assertTrue(social_worker.has_group(MEDICAL))
        rows = self.as_user(self.encounters, social_worker).read(["clinical_note"])
        self.assertEqual({row["id"] for row in rows if row["clinical_note"]}, {self.encounter.id})
        Encounter = self.env["parcours.encounter"].with_user(social_worker)
        self.assertEqual(
            Encounter.search(
                [("id", "in", self.encounters.ids), ("clinical_note", "ilike", "HIV")]
            ),
            self.encounter,
        )
        # The line removed, the group goes with it and Odoo's field groups refuse again.
        self.programme.data_access_ids.with_user(self.admin).unlink()
        self.assertFalse(social_worker.has_group(MEDICAL))
        with self.assertRaises(AccessError):
            self.encounter.with_user(social_worker).read(["clinical_note"])
        # A profession with no data at all keeps none, whatever the programme.
        self.assertTrue(self.psychologist_user.has_group(MEDICAL))

    def test_policy_changes_are_tracked_and_configured_by_administrators(self):
        tracked = self.social_first.with_user(self.admin).with_context(
            tracking_disable=False, mail_notrack=False
        )
        before = tracked.message_ids
        line = tracked.data_access_ids
        line.data_access = "none"
        logged = tracked.message_ids - before
        self.assertEqual(len(logged), 1)
        self.assertEqual(logged.author_id, self.admin.partner_id)
        self.assertIn(self.psychologist_profession.display_name, logged.body)
        self.assertTrue(self.psychologist_user.has_group(MEDICAL))
        rows = self.as_user(self.encounters, self.psychologist_user).read(["social_note"])
        self.assertEqual({row["id"] for row in rows if row["social_note"]}, {self.encounter.id})
        # Only administrators change it, not a coordinator nor the professional.
        for user in (self.coordinator, self.psychologist_user):
            with self.assertRaises(AccessError):
                line.with_user(user).data_access = "medical"
            with self.assertRaises(AccessError):
                self.env["parcours.programme.data.access"].with_user(user).create(
                    {
                        "programme_id": self.programme.id,
                        "profession_id": self.gp_profession.id,
                        "data_access": "none",
                    }
                )
        line.unlink()
        self.assertEqual(len(tracked.message_ids - before), 2)
        rows = self.as_user(self.encounters, self.psychologist_user).read(["clinical_note"])
        self.assertTrue(all(row["clinical_note"] for row in rows))

    def test_programme_form_sets_the_policy(self):
        with Form(self.programme.with_user(self.admin)) as form:
            with form.data_access_ids.new() as line:
                line.profession_id = self.gp_profession
                self.assertEqual(line.default_data_access, "medical")
                line.data_access = "social"
        self.assertEqual(self.programme.data_access_ids.data_access, "social")
        rows = self.as_user(self.encounters, self.gp_user).read(["clinical_note"])
        self.assertEqual(
            {row["id"] for row in rows if row["clinical_note"]}, {self.social_encounter.id}
        )

    def test_ended_membership_then_a_new_one_is_checked_again(self):
        psychologist = self.psychologist_user
        member = self.pathway.member_ids.filtered(
            lambda member: member.partner_id == psychologist.partner_id
        )
        today = fields.Date.today()
        member.with_user(self.coordinator).write(
            {"date_from": today - timedelta(days=30), "date_to": today - timedelta(days=1)}
        )
        with self.assertRaises(AccessError):
            self.encounter.with_user(psychologist).read(["social_note"])
        Encounter = self.env["parcours.encounter"].with_user(psychologist)
        self.assertFalse(Encounter.search([("clinical_note", "ilike", "HIV")]))
        self.assertEqual(
            Encounter.search([("social_note", "ilike", "Housing")]), self.social_encounter
        )
        # Back on the team of the test programme: medical data again, there only.
        self.pathway.with_user(self.coordinator).member_ids = [
            Command.create(
                {
                    "partner_id": psychologist.partner_id.id,
                    "profession_id": self.psychologist_profession.id,
                    "date_from": today,
                }
            )
        ]
        rows = self.as_user(self.encounters, psychologist).read(["clinical_note"])
        self.assertEqual({row["id"] for row in rows if row["clinical_note"]}, {self.encounter.id})

    def test_other_organisation(self):
        # Its psychologist reads the social-first programme's pathway at its level.
        row = self.other_encounter.with_user(self.other_psychologist).read(
            ["clinical_note", "social_note"]
        )[0]
        self.assertFalse(row["clinical_note"])
        self.assertIn("Rights", row["social_note"])
        Encounter = self.env["parcours.encounter"].with_user(self.other_psychologist)
        self.assertFalse(Encounter.search([("clinical_note", "ilike", "H")]))
        # Nothing of the first organisation, nor for its coordinator and manager.
        for user in (self.other_psychologist, self.other_coordinator, self.other_manager):
            with self.assertRaises(AccessError):
                self.encounter.with_user(user).read(["kind_id"])
        for user in (self.other_coordinator, self.other_manager, self.coordinator, self.manager):
            with self.assertRaises(AccessError):
                self.other_encounter.with_user(user).read(["clinical_note"])

    def test_roles_without_data_groups_are_refused_in_both_programmes(self):
        # The policy only narrows what a data group opens: coordination and oversight roles
        # still get the field groups' refusal, whatever the programme.
        roles = (self.coordinator, self.manager, self.accountant, self.other_manager)
        for user in roles:
            for record in (*self.encounters, *self.incidents):
                name = "clinical_note" if record._name == "parcours.encounter" else "follow_up"
                with self.assertRaises(AccessError):
                    record.with_user(user).read([name])
            with self.assertRaises(AccessError):
                self.env["parcours.encounter"].with_user(user).search(
                    [("social_note", "ilike", "Housing")]
                )
        # The coordinator still opens both pathways' encounters for what coordination needs.
        rows = self.as_user(self.encounters, self.coordinator).read(["kind_id", "state"])
        self.assertEqual(len(rows), 2)


@tagged("post_install", "-at_install")
class TestDataAccessPolicyUi(HttpCase, DataAccessPolicyCase):
    def test_the_psychologist_sees_what_is_withheld_as_withheld(self):
        login = self.psychologist_user.login
        self.start_tour(
            "/odoo/parcours.encounter/%s" % self.social_encounter.id,
            "parcours_withheld_data_tour",
            login=login,
        )
        self.start_tour(
            "/odoo/parcours.encounter/%s" % self.encounter.id,
            "parcours_full_data_tour",
            login=login,
        )
