from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import RehabCase


class TestRequest(RehabCase):
    def _chases(self, pathway):
        chase = self.env.ref("parcours_rehab.mail_activity_type_missing_document")
        return pathway.activity_ids.filtered(lambda activity: activity.activity_type_id == chase)

    @freeze_time("2026-01-05")
    def test_missing_documents_are_chased_until_the_file_is_complete(self):
        pathway = self.create_rehab_pathway(rehab_entry_mode="smr_short")
        pathway.with_user(self.assistant_user).action_submit_request()
        self.assertEqual(len(self._chases(pathway)), 4)
        self.assertFalse(pathway.file_complete_date)
        # Chasing again does not duplicate the activities.
        pathway.with_user(self.assistant_user).action_rehab_chase_documents()
        self.assertEqual(len(self._chases(pathway)), 4)
        documents = pathway.checklist_line_ids.filtered(lambda line: line.kind == "document")
        self.receive_documents(documents[:3])
        self.assertFalse(pathway.file_complete_date)
        with freeze_time("2026-01-19"):
            self.receive_documents(documents[3])
            self.assertEqual(pathway.file_complete_date.isoformat(), "2026-01-19")
        self.assertFalse(self._chases(pathway))
        # The chase was written in the language of whom it was for.
        user = pathway.user_id or self.env.user
        env = self.env(context=dict(self.env.context, lang=user.lang or self.env.lang))
        blood_gas = self.env.ref("parcours_rehab.checklist_blood_gas").with_env(env)
        chase = env._("Missing document: %s", blood_gas.name)
        self.assertTrue(any(chase in text for text in pathway.message_ids.mapped("preview")))

    @freeze_time("2026-01-05")
    def test_minor_patient_is_refused(self):
        patient = self.create_patient(birth_date="2010-03-01")
        pathway = self.create_rehab_pathway(patient=patient)
        with self.assertRefused(UserError, "under 18"):
            self.include_rehab(pathway)
        self.assertNotEqual(pathway.state, "included")
        self.assertFalse(pathway.inclusion_date)

    @freeze_time("2026-01-05")
    def test_gp_opposition_blocks_inclusion(self):
        pathway = self.create_rehab_pathway(rehab_gp_opposed=True)
        with self.assertRefused(UserError, "GP is opposed"):
            self.include_rehab(pathway)
        pathway.rehab_gp_opposed = False
        self.include_rehab(pathway)
        self.assertEqual(pathway.state, "included")

    @freeze_time("2026-01-05")
    def test_director_validates_a_complete_file_only(self):
        pathway = self.create_rehab_pathway()
        pathway.with_user(self.assistant_user).action_submit_request()
        with self.assertRefused(UserError, "not complete"):
            pathway.with_user(self.director_user).action_rehab_validate()
        self.complete_file(pathway)
        with self.assertRefused(AccessError, "medical director"):
            pathway.with_user(self.referent_user).action_rehab_validate()
        self.record_consent(pathway)
        self.tick_checklist(pathway)
        with self.assertRefused(UserError, "medical director has not validated"):
            pathway.with_user(self.assistant_user).action_include()
        pathway.with_user(self.director_user).action_rehab_validate()
        self.assertEqual(pathway.rehab_director_decision, "validated")
        self.assertEqual(pathway.rehab_director_user_id, self.director_user)

    @freeze_time("2026-01-05")
    def test_director_reorients_to_smr(self):
        pathway = self.create_rehab_pathway()
        pathway.with_user(self.assistant_user).action_submit_request()
        self.complete_file(pathway)
        pathway.with_user(self.director_user).action_rehab_propose_smr()
        self.assertEqual(pathway.state, "closed")
        self.assertEqual(pathway.end_reason_id, self.rehab.rehab_smr_end_reason_id)
        self.assertEqual(pathway.stage_id, self.env.ref("parcours_rehab.stage_ended"))

    def test_delay_to_start_is_tracked_and_late_files_flagged(self):
        # The search is checked on this test's files: demo pathways may start late too.
        self.env["parcours.pathway"].search([]).action_archive()
        with freeze_time("2026-01-05"):
            on_time = self.create_rehab_pathway()
            late = self.create_rehab_pathway()
            waiting = self.create_rehab_pathway()
            for pathway in on_time | late | waiting:
                pathway.action_submit_request()
                self.complete_file(pathway)
            self.include_rehab(on_time, start="2026-01-26")
            self.include_rehab(late, start="2026-02-16")
        self.assertEqual(on_time.rehab_start_delay_days, 21)
        self.assertEqual(late.rehab_start_delay_days, 42)
        with freeze_time("2026-01-20"):
            self.assertFalse(on_time.rehab_start_late)
            self.assertTrue(late.rehab_start_late)
            self.assertFalse(waiting.rehab_start_late)
        with freeze_time("2026-02-10"):
            waiting.invalidate_recordset(["rehab_start_late"])
            self.assertTrue(waiting.rehab_start_late)
            found = self.env["parcours.pathway"].search(
                [("rehab_start_late", "=", True), ("programme_id", "=", self.rehab.id)]
            )
            self.assertEqual(found, late | waiting)
        # The target is data a coordinator can change.
        self.rehab.rehab_start_target_days = 60
        with freeze_time("2026-02-10"):
            late.invalidate_recordset(["rehab_start_late"])
            self.assertFalse(late.rehab_start_late)

    @freeze_time("2026-01-05")
    def test_director_decision_is_written_by_its_actions_only(self):
        pathway = self.create_rehab_pathway()
        pathway.with_user(self.assistant_user).action_submit_request()
        self.complete_file(pathway)
        for values in (
            {"rehab_director_decision": "validated"},
            {"rehab_director_user_id": self.director_user.id},
            {"rehab_director_date": "2026-01-01"},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                pathway.with_user(self.assistant_user).write(values)
        self.assertEqual(pathway.rehab_director_decision, "pending")
