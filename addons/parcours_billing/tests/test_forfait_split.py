from odoo.tests import BaseCase, tagged

from ..tools.budget import expected_patients
from ..tools.forfait_split import distribute, parse_schedule, split_forfait, to_cents
from ..tools.periods import covered_fraction, forfait_periods


def component(key, computation="fixed", amount=0, **values):
    return {"key": key, "computation": computation, "amount": amount, "payable": True, **values}


@tagged("at_install", "-post_install")
class TestForfaitSplit(BaseCase):
    def test_to_cents_rounds_half_up(self):
        self.assertEqual(to_cents(10.715), 1072)
        self.assertEqual(to_cents("2300.08"), 230008)
        self.assertEqual(to_cents(-1.005), -101)

    def test_distribute_adds_up_exactly(self):
        self.assertEqual(distribute(100, [1, 1, 1]), [34, 33, 33])
        self.assertEqual(sum(distribute(52900, [7, 13, 0])), 52900)
        self.assertEqual(distribute(10, [0, 0]), [5, 5])

    def test_msma_split_to_the_cent(self):
        parts, retained = split_forfait(
            52900,
            [
                component("psy", "per_encounter", 22500, rate=4500, max_count=5, count=7),
                component("sw", amount=18600),
                component("rcp_gp", "pooled", 1100, pooled=45000),
                component("coordination", amount=9200),
                component("balance", "remainder"),
            ],
        )
        self.assertEqual(parts["psy"], 22500)
        self.assertEqual(parts["rcp_gp"], 1100)
        self.assertEqual(parts["balance"], 52900 - 22500 - 18600 - 1100 - 9200)
        self.assertEqual(sum(parts.values()) + retained, 52900)
        self.assertEqual(retained, 0)

    def test_unpaid_work_goes_to_the_remainder(self):
        parts, _retained = split_forfait(
            52900,
            [
                component("psy", "per_encounter", 22500, rate=4500, max_count=5, count=3),
                component("psy_unpaid", amount=600, payable=False),
                component("balance", "remainder"),
            ],
        )
        self.assertEqual(parts["psy"], 13500)
        self.assertEqual(parts["psy_unpaid"], 0)
        self.assertEqual(parts["balance"], 52900 - 13500)

    def test_rehab_physio_schedule_and_retained(self):
        parts, retained = split_forfait(
            230008,
            [
                component(
                    "physio", "per_encounter", 18000, base=5000, rate=2600, max_count=5, count=3
                ),
                component(
                    "dietitian",
                    "schedule",
                    15000,
                    schedule=parse_schedule("45; 30; 30; 45"),
                    count=2,
                ),
            ],
        )
        self.assertEqual(parts["physio"], 12800)
        self.assertEqual(parts["dietitian"], 7500)
        self.assertEqual(retained, 230008 - 12800 - 7500)

    def test_prorata_on_early_exit(self):
        parts, retained = split_forfait(
            10000,
            [component("fixed", amount=3650, early_exit="prorata")],
            covered=(73, 365),
        )
        self.assertEqual(parts["fixed"], 730)
        self.assertEqual(retained, 10000 - 730)

    def test_components_above_the_forfait_are_refused(self):
        with self.assertRaises(ValueError):
            split_forfait(100, [component("a", amount=150), component("b", amount=150)])

    def test_bad_schedule(self):
        with self.assertRaises(ValueError):
            parse_schedule("45; thirty")

    def test_periods(self):
        from datetime import date

        periods = forfait_periods("yearly", date(2026, 1, 5), date(2027, 3, 1))
        self.assertEqual(
            periods,
            [(date(2026, 1, 5), date(2027, 1, 4)), (date(2027, 1, 5), date(2028, 1, 4))],
        )
        phases = forfait_periods(
            "phase", date(2026, 1, 5), date(2027, 1, 1), phases=[(12, "weeks"), (40, "weeks")]
        )
        self.assertEqual(phases[0], (date(2026, 1, 5), date(2026, 3, 29)))
        self.assertEqual(phases[1][0], date(2026, 3, 30))
        self.assertEqual(
            covered_fraction(date(2026, 1, 1), date(2026, 1, 10), date(2026, 1, 2)), (2, 10)
        )

    def test_budget_patients(self):
        self.assertEqual(expected_patients(2, 10, 30, 45), 510)
