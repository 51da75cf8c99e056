from datetime import datetime

from freezegun import freeze_time

from .common import MsmaCase


class TestIndicators(MsmaCase):
    def test_programme_indicators(self):
        with freeze_time("2026-01-01"):
            self.microstructure.start_date = "2026-01-01"
            seen = self.include_msma(self.create_msma_pathway(msma_tso=True))
            other = self.include_msma(self.create_msma_pathway())
            self.env["parcours.encounter"].create(
                {
                    "pathway_id": seen.id,
                    "partner_id": self.psychologist_user.partner_id.id,
                    "kind_id": self.env.ref("parcours_base.encounter_kind_consultation").id,
                    "start": datetime(2026, 1, 1, 10, 0),
                    "state": "done",
                }
            )
        seen.msma_assessment_ids.housing = False
        with freeze_time("2026-04-01"):
            rcp = self.create_rcp(datetime(2026, 4, 1, 14, 0)).with_user(self.coordinator)
            rcp.action_propose_agenda()
            rcp.record_decision(seen, "continue")
            rcp.record_decision(other, "continue")
            rcp.action_hold()
            rcp.action_validate()
        seen.msma_assessment_ids.sorted("id")[-1].housing = True
        first_screening = seen.step_ids.filtered("template_id.msma_screening")[:1]
        first_screening.state = "done"
        # The shipped report, computed by a manager, broken down by microstructure.
        report = self.env.ref("parcours_msma.report_msma").with_user(self.manager)
        report.date_from = "2026-01-01"
        figures = {
            code: value
            for (code, microstructure), value in self.report_figures(report).items()
            if microstructure == self.microstructure.name
        }
        self.assertEqual(
            figures,
            {
                "INCLUSIONS": 2,
                "MSMA_FOLLOWED": 2,
                "MSMA_SEEN_PSYCHOLOGIST": 50.0,  # one of the two
                "MSMA_SEEN_SOCIAL_WORKER": 0.0,
                "MSMA_REVIEWED_RCP": 100.0,  # both reviewed at the April RCP
                "MSMA_SCREENING_DONE": 50.0,  # one screening done of the two due
                "MSMA_ASSESSMENTS": 4,
                "MSMA_RIGHTS_OPENED": 0.0,
                "MSMA_HOUSING": 25.0,  # housing recorded on one assessment of four
                "MSMA_FAMILY_CONTACT": 0.0,
                "MSMA_USE_REDUCED": 0.0,
                "MSMA_USE_STOPPED": 0.0,
                "MSMA_SMOKING_STOPPED": 0.0,
            },
        )
