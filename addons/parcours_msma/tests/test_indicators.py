from datetime import date, datetime

from freezegun import freeze_time

from ..tools.indicators import item_evolution, patient_years, per_patient_year, percentage
from .common import MsmaCase


class TestIndicators(MsmaCase):
    def test_formulas(self):
        self.assertEqual(percentage(1, 3), 33.3)
        self.assertEqual(percentage(1, 0), 0.0)
        self.assertEqual(patient_years([(date(2026, 1, 1), date(2026, 12, 31))]), 1.0)
        self.assertEqual(per_patient_year(4, 2.0), 2.0)
        self.assertEqual(per_patient_year(4, 0), 0.0)
        evolution = item_evolution(
            [
                (
                    {"housing": False, "legal_problems": True},
                    {"housing": True, "legal_problems": True},
                )
            ],
            {"housing": True, "legal_problems": False},
        )
        self.assertEqual(evolution["housing"]["improved"], 1)
        self.assertEqual(evolution["legal_problems"]["stable"], 1)

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
        figures = self.msma.with_user(self.manager)._msma_indicators(
            date(2026, 1, 1), date(2026, 12, 31), self.microstructure
        )
        self.assertEqual(figures["included"], 2)
        self.assertEqual(figures["seen_by_psychologist_pct"], 50.0)
        self.assertEqual(figures["seen_by_social_worker_pct"], 0.0)
        self.assertEqual(figures["tso_pct"], 50.0)
        self.assertEqual(figures["rcp_per_patient_year"], 1.0)
        self.assertEqual(figures["screenings_due"], 2)
        self.assertEqual(figures["screenings_done"], 1)
        self.assertEqual(figures["evolution"]["housing"]["improved"], 1)
        self.assertEqual(figures["evolution"]["housing"]["stable"], 1)
        self.assertEqual(
            figures["microstructures"][self.microstructure.with_user(self.manager)],
            {"patients": 2, "target": 30},
        )
