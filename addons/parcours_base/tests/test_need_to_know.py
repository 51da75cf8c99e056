import json
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import ParcoursCase


class NeedToKnowCase(ParcoursCase):
    """A care team (GP, psychologist, social worker) and every other role, in two
    organisations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social_worker_user = cls.new_parcours_user(
            "social_worker",
            "parcours_base.group_parcours_professional",
            profession=cls.env.ref("parcours_base.profession_social_worker"),
        )
        cls.outsider = cls.new_parcours_user(
            "outsider_gp", "parcours_base.group_parcours_professional", profession=cls.gp_profession
        )
        cls.patient = cls.create_patient(
            "Secretname", "Zoé", phone="0611223344", street="1 rue Haute", city="Rodez"
        )
        cls.pathway = cls.create_pathway(
            patient=cls.patient,
            team=(cls.gp_user, cls.psychologist_user, cls.social_worker_user),
            user_id=cls.coordinator.id,
            # A day back: the encounters below start now, whatever the time zone's date.
            request_date=fields.Date.today() - timedelta(days=1),
        )
        cls.pathway.end_comment = "Moved in with her sister"
        cls.care_plan = cls.env["parcours.care.plan"].create(
            {"pathway_id": cls.pathway.id, "note": "<p>Weekly alcohol follow-up</p>"}
        )
        cls.encounter = cls.env["parcours.encounter"].create(
            {
                "pathway_id": cls.pathway.id,
                "kind_id": cls.env["parcours.encounter.kind"].search([], limit=1).id,
                "partner_id": cls.gp_user.partner_id.id,
                "clinical_note": "<p>HIV positive, started treatment</p>",
                "social_note": "<p>Housing request filed</p>",
            }
        )
        cls.incident = cls.env["parcours.incident"].create(
            {
                "pathway_id": cls.pathway.id,
                "type_id": cls.env["parcours.incident.type"].create({"name": "Hospitalisation"}).id,
                "description": "<p>Overdose</p>",
                "follow_up": "Detox planned",
            }
        )
        cls.other_org = cls.env["res.company"].create({"name": "Cellule Hérault"})
        cls.other_manager = cls.new_parcours_user(
            "manager_b", "parcours_base.group_parcours_manager", company=cls.other_org
        )
        cls.other_coordinator = cls.new_parcours_user(
            "coordinator_b", "parcours_base.group_parcours_coordinator", company=cls.other_org
        )


@tagged("post_install", "-at_install")
class TestDataCategories(NeedToKnowCase):
    def test_data_groups_follow_the_profession(self):
        medical = "parcours_base.group_parcours_medical_data"
        social = "parcours_base.group_parcours_social_data"
        self.assertTrue(self.gp_user.has_group(medical))
        self.assertTrue(self.psychologist_user.has_group(medical))
        self.assertTrue(self.social_worker_user.has_group(social))
        self.assertFalse(self.social_worker_user.has_group(medical))
        for user in (self.coordinator, self.manager, self.accountant):
            self.assertFalse(user.has_group(social))
        # A profession set to social data only takes the medical data away from its users.
        self.psychologist_profession.data_access = "social"
        self.assertFalse(self.psychologist_user.has_group(medical))
        self.assertTrue(self.psychologist_user.has_group(social))

    def test_manager_reads_references_counts_and_no_identity_or_free_text(self):
        pathway = self.pathway.with_user(self.manager)
        self.assertEqual(pathway.display_name, self.pathway.name)
        self.assertNotIn("SECRETNAME", pathway.patient_id.display_name.upper())
        self.assertTrue(pathway.patient_id.read(["sex", "department", "age"]))
        for field in ("birth_name", "first_names", "birth_date", "street", "phone", "city"):
            with self.assertRaises(AccessError):
                pathway.patient_id.read([field])
        with self.assertRaises(AccessError):
            pathway.read(["end_comment"])
        with self.assertRaises(AccessError):
            self.care_plan.with_user(self.manager).read(["note"])
        with self.assertRaises(AccessError):
            self.incident.with_user(self.manager).read(["follow_up"])
        with self.assertRaises(AccessError):
            self.incident.with_user(self.manager).read(["description"])
        with self.assertRaises(AccessError):
            self.encounter.with_user(self.manager).read(["clinical_note"])
        patients = self.env["parcours.patient"].with_user(self.manager)
        with self.assertRaises(AccessError):
            patients.search([("birth_name", "=", "Secretname")])
        self.assertFalse(patients.name_search("Secretname"))
        self.assertEqual(patients.name_search(self.pathway.name)[0][0], self.patient.id)
        self.assertIn(self.patient, patients.search([]))
        # Exports and the web client's reads hold the same rules.
        rows = pathway.export_data(["name", "patient_id", "state"])["datas"]
        self.assertNotIn("Secretname", str(rows))
        with self.assertRaises(AccessError):
            pathway.export_data(["patient_id/birth_name"])
        form = pathway.web_read({"name": {}, "patient_id": {"fields": {"display_name": {}}}})
        self.assertNotIn("Secretname", str(form))

    def test_care_team_reads_by_profession(self):
        gp, social = self.gp_user, self.social_worker_user
        self.assertIn("HIV", self.encounter.with_user(gp).clinical_note)
        self.assertIn("Overdose", self.incident.with_user(gp).description)
        self.assertEqual(self.pathway.patient_id.with_user(social).birth_name, "Secretname")
        self.assertIn("Housing", self.encounter.with_user(social).social_note)
        self.assertIn("alcohol", self.care_plan.with_user(social).note)
        for records, field in (
            (self.encounter, "clinical_note"),
            (self.incident, "description"),
            (self.incident, "follow_up"),
        ):
            with self.assertRaises(AccessError):
                records.with_user(social).read([field])
        with self.assertRaises(AccessError):
            self.env["parcours.encounter"].with_user(social).search(
                [("clinical_note", "ilike", "HIV")]
            )
        # The coordinator coordinates: identity and administrative data, no clinical notes.
        with self.assertRaises(AccessError):
            self.encounter.with_user(self.coordinator).read(["clinical_note"])
        self.assertEqual(self.patient.with_user(self.coordinator).phone, "0611223344")

    def test_followers_and_documents_stay_with_the_care_team(self):
        Followers = self.env["mail.followers"]
        self.pathway.message_subscribe(partner_ids=self.gp_user.partner_id.ids)
        domain = [("res_model", "=", "parcours.pathway"), ("res_id", "=", self.pathway.id)]
        self.assertTrue(Followers.with_user(self.gp_user).search(domain))
        for user in (self.accountant, self.manager):
            self.assertFalse(Followers.with_user(user).search(domain))
        letter = self.env["ir.attachment"].create(
            {
                "name": "GP letter.pdf",
                "raw": b"Secretname Zoe",
                "res_model": "parcours.pathway",
                "res_id": self.pathway.id,
            }
        )
        self.assertEqual(letter.with_user(self.gp_user).raw, b"Secretname Zoe")
        with self.assertRaises(AccessError):
            letter.with_user(self.manager).read(["raw"])
        self.assertFalse(
            self.env["ir.attachment"].with_user(self.manager).search([("id", "=", letter.id)])
        )

    def test_manager_reads_no_chatter_text_nor_activities(self):
        note = self.pathway.message_post(body="Relapse last week", message_type="comment")
        activity = self.pathway.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.gp_user.id, summary="HIV serology"
        )
        self.assertTrue(note.with_user(self.gp_user).read(["body"]))
        self.assertTrue(activity.with_user(self.gp_user).read(["summary"]))
        for user in (self.manager, self.accountant):
            with self.assertRaises(AccessError):
                note.with_user(user).read(["body"])
            self.assertFalse(
                self.env["mail.message"].with_user(user).search([("body", "ilike", "Relapse")])
            )
            self.assertFalse(
                self.env["mail.activity"].with_user(user).search([("id", "=", activity.id)])
            )

    def test_shared_report_is_changed_by_administrators_only(self):
        report = self.env["parcours.report"].create(
            {
                "name": "Shared",
                "user_id": False,
                "programme_ids": [Command.set(self.programme.ids)],
                "indicator_ids": [
                    Command.set(self.env["parcours.indicator"].search([], limit=1).ids)
                ],
            }
        )
        for user in (self.manager, self.other_manager):
            as_user = report.with_user(user)
            self.assertEqual(as_user.name, "Shared")
            with self.assertRaises(AccessError):
                as_user.write({"name": "Renamed"})
            with self.assertRaises(AccessError):
                as_user.unlink()
        own = report.with_user(self.manager).copy({"name": "Mine", "user_id": self.manager.id})
        own.write({"name": "Mine, renamed"})
        # The workbook of a shared report belongs to whoever made it.
        action = report.with_user(self.manager).action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertTrue(attachment.with_user(self.manager).raw)
        with self.assertRaises(AccessError):
            attachment.with_user(self.other_manager).read(["raw"])
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(self.other_manager)
            .search([("res_model", "=", "parcours.report")])
        )

    def test_care_plan_goals_and_agenda_reasons_are_care_team_text(self):
        goal = self.env["parcours.care.plan.goal"].create(
            {"care_plan_id": self.care_plan.id, "description": "Stop injecting", "domain": "health"}
        )
        rcp = self.env["parcours.rcp"].create(
            {"name": "RCP June", "date": fields.Datetime.now(), "duration": 1.0}
        )
        decision = self.env["parcours.rcp.decision"].create(
            {"rcp_id": rcp.id, "pathway_id": self.pathway.id, "reason": "Relapse after detox"}
        )
        self.assertEqual(goal.with_user(self.coordinator).description, "Stop injecting")
        self.assertEqual(goal.with_user(self.social_worker_user).display_name, "Stop injecting")
        self.assertEqual(decision.with_user(self.gp_user).reason, "Relapse after detox")
        as_manager = goal.with_user(self.manager)
        self.assertTrue(as_manager.read(["domain", "status"]))
        self.assertNotIn("injecting", as_manager.display_name)
        for user in (self.manager, self.accountant, self.other_manager):
            with self.assertRaises(AccessError):
                goal.with_user(user).read(["description"])
            with self.assertRaises(AccessError):
                decision.with_user(user).read(["reason"])
        with self.assertRaises(AccessError):
            as_manager.export_data(["description"])
        with self.assertRaises(AccessError):
            self.env["parcours.care.plan.goal"].with_user(self.manager).search(
                [("description", "ilike", "injecting")]
            )

    def test_followers_are_for_those_who_read_the_record(self):
        self.pathway.message_subscribe(partner_ids=self.psychologist_user.partner_id.ids)
        followers = self.pathway.message_follower_ids
        domain = [("res_model", "=", "parcours.pathway"), ("res_id", "=", self.pathway.id)]
        Followers = self.env["mail.followers"]
        self.assertEqual(Followers.with_user(self.psychologist_user).search(domain), followers)
        self.assertTrue(followers.with_user(self.coordinator).read(["partner_id"]))
        # Professionals off the team and coordinators of another organisation: nothing.
        for user in (self.outsider, self.other_coordinator):
            self.assertFalse(Followers.with_user(user).search(domain))
            with self.assertRaises(AccessError):
                followers.with_user(user).read(["partner_id"])


@tagged("post_install", "-at_install")
class TestCareTeamChanges(NeedToKnowCase):
    def _member(self, user):
        return self.pathway.member_ids.filtered(lambda member: member.user_id == user)

    def test_ended_membership_stops_messages_and_hands_over_activities(self):
        psychologist = self.psychologist_user
        self.pathway.message_subscribe(partner_ids=psychologist.partner_id.ids)
        self.encounter.message_subscribe(partner_ids=psychologist.partner_id.ids)
        activity = self.pathway.activity_schedule(
            "mail.mail_activity_data_todo", user_id=psychologist.id, summary="Call back"
        )
        today = fields.Date.today()
        self._member(psychologist).with_user(self.coordinator).write(
            {"date_from": today - timedelta(days=30), "date_to": today - timedelta(days=1)}
        )
        self.assertNotIn(psychologist.partner_id, self.pathway.message_partner_ids)
        self.assertNotIn(psychologist.partner_id, self.encounter.message_partner_ids)
        self.assertEqual(activity.user_id, self.coordinator)
        message = self.pathway.with_user(self.gp_user).message_post(
            body="Serology: HIV+", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertNotIn(psychologist.partner_id, message.notification_ids.res_partner_id)
        with self.assertRaises(AccessError):
            message.with_user(psychologist).read(["body"])
        self.assertFalse(
            self.env["mail.message"].with_user(psychologist).search([("body", "ilike", "HIV")])
        )
        self.assertFalse(
            self.env["mail.activity"]
            .with_user(psychologist)
            .search([("res_model", "=", "parcours.pathway")])
        )
        # The others still get it.
        self.assertIn(self.gp_user.partner_id, self.pathway.message_partner_ids)

    def test_future_membership_follows_from_its_start_date_at_night(self):
        start = fields.Date.today() + timedelta(days=2)
        member = self.env["parcours.care.team.member"].create(
            {
                "pathway_id": self.pathway.id,
                "partner_id": self.outsider.partner_id.id,
                "date_from": start,
            }
        )
        self.assertFalse(member.grants_access)
        self.assertNotIn(self.outsider.partner_id, self.pathway.message_partner_ids)
        with freeze_time(start):
            self.env["parcours.care.team.member"]._cron_refresh_access()
            self.assertIn(self.outsider.partner_id, self.pathway.message_partner_ids)
        with freeze_time(start + timedelta(days=1)):
            member.date_to = start
            self.env["parcours.care.team.member"]._cron_refresh_access()
            self.assertNotIn(self.outsider.partner_id, self.pathway.message_partner_ids)

    def test_rcp_decision_posts_a_neutral_line(self):
        rcp = self.env["parcours.rcp"].create(
            {"name": "RCP June", "programme_ids": [Command.set(self.programme.ids)]}
        )
        line = self.env["parcours.rcp.decision"].create(
            {
                "rcp_id": rcp.id,
                "pathway_id": self.pathway.id,
                "decision": "continue",
                "notes": "<p>HIV viral load undetectable</p>",
            }
        )
        line._post_to_pathways()
        body = self.pathway.message_ids[0].body
        self.assertNotIn("HIV", body)
        self.assertIn("res_id=%s" % line.id, body)
        with self.assertRaises(AccessError):
            line.with_user(self.manager).read(["notes"])


@tagged("post_install", "-at_install")
class TestAccessLog(NeedToKnowCase):
    def _entries(self, user, route):
        return self.env["parcours.access.log"].search(
            [("user_id", "=", user.id), ("route", "=", route)]
        )

    def test_openings_and_exports_are_logged_and_never_edited(self):
        earlier = self.env["parcours.access.log"].search([])  # a database in use has some
        # Kanban cards and list rows are not openings.
        self.env["parcours.pathway"].with_user(self.gp_user).web_search_read(
            [("id", "=", self.pathway.id)], {"name": {}}
        )
        self.assertFalse(self._entries(self.gp_user, "web"))
        self.pathway.with_user(self.gp_user).web_read({"name": {}})
        entry = self._entries(self.gp_user, "web")
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.patient_id, self.patient)
        self.assertEqual(entry.reference, self.pathway.name)
        self.encounter.with_user(self.manager).export_data(["start"])
        self.assertEqual(self._entries(self.manager, "export").pathway_id, self.pathway)
        self.env["ir.actions.report"].with_user(self.gp_user)._render_qweb_html(
            "parcours_base.action_report_gp_letter", self.pathway.ids
        )
        self.assertTrue(self._entries(self.gp_user, "report"))
        # Superuser work is not an access.
        self.pathway.web_read({"name": {}})
        self.assertEqual(len(self.env["parcours.access.log"].search([]) - earlier), 3)
        admin = self.new_parcours_user("log_admin", "parcours_base.group_parcours_admin")
        as_admin = entry.with_user(admin)
        self.assertEqual(as_admin.route, "web")
        with self.assertRaises(UserError):
            as_admin.write({"route": "rpc"})
        with self.assertRaises(UserError):
            as_admin.unlink()
        for user in (self.manager, self.coordinator, self.gp_user):
            with self.assertRaises(AccessError):
                entry.with_user(user).read(["user_id"])
        with self.assertRaises(AccessError):
            self.env["parcours.access.log"].with_user(self.gp_user).create(
                {"user_id": self.gp_user.id, "model": "x", "res_id": 1, "route": "web"}
            )

    def test_a_transaction_writes_its_entries_in_one_statement(self):
        def rows_in_table():
            self.env.cr.execute("SELECT count(*) FROM parcours_access_log")
            return self.env.cr.fetchone()[0]

        self.env.cr.flush()  # what the set-up left to write (bus notifications)
        before = rows_in_table()
        as_gp = self.env["parcours.pathway"].with_user(self.gp_user)
        for _opening in range(3):
            as_gp.browse(self.pathway.id).web_read({"name": {}})
        self.encounter.with_user(self.gp_user).web_read({"start": {}})
        # Nothing written yet: the rows wait for the end of the transaction...
        self.assertEqual(rows_in_table(), before)
        # ...which writes them in one INSERT (the cursor's flush runs before each commit),
        # reading the references of the records of both models in the same statement.
        statements = self.env.cr.sql_log_count
        self.env.cr.flush()
        self.assertEqual(self.env.cr.sql_log_count - statements, 1)
        self.assertEqual(rows_in_table(), before + 4)
        entries = self._entries(self.gp_user, "web")
        self.assertEqual(entries.mapped("model").count("parcours.pathway"), 3)
        self.assertEqual(set(entries.mapped("pathway_id")), {self.pathway})
        self.assertEqual(set(entries.mapped("patient_id")), {self.patient})
        self.assertEqual(set(entries.mapped("reference")), {self.pathway.name})
        self.assertEqual(set(entries.mapped("company_id")), {self.pathway.company_id})
        # A patient's entry names the patient, no pathway, and its id as reference.
        self.patient.with_user(self.gp_user).web_read({"display_name": {}})
        entry = self._entries(self.gp_user, "web").filtered(
            lambda entry: entry.model == "parcours.patient"
        )
        self.assertEqual(entry.patient_id, self.patient)
        self.assertFalse(entry.pathway_id)
        self.assertEqual(entry.reference, str(self.patient.id))
        self.assertEqual(entry.company_id, self.patient.company_id)
        # A search of the log finds what the transaction has not written yet.
        self.encounter.with_user(self.manager).export_data(["start"])
        self.assertEqual(self._entries(self.manager, "export").res_id, self.encounter.id)

    def test_an_opening_logs_the_record_opened_only(self):
        # The pathway's form shows its patient's name and its care team: one entry, which
        # names the patient (what the form reads through the pathway is not an opening).
        self.pathway.with_user(self.gp_user).web_read(
            {
                "name": {},
                "patient_id": {"fields": {"display_name": {}}},
                "member_ids": {"fields": {"partner_id": {"fields": {"display_name": {}}}}},
            }
        )
        entry = self._entries(self.gp_user, "web")
        self.assertEqual(entry.mapped("model"), ["parcours.pathway"])
        self.assertEqual(entry.pathway_id, self.pathway)
        self.assertEqual(entry.patient_id, self.patient)
        # Opening the patient's own form is an access to the patient.
        self.patient.with_user(self.gp_user).web_read({"display_name": {}})
        self.assertEqual(
            sorted(self._entries(self.gp_user, "web").mapped("model")),
            ["parcours.pathway", "parcours.patient"],
        )

    def test_a_record_being_created_is_not_logged(self):
        # The form of a new pathway reads a record without an id: it is no access, and its
        # commit must not fail on a log row without a record.
        Pathway = self.env["parcours.pathway"].with_user(self.coordinator)
        Pathway.onchange({}, [], {"name": {}, "state": {}, "patient_id": {}})
        self.env.cr.flush()
        self.assertFalse(self._entries(self.coordinator, "web"))

    def test_entries_are_purged_after_the_retention_period(self):
        Log = self.env["parcours.access.log"]
        values = {"user_id": self.gp_user.id, "model": "parcours.pathway", "route": "web"}
        now = fields.Datetime.now()
        old = Log.create(dict(values, res_id=1, date=now - relativedelta(months=13)))
        recent = Log.create(dict(values, res_id=2, date=now - relativedelta(months=11)))
        Log._cron_purge()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.env["ir.config_parameter"].set_param("parcours_base.access_log_retention_months", "6")
        Log._cron_purge()
        self.assertFalse(recent.exists())

    def test_emergency_access_needs_a_reason_is_logged_and_ends(self):
        Request = self.env["parcours.emergency.access"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            self.pathway.with_user(self.outsider).read(["name"])
        with self.assertRaises(UserError):
            Request.create({"pathway_reference": self.pathway.name, "reason": "urgent"})
            Request.search([], limit=1).action_confirm()
        request = Request.create(
            {
                "pathway_reference": self.pathway.name,
                "reason": "Covering for Dr Gp on leave; the patient called about a relapse",
            }
        )
        # Another organisation's pathway cannot be opened this way.
        foreign = self.env["parcours.emergency.access"].with_user(self.other_coordinator)
        with self.assertRaises(UserError):
            foreign.create(
                {"pathway_reference": self.pathway.name, "reason": "Just looking around here"}
            ).action_confirm()
        request.action_confirm()
        self.assertTrue(self.pathway.with_user(self.outsider).read(["name"]))
        entry = self._entries(self.outsider, "emergency")
        self.assertIn("relapse", entry.reason)
        self.assertEqual(entry.pathway_id, self.pathway)
        notified = self.env["mail.message"].search(
            [("model", "=", "parcours.pathway"), ("res_id", "=", self.pathway.id)]
        )
        self.assertIn(self.coordinator.partner_id, notified.partner_ids)
        # A day later in the user's time zone (midnight UTC may still be today in Paris).
        with freeze_time(fields.Datetime.now() + timedelta(days=1)):
            self.env["parcours.care.team.member"]._cron_refresh_access()
            with self.assertRaises(AccessError):
                self.pathway.with_user(self.outsider).read(["name"])


@tagged("post_install", "-at_install")
class TestAccessLogOverRpc(HttpCase, ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gp_user.password = "test_gp"
        cls.pathway = cls.create_pathway(team=(cls.gp_user,))

    def test_reads_over_xml_rpc_and_json_rpc_are_logged(self):
        def entries():
            return self.env["parcours.access.log"].search(
                [("user_id", "=", self.gp_user.id), ("route", "=", "rpc")]
            )

        self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.gp_user.id,
            "test_gp",
            "parcours.pathway",
            "read",
            [self.pathway.ids],
            {"fields": ["name"]},
        )
        self.assertEqual(entries().pathway_id, self.pathway)
        response = self.url_open(
            "/jsonrpc",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "service": "object",
                        "method": "execute_kw",
                        "args": [
                            self.env.cr.dbname,
                            self.gp_user.id,
                            "test_gp",
                            "parcours.pathway",
                            "search_read",
                            [[("id", "=", self.pathway.id)]],
                            {"fields": ["name"]},
                        ],
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"][0]["name"], self.pathway.name)
        self.assertEqual(len(entries()), 2)
        self.assertEqual(entries().patient_id, self.pathway.patient_id)


@tagged("post_install", "-at_install")
class TestTracking(NeedToKnowCase):
    def flush_tracking(self):
        """Tracking values are written when the transaction commits: do it now."""
        self.env.flush_all()
        self.env.cr.flush()

    def test_changes_are_tracked_and_tracking_follows_data_categories(self):
        tracked = self.env(
            context=dict(self.env.context, tracking_disable=False, mail_notrack=False)
        )
        consent = self.record_consent(self.pathway).with_env(tracked)
        self.flush_tracking()  # records created in the transaction are not tracked
        consent.write({"covers_evaluation": True, "date": consent.date - timedelta(days=5)})
        self.flush_tracking()
        values = consent.message_ids.tracking_value_ids
        self.assertEqual(set(values.field_id.mapped("name")), {"covers_evaluation", "date"})
        member = self.pathway.member_ids[:1].with_env(tracked)
        member.date_to = fields.Date.today() + timedelta(days=10)
        self.flush_tracking()
        self.assertIn("date_to", member.message_ids.tracking_value_ids.field_id.mapped("name"))
        plan = self.care_plan.with_env(tracked)
        plan._validate()
        self.flush_tracking()
        self.assertIn("state", plan.message_ids.tracking_value_ids.field_id.mapped("name"))
