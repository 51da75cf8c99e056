import json
from datetime import datetime

from fhir.resources import construct_fhir_element

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.parcours_base.tests.common import ParcoursCase
from odoo.addons.parcours_base.tools.identity import nir_key

NIA_OID = "1.2.250.1.213.1.4.9"
RESOURCE_TYPES = (
    "Patient",
    "Practitioner",
    "Organization",
    "EpisodeOfCare",
    "CareTeam",
    "CarePlan",
    "Encounter",
    "Consent",
    "Appointment",
)


@tagged("post_install", "-at_install")
class TestFhirApi(HttpCase, ParcoursCase):
    """The API served by the real server, validated against the FHIR R4 models."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation.write({"street": "8 avenue de la Coordination", "zip": "34000"})
        cls.gp_user.partner_id.parcours_rpps = "10003456789"
        cls.family_gp = cls.env["res.partner"].create(
            {"name": "Dr Family Doctor", "parcours_profession_id": cls.gp_profession.id}
        )
        cls.patient = cls.create_patient(
            "Dupont",
            "Marie Anne",
            sex="female",
            birth_date="1970-03-04",
            gp_id=cls.family_gp.id,
            birth_place_code="75056",
            city="Lunel",
        )
        cls.qualify_identity(cls.patient, "270037512345647")
        cls.pathway = cls.include(
            cls.create_pathway(
                patient=cls.patient,
                team=(cls.gp_user, cls.psychologist_user),
                request_date="2026-01-02",
            )
        )
        cls.pathway.user_id = cls.coordinator
        kind = cls.env.ref("parcours_base.encounter_kind_home_visit")
        cls.encounter = cls.env["parcours.encounter"].create(
            {
                "pathway_id": cls.pathway.id,
                "kind_id": kind.id,
                "partner_id": cls.psychologist_user.partner_id.id,
                "start": datetime(2026, 1, 20, 10, 0),
                "duration": 60,
                "state": "done",
            }
        )
        cls.care_plan = cls.env["parcours.care.plan"].create(
            {
                "pathway_id": cls.pathway.id,
                "goal_ids": [Command.create({"description": "Reduce use", "domain": "health"})],
                "contact_ids": [
                    Command.create(
                        {
                            "profession_id": cls.psychologist_profession.id,
                            "kind_id": kind.id,
                            "count": 2,
                            "period": "month",
                        }
                    )
                ],
            }
        )
        cls.rcp = cls.env["parcours.rcp"].create(
            {
                "programme_ids": cls.programme.ids,
                "date": datetime(2026, 2, 1, 9, 0),
                "attendee_ids": [
                    Command.create(
                        {
                            "partner_id": cls.gp_user.partner_id.id,
                            "profession_id": cls.gp_profession.id,
                        }
                    )
                ],
                "decision_ids": [Command.create({"pathway_id": cls.pathway.id})],
            }
        )
        # A pathway of another care team.
        cls.other_patient = cls.create_patient("Martin", "Paul", sex="male")
        cls.other_pathway = cls.create_pathway(patient=cls.other_patient, team=())
        cls.outsider = cls.new_parcours_user(
            "outsider", "parcours_base.group_parcours_professional", profession=cls.gp_profession
        )
        cls.keys = {
            user.login: cls.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, "FHIR test", None)
            for user in (cls.gp_user, cls.coordinator, cls.manager, cls.outsider)
        }

    def fhir(self, path, user=None, data=None, expected=200):
        headers = {"Accept": "application/fhir+json"}
        if user:
            headers["Authorization"] = "Bearer %s" % self.keys[user.login]
        if data is not None:
            headers["Content-Type"] = "application/fhir+json"
            data = json.dumps(data)
        response = self.url_open("/fhir/R4/" + path, data=data, headers=headers)
        self.assertEqual(response.status_code, expected, response.text[:500])
        if response.headers.get("Content-Type", "").startswith("application/fhir+json"):
            return response.json()
        return response

    def validate(self, resource):
        """Parse with fhir.resources (R4): raises on any invalid element."""
        return construct_fhir_element(resource["resourceType"], resource)

    def test_capability_statement(self):
        statement = self.fhir("metadata")
        self.validate(statement)
        self.assertEqual(statement["fhirVersion"], "4.0.1")
        served = {resource["type"] for resource in statement["rest"][0]["resource"]}
        self.assertTrue(set(RESOURCE_TYPES) <= served)

    def test_every_resource_validates_read_and_search(self):
        patient_param = "patient=Patient/%s" % self.patient.id
        searches = {
            "Patient": "_id=%s" % self.patient.id,
            "Practitioner": "_id=%s" % self.gp_user.partner_id.id,
            "Organization": "_id=%s" % self.organisation.partner_id.id,
        }
        for resource_type in RESOURCE_TYPES:
            with self.subTest(resource_type=resource_type):
                query = searches.get(resource_type, patient_param)
                bundle = self.fhir("%s?%s" % (resource_type, query), user=self.gp_user)
                self.validate(bundle)
                self.assertEqual(bundle["type"], "searchset")
                self.assertGreaterEqual(bundle["total"], 1)
                for entry in bundle["entry"]:
                    self.validate(entry["resource"])
                first = bundle["entry"][0]["resource"]
                read = self.fhir("%s/%s" % (resource_type, first["id"]), user=self.gp_user)
                self.validate(read)
                self.assertEqual(read, first)

    def test_round_trip_keeps_everything(self):
        for path in (
            "Patient/%s" % self.patient.id,
            "EpisodeOfCare/%s" % self.pathway.id,
            "CareTeam/%s" % self.pathway.id,
            "CarePlan/%s" % self.care_plan.id,
            "Encounter/%s" % self.encounter.id,
            "Appointment/%s" % self.rcp.id,
        ):
            with self.subTest(path=path):
                exported = self.fhir(path, user=self.gp_user)
                parsed = self.validate(exported)
                self.assertEqual(json.loads(parsed.json()), exported)
        patient = self.validate(self.fhir("Patient/%s" % self.patient.id, user=self.gp_user))
        official = patient.name[0]
        self.assertEqual(official.family, "Dupont")
        self.assertEqual(official.given, ["Marie", "Anne"])
        self.assertEqual(patient.gender, "female")
        self.assertEqual(patient.birthDate.isoformat(), "1970-03-04")
        self.assertEqual(patient.identifier[0].system, "urn:oid:1.2.250.1.213.1.4.8")
        self.assertEqual(patient.identifier[0].value, "270037512345647")
        self.assertEqual(
            patient.generalPractitioner[0].reference, "Practitioner/%s" % self.family_gp.id
        )
        episode = self.validate(self.fhir("EpisodeOfCare/%s" % self.pathway.id, user=self.gp_user))
        self.assertEqual(episode.status, "active")
        self.assertEqual(episode.identifier[0].value, self.pathway.name)
        self.assertEqual(episode.period.start, self.pathway.inclusion_date)
        team = self.validate(self.fhir("CareTeam/%s" % self.pathway.id, user=self.gp_user))
        self.assertEqual(
            {participant.member.reference for participant in team.participant},
            {"Practitioner/%s" % member.partner_id.id for member in self.pathway.member_ids},
        )
        practitioner = self.validate(
            self.fhir("Practitioner/%s" % self.gp_user.partner_id.id, user=self.gp_user)
        )
        self.assertEqual(practitioner.identifier[0].value, "810003456789")
        # the care manager named by an episode is a readable Practitioner
        manager = episode.careManager.reference
        self.validate(self.fhir(manager, user=self.gp_user))

    def test_ins_goes_out_only_when_qualified(self):
        patient = self.fhir("Patient/%s" % self.other_patient.id, user=self.coordinator)
        self.assertEqual(self.other_patient.identity_status, "provisional")
        systems = [identifier["system"] for identifier in patient["identifier"]]
        self.assertEqual(systems, ["urn:parcours:patient"])

    def test_nia_goes_out_with_the_nia_oid(self):
        """A qualified identity whose matricule is an NIA (temporary number) is exported
        with the NIA's OID and type, and found by it."""
        number = "7950399123456"
        nia = number + nir_key(number)
        self.qualify_identity(self.other_patient, nia, oid=NIA_OID)
        patient = self.validate(
            self.fhir("Patient/%s" % self.other_patient.id, user=self.coordinator)
        )
        official = patient.identifier[0]
        self.assertEqual(official.system, "urn:oid:" + NIA_OID)
        self.assertEqual(official.value, nia)
        self.assertEqual(official.type.coding[0].code, "INS-NIA")
        bundle = self.fhir(
            "Patient?identifier=urn:oid:%s|%s&_id=%s" % (NIA_OID, nia, self.other_patient.id),
            user=self.coordinator,
        )
        self.assertEqual(
            [entry["resource"]["id"] for entry in bundle["entry"]], [str(self.other_patient.id)]
        )

    def test_search_parameters(self):
        # only this test's records, whatever else the database holds
        own = {
            "EpisodeOfCare": (self.pathway | self.other_pathway).ids,
            "Patient": (self.patient | self.other_patient).ids,
            "Encounter": self.encounter.ids,
            "Appointment": self.rcp.ids,
        }

        def ids(query, resource_type="EpisodeOfCare", user=self.coordinator):
            scope = "_id=%s" % ",".join(str(id_) for id_ in own[resource_type])
            bundle = self.fhir("%s?%s&%s" % (resource_type, query, scope), user=user)
            return {int(entry["resource"]["id"]) for entry in bundle.get("entry", [])}

        mine = self.pathway.id
        self.assertIn(mine, ids("status=active"))
        self.assertNotIn(mine, ids("status=waitlist,planned"))
        self.assertIn(self.other_pathway.id, ids("status=planned"))
        self.assertIn(mine, ids("date=2026-01"))
        self.assertNotIn(mine, ids("date=lt2026-01-02"))
        self.assertIn(mine, ids("identifier=%s" % self.pathway.name))
        self.assertIn(mine, ids("_lastUpdated=ge2000-01-01"))
        self.assertFalse(ids("_lastUpdated=lt2000-01-01"))
        self.assertEqual(
            ids("identifier=urn:oid:1.2.250.1.213.1.4.8|270037512345647", "Patient"),
            {self.patient.id},
        )
        self.assertEqual(ids("date=2026-01-20", "Encounter"), {self.encounter.id})
        self.assertEqual(ids("patient=%s" % self.patient.id, "Appointment"), {self.rcp.id})
        self.fhir("EpisodeOfCare?unknown=1", user=self.coordinator, expected=400)
        self.fhir("EpisodeOfCare?date=yesterday", user=self.coordinator, expected=400)

    def test_paging(self):
        scope = "_id=%s,%s" % (self.pathway.id, self.other_pathway.id)
        first = self.fhir("EpisodeOfCare?_count=1&" + scope, user=self.coordinator)
        self.assertEqual(first["total"], 2)
        self.assertEqual(len(first["entry"]), 1)
        following = next(link["url"] for link in first["link"] if link["relation"] == "next")
        second = self.fhir(following.split("/fhir/R4/", 1)[1], user=self.coordinator)
        self.assertNotEqual(first["entry"][0]["fullUrl"], second["entry"][0]["fullUrl"])
        self.assertFalse([link for link in second["link"] if link["relation"] == "next"])

    def test_refusals_by_role(self):
        # no credentials, or a wrong key
        self.fhir("Patient", expected=401)
        response = self.url_open("/fhir/R4/Patient", headers={"Authorization": "Bearer not-a-key"})
        self.assertEqual(response.status_code, 401)
        # a manager gets no clinical resource, only the directory
        for resource_type in ("Patient", "EpisodeOfCare", "Encounter", "Consent", "CarePlan"):
            outcome = self.fhir(resource_type, user=self.manager, expected=403)
            self.validate(outcome)
        self.fhir("Patient/%s" % self.patient.id, user=self.manager, expected=403)
        self.fhir("Practitioner", user=self.manager)
        # a professional sees the patients of their care teams only
        self.fhir("Patient/%s" % self.patient.id, user=self.outsider, expected=404)
        empty = self.fhir("Patient", user=self.outsider)
        self.validate(empty)
        self.assertEqual(empty["total"], 0)
        self.assertNotIn("entry", empty)
        mine = self.fhir("EpisodeOfCare", user=self.gp_user)
        self.assertEqual(
            [entry["resource"]["id"] for entry in mine["entry"]], [str(self.pathway.id)]
        )
        self.fhir("Basic/1", user=self.gp_user, expected=404)

    def test_every_read_is_in_the_access_log(self):
        log = self.env["parcours.access.log"].sudo()
        last = log.search([], order="id desc", limit=1).id or 0
        self.fhir("Patient/%s" % self.patient.id, user=self.gp_user)
        self.fhir("EpisodeOfCare?patient=%s" % self.patient.id, user=self.gp_user)
        entries = log.search([("id", ">", last), ("route", "=", "fhir")])
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries.user_id, self.gp_user)

    def test_session_authentication(self):
        self.authenticate(self.gp_user.login, self.gp_user.login)
        response = self.url_open(
            "/fhir/R4/Patient/%s" % self.patient.id,
            headers={
                "Sec-Fetch-Dest": "document",
                "Sec-Fetch-Mode": "navigate",
                "Sec-Fetch-Site": "same-origin",
                "Sec-Fetch-User": "?1",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.validate(response.json())

    def test_referral_lands_as_a_pathway_request(self):
        referral = {
            "resourceType": "ServiceRequest",
            "status": "active",
            "intent": "order",
            "contained": [
                {
                    "resourceType": "Patient",
                    "id": "p1",
                    "name": [{"use": "official", "family": "Nouveau", "given": ["Lea"]}],
                    "gender": "female",
                    "birthDate": "1985-06-07",
                }
            ],
            "category": [{"coding": [{"system": "urn:parcours:programme", "code": "TEST"}]}],
            "subject": {"reference": "#p1"},
            "requester": {"reference": "Practitioner/%s" % self.family_gp.id},
            "authoredOn": "2026-01-10",
        }
        self.validate(referral)
        self.fhir("ServiceRequest", user=self.gp_user, data=referral, expected=403)
        episode = self.fhir("ServiceRequest", user=self.coordinator, data=referral, expected=201)
        self.validate(episode)
        self.assertEqual(episode["status"], "waitlist")
        pathway = self.env["parcours.pathway"].browse(int(episode["id"]))
        self.assertEqual(pathway.state, "requested")
        self.assertEqual(pathway.patient_id.birth_name, "Nouveau")
        self.assertEqual(pathway.referrer_id, self.family_gp)
        self.assertEqual(pathway.referral_source, "gp")
        self.assertEqual(pathway.programme_id, self.programme)
        self.assertTrue(pathway.activity_ids.filtered(lambda a: a.user_id == pathway.user_id))
        # an EpisodeOfCare in planned for a known patient
        planned = {
            "resourceType": "EpisodeOfCare",
            "status": "planned",
            "type": [{"coding": [{"system": "urn:parcours:programme", "code": "TEST"}]}],
            "patient": {"reference": "Patient/%s" % self.other_patient.id},
        }
        self.validate(planned)
        # the other patient already has an active pathway in the programme: refused cleanly
        self.fhir("EpisodeOfCare", user=self.coordinator, data=planned, expected=400)
        self.fhir(
            "ServiceRequest",
            user=self.coordinator,
            data={**referral, "category": []},
            expected=400,
        )
