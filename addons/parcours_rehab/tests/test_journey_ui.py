from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import RehabCase

PATHWAY_URL = "/odoo/action-parcours_base.parcours_pathway_action/%d"
RCP_URL = "/odoo/action-parcours_base.parcours_rcp_action/%d"


@tagged("post_install", "-at_install")
class TestRehabJourneyUi(HttpCase, RehabCase):
    """From the pulmonologist's request to the W12 closing visit, each step as its role:
    the assistant submits the request and attaches the documents of the file, the medical
    director validates it, the concertation committee includes the patient on the planned W0
    visit, the referent holds the W0 and W12 visits and measures. Each day of the journey is
    the day the server lives in. The tours assert what each user sees (stage, to-dos,
    documents, dates in French); the test asserts the same facts on the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        for user in (cls.assistant_user, cls.director_user, cls.referent_user):
            user.write({"lang": "fr_FR", "tz": "Europe/Paris", "password": user.login})

    def test_request_to_w12(self):
        ref = self.env.ref
        missing = ref("parcours_rehab.mail_activity_type_missing_document")
        # Demo pathways would fill the kanban and the committee's agenda.
        self.env["parcours.pathway"].search([]).action_archive()
        # The tours pick shipped records by names of the test's own (names are translated).
        self.name_in_every_language(ref("parcours_base.encounter_kind_home_visit"), "TOURVISIT")
        self.name_in_every_language(ref("parcours_rehab.step_inclusion_visit"), "TOURW0")
        self.name_in_every_language(ref("parcours_rehab.step_mid_visit"), "TOURW6")
        self.name_in_every_language(ref("parcours_rehab.step_closing_visit"), "TOURW12")
        with freeze_time("2026-01-05 09:00"):
            pathway = self.create_rehab_pathway(
                patient=self.create_patient("Journeyrehab", "Marie"),
                team=(self.referent_user, self.director_user, self.gp_user),
            )
            documents = pathway.checklist_line_ids.filtered(lambda line: line.kind == "document")
            for number, line in enumerate(documents, start=1):
                self.name_in_every_language(line.item_id, "TOURDOC%d" % number)
            self.assertEqual(len(documents), 4)
            pathway.user_id = self.assistant_user
            # The assistant submits the request: each missing document is chased.
            self.start_tour(
                PATHWAY_URL % pathway.id,
                "parcours_rehab_journey_request_tour",
                login="test_assistant",
            )
        self.assertEqual(pathway.state, "requested")
        self.assertEqual(pathway.stage_id, ref("parcours_rehab.stage_request"))
        chased = pathway.activity_ids.filtered(lambda a: a.activity_type_id == missing)
        self.assertEqual(len(chased), 4)
        self.assertEqual(chased.user_id, self.assistant_user)

        # The documents arrive: the assistant attaches each file and ticks it received; the
        # file is complete on the last one.
        with freeze_time("2026-01-19 09:00"):
            self.start_tour(
                PATHWAY_URL % pathway.id,
                "parcours_rehab_journey_documents_tour",
                login="test_assistant",
            )
        self.assertTrue(all(documents.mapped("done")))
        self.assertEqual(
            [line.attachment_ids.name for line in documents],
            ["TOURDOC%d.pdf" % number for number in range(1, 5)],
        )
        self.assertEqual(pathway.file_complete_date, date(2026, 1, 19))
        self.assertFalse(pathway.activity_ids.filtered(lambda a: a.activity_type_id == missing))

        # The medical director validates the file, as themself.
        with freeze_time("2026-01-20 09:00"):
            self.start_tour(
                PATHWAY_URL % pathway.id,
                "parcours_rehab_journey_director_tour",
                login="test_director",
            )
        self.assertEqual(pathway.rehab_director_decision, "validated")
        self.assertEqual(pathway.rehab_director_user_id, self.director_user)
        self.assertEqual(pathway.rehab_director_date, date(2026, 1, 20))

        # The assistant collects consent, checks the criteria and plans the W0 visit.
        with freeze_time("2026-01-20 10:00"):
            pathway.with_user(self.assistant_user).rehab_planned_start_date = "2026-02-09"
            self.record_consent(pathway, date=date(2026, 1, 20))
            self.tick_checklist(pathway)
            pathway.with_user(self.assistant_user).action_mark_eligible()
        self.assertEqual(pathway.stage_id, ref("parcours_rehab.stage_orientation"))

        # The concertation committee includes the patient, dated on the planned W0 visit.
        with freeze_time("2026-01-22 16:00"):
            committee = self.create_committee("2026-01-22 13:00:00")
            self.start_tour(
                RCP_URL % committee.id,
                "parcours_rehab_journey_committee_tour",
                login="test_assistant",
            )
        self.assertEqual(committee.state, "validated")
        self.assertEqual(pathway.state, "included")
        self.assertEqual(pathway.rehab_committee_id, committee)
        self.assertEqual(pathway.inclusion_date, date(2026, 2, 9))
        self.assertEqual(pathway.stage_id, ref("parcours_rehab.stage_intervention"))
        w0_step = pathway.step_ids.filtered(
            lambda s: s.template_id == ref("parcours_rehab.step_inclusion_visit")
        )
        self.assertEqual(w0_step.due_date, date(2026, 2, 9))
        self.assertEqual(w0_step.user_id, self.referent_user)
        self.assertEqual(w0_step.activity_id.user_id, self.referent_user)

        # W0: the referent holds the home visit through its form, then measures CRQ and
        # endurance in the browser.
        with freeze_time("2026-02-09 11:00"):
            self.start_tour(
                PATHWAY_URL % pathway.id, "parcours_rehab_journey_w0_tour", login="test_referent"
            )
        self.assertEqual(w0_step.state, "done")
        held = pathway.encounter_ids.filtered(lambda e: e.state == "done")
        self.assertEqual(held.kind_id, ref("parcours_base.encounter_kind_home_visit"))
        self.assertEqual(held.start.date(), date(2026, 2, 9))
        w0 = pathway.rehab_assessment_ids.filtered(lambda a: a.kind == "w0")
        self.assertEqual(w0.date, date(2026, 2, 9))
        self.assertEqual(w0.endurance_seconds, 310)

        # W6: the patient is not there for the visit; the referent records it through the
        # form, and the visit stays to do.
        with freeze_time("2026-03-23 11:00"):
            self.start_tour(
                PATHWAY_URL % pathway.id, "parcours_rehab_journey_w6_tour", login="test_referent"
            )
        missed = pathway.encounter_ids.filtered(lambda e: e.state == "no_show")
        self.assertEqual(missed.start.date(), date(2026, 3, 23))
        w6_step = pathway.step_ids.filtered(
            lambda s: s.template_id == ref("parcours_rehab.step_mid_visit")
        )
        self.assertEqual(w6_step.due_date, date(2026, 3, 23))
        self.assertEqual(w6_step.state, "planned")

        # W12: the closing visit, held and measured again; the programme shows the improvement.
        with freeze_time("2026-05-04 11:00"):
            self.start_tour(
                PATHWAY_URL % pathway.id, "parcours_rehab_journey_w12_tour", login="test_referent"
            )
        w12_step = pathway.step_ids.filtered(
            lambda s: s.template_id == ref("parcours_rehab.step_closing_visit")
        )
        self.assertEqual(w12_step.due_date, date(2026, 5, 4))
        self.assertEqual(w12_step.state, "done")
        held = pathway.encounter_ids.filtered(lambda e: e.state == "done")
        self.assertEqual(len(held), 2)
        self.assertEqual(held.partner_id, self.referent_user.partner_id)
        w12 = pathway.rehab_assessment_ids.filtered(lambda a: a.kind == "w12")
        self.assertEqual(w12.date, date(2026, 5, 4))
        self.assertEqual(w12.satisfaction, "9")
        self.assertFalse(w0.satisfaction)
        self.assertTrue(pathway.rehab_crq_improved)
        self.assertTrue(pathway.rehab_endurance_improved)
