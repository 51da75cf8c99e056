from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import accrual
from ..tools.forfait_split import earned, scale


def day(text):
    return date.fromisoformat(text)


@tagged("at_install", "-post_install")
class TestAccrualTools(BaseCase):
    """The accrual's counting, as plain functions: no database."""

    def test_periods_ending_in_the_window(self):
        periods = [(day("2026-01-05"), day("2027-01-04")), (day("2027-01-05"), day("2028-01-04"))]
        self.assertEqual(
            accrual.periods_ending(periods, None, day("2027-01-01"), day("2027-01-31")),
            periods[:1],
        )
        # Gone in March 2027: the second period ends then; nothing after the exit.
        self.assertEqual(
            accrual.periods_ending(
                periods, day("2027-03-10"), day("2027-03-01"), day("2027-03-31")
            ),
            periods[1:],
        )
        self.assertEqual(
            accrual.periods_ending(
                periods, day("2026-12-31"), day("2027-01-01"), day("2028-12-31")
            ),
            [],
        )

    def test_team_during_a_period(self):
        members = [
            (1, 10, day("2026-01-01"), day("2026-03-31")),
            (1, 11, day("2026-04-01"), None),
            (2, 20, day("2027-02-01"), None),
        ]
        self.assertEqual(
            accrual.team_during(members, day("2026-01-05"), day("2027-01-04")), {1: 10}
        )
        self.assertEqual(
            accrual.team_during(members, day("2026-05-01"), day("2027-04-30")), {1: 11, 2: 20}
        )

    def test_done_encounters_and_minutes(self):
        encounters = [
            (10, 1, day("2026-02-10")),
            (10, 2, day("2026-03-10")),
            (11, 1, day("2026-04-10")),
        ]
        self.assertEqual(
            accrual.done_count(encounters, 10, 1, day("2026-01-01"), day("2026-12-31")), 1
        )
        self.assertEqual(
            accrual.done_count(encounters, 10, False, day("2026-01-01"), day("2026-12-31")), 2
        )
        self.assertEqual(
            accrual.done_count(encounters, 10, 2, day("2026-01-01"), day("2026-03-01")), 0
        )
        attendance = [(day("2026-03-02"), 90), (day("2026-06-01"), 60), (day("2027-03-01"), 90)]
        self.assertEqual(
            accrual.minutes_between(attendance, day("2026-01-05"), day("2027-01-04")), 150
        )

    def test_patients_followed_per_pool(self):
        pools = accrual.pools(
            {
                "A": [(day("2026-01-05"), None), (day("2026-06-01"), day("2026-08-31"))],
                "B": [(day("2027-02-01"), None)],
            }
        )
        inclusions, exits = pools["A"]
        self.assertEqual(
            accrual.followed_between(inclusions, exits, day("2026-01-05"), day("2027-01-04")), 2
        )
        self.assertEqual(
            accrual.followed_between(inclusions, exits, day("2026-09-01"), day("2027-01-04")), 1
        )
        self.assertEqual(
            accrual.followed_between(*pools["B"], day("2026-01-05"), day("2027-01-04")), 0
        )

    def test_msma_rcp_share_of_a_42_patient_microstructure(self):
        # 4 RCP x 1.5 h x 75 EUR/h shared over 42 patients: 10.71, the funder says 11.
        self.assertEqual(scale(7500, 4 * 90, 60 * 42), 1071)
        self.assertEqual(scale(4500, 4 * 90, 60 * 42), 643)
        self.assertEqual(scale(3100, 4 * 90, 60 * 42), 443)
        stated = {"computation": "pooled", "amount": 1100, "stated": True}
        self.assertEqual(earned(dict(stated, pooled=1071)), 1100)
        self.assertEqual(earned(dict(stated, pooled=0)), 0, "no RCP attended, nothing paid")
        self.assertEqual(earned({"computation": "pooled", "amount": 1100, "pooled": 1071}), 1071)

    def test_rehab_physiotherapy_pays_sessions_held(self):
        physio = {
            "computation": "initial",
            "amount": 18000,
            "base": 5000,
            "rate": 2600,
            "max_count": 5,
        }
        self.assertEqual(
            [min(earned(dict(physio, count=count)), 18000) for count in range(8)],
            [0, 5000, 7600, 10200, 12800, 15400, 18000, 18000],
        )

    def test_physician_needs_an_evaluation(self):
        physician = {"computation": "fixed", "amount": 10000, "min_count": 1}
        self.assertEqual(earned(dict(physician, count=0)), 0)
        self.assertEqual(earned(dict(physician, count=1)), 10000)
        self.assertEqual(earned({"computation": "fixed", "amount": 10000}), 10000)
