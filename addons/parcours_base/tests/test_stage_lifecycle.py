from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .common import ParcoursCase


class TestStageFollowsLifecycle(ParcoursCase):
    """A programme's stages say which lifecycle events move a card into them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        event = cls.env.ref
        cls.phased = cls.create_programme(
            "Phased",
            "PHASED",
            duration_policy="phased",
            phase_ids=[
                Command.create({"name": "Intervention", "duration": 12, "sequence": 1}),
                Command.create({"name": "Remote", "duration": 40, "sequence": 2}),
            ],
        )
        cls.phased.stage_ids.unlink()
        intervention, remote = cls.phased.phase_ids.sorted("sequence")

        def stage(name, sequence, events, **values):
            return cls.env["parcours.stage"].create(
                {
                    "programme_id": cls.phased.id,
                    "name": name,
                    "sequence": sequence,
                    "lifecycle_event_ids": [
                        Command.set(
                            [event("parcours_base.lifecycle_event_" + code).id for code in events]
                        )
                    ],
                    **values,
                }
            )

        cls.st_request = stage("Request", 1, ["submitted"])
        cls.st_waiting = stage("Collegial decision", 2, ["eligible"], kind="evaluation")
        cls.st_intervention = stage(
            "Intervention",
            3,
            ["included", "phase", "resumed", "rcp_reviewed"],
            kind="included",
            phase_id=intervention.id,
        )
        cls.st_remote = stage("Remote", 4, ["phase"], kind="follow_up", phase_id=remote.id)
        cls.st_review = stage("Review", 5, ["rcp_agenda"], kind="follow_up")
        cls.st_suspended = stage(
            "Suspended", 6, ["suspended"], kind="follow_up", manual_entry=False
        )
        cls.st_ended = stage(
            "Ended", 7, ["closed"], kind="closed", manual_entry=False, require_end_reason=True
        )
        cls.st_free = stage("Waiting list", 8, [], kind="request")

    def _new_pathway(self):
        return self.create_pathway(
            programme=self.phased,
            team=(self.gp_user, self.psychologist_user),
            request_date="2026-01-05",
        )

    def _include(self, pathway):
        pathway.with_user(self.coordinator).action_submit_request()
        self.assertEqual(pathway.stage_id, self.st_request)
        self.tick_checklist(pathway)
        pathway.with_user(self.coordinator).action_mark_eligible()
        self.assertEqual(pathway.stage_id, self.st_waiting)
        self.record_consent(pathway)
        self.approve_as(pathway, self.gp_user, self.psychologist_user)
        pathway.with_user(self.coordinator).action_include()

    def test_card_follows_inclusion_phases_suspension_and_end(self):
        with freeze_time("2026-01-05"):
            pathway = self._new_pathway()
            self._include(pathway)
        self.assertEqual(pathway.stage_id, self.st_intervention)
        # Nightly: the twelve weeks pass, the card moves to the remote phase's stage.
        with freeze_time("2026-03-29"):
            self.env["parcours.pathway"]._cron_follow_phases()
            self.assertEqual(pathway.stage_id, self.st_intervention)
        with freeze_time("2026-03-30"):
            self.env["parcours.pathway"]._cron_follow_phases()
            self.assertEqual(pathway.stage_id, self.st_remote)
            pathway.with_user(self.coordinator).action_suspend()
            self.assertEqual(pathway.stage_id, self.st_suspended)
        # Resuming goes back to the stage of the phase the pathway is in.
        with freeze_time("2026-04-06"):
            pathway.with_user(self.coordinator).action_resume()
            self.assertEqual(pathway.stage_id, self.st_remote)
            pathway.with_user(self.coordinator)._close(
                self.phased.end_reason_ids[0], pathway.inclusion_date
            )
        self.assertEqual(pathway.stage_id, self.st_ended)

    def test_rcp_agenda_and_review_move_the_card(self):
        with freeze_time("2026-01-05"):
            pathway = self._new_pathway()
            self._include(pathway)
        self.phased.quorum_profession_ids = False
        with freeze_time("2026-04-14 15:00"):
            rcp = (
                self.env["parcours.rcp"]
                .with_user(self.coordinator)
                .create(
                    {
                        "date": datetime(2026, 4, 14, 14, 0),
                        "programme_ids": [Command.set(self.phased.ids)],
                    }
                )
            )
            rcp.action_propose_agenda()
            self.assertEqual(pathway.stage_id, self.st_review)
            rcp.record_decision(pathway, "continue")
            rcp.action_hold()
            rcp.action_validate()
        self.assertEqual(pathway.stage_id, self.st_intervention)

    def test_coordinator_drags_only_where_the_programme_allows(self):
        pathway = self._new_pathway()
        pathway.with_user(self.coordinator).stage_id = self.st_free
        self.assertEqual(pathway.stage_id, self.st_free)
        with self.assertRaises(UserError):
            pathway.with_user(self.coordinator).stage_id = self.st_suspended
        pathway.invalidate_recordset()
        self.assertEqual(pathway.stage_id, self.st_free)

    def test_programme_without_events_falls_back_on_stage_kinds(self):
        pathway = self.create_pathway(team=(self.gp_user, self.psychologist_user))
        self.include(pathway)
        self.assertEqual(pathway.stage_id.kind, "included")
