import psycopg2
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tools import SQL, mute_logger

from .common import RehabCase


class TestErgocycle(RehabCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-20"):
            cls.first = cls.include_rehab(cls.create_rehab_pathway(), start="2026-02-09")
            cls.second = cls.include_rehab(cls.create_rehab_pathway(), start="2026-03-02")

    def _lend(self, pathway, bike, start, **values):
        return (
            self.env["parcours.rehab.ergocycle.loan"]
            .with_user(self.assistant_user)
            .create(
                {"pathway_id": pathway.id, "ergocycle_id": bike.id, "date_start": start, **values}
            )
        )

    def test_pick_up_is_planned_at_the_end_of_the_intervention(self):
        loan = self._lend(self.first, self.bike, "2026-02-09")
        self.assertEqual(loan.date_planned_pickup.isoformat(), "2026-05-04")
        self.assertEqual(loan.date_end, loan.date_planned_pickup)
        self.assertEqual(loan.logistics_partner_id, self.logistics)

    def test_a_bike_cannot_be_double_booked(self):
        self._lend(self.first, self.bike, "2026-02-09")
        with self.assertRefused(ValidationError, "already lent from 2026-02-09 to 2026-05-04"):
            self._lend(self.second, self.bike, "2026-03-02")
        # Free again on its pick-up day.
        loan = self._lend(self.second, self.bike, "2026-05-04", date_planned_pickup="2026-07-27")
        with self.assertRefused(ValidationError, "already lent"):
            loan.date_start = "2026-05-01"
        other = self.create_bike("ERG-002")
        self.assertTrue(
            self._lend(self.second, other, "2026-03-02", date_planned_pickup="2026-05-25")
        )

    def test_the_database_refuses_overlapping_loans(self):
        self._lend(self.first, self.bike, "2026-02-09")
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.ExclusionViolation):
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO parcours_rehab_ergocycle_loan
                        (pathway_id, ergocycle_id, date_start, date_end, state)
                    VALUES (%s, %s, '2026-03-01', '2026-04-01', 'planned')
                    """,
                    self.second.id,
                    self.bike.id,
                )
            )

    def test_bikes_out_of_service_cannot_be_lent(self):
        broken = self.create_bike("ERG-003", state="maintenance")
        with self.assertRefused(ValidationError, "not in service"):
            self._lend(self.first, broken, "2026-02-09")

    def test_delivery_and_pick_up_move_the_bike(self):
        loan = self._lend(self.first, self.bike, "2026-02-09")
        loan.action_deliver()
        self.assertEqual(self.bike.state, "delivered")
        with freeze_time("2026-05-05"):
            loan.action_return()
        self.assertEqual(loan.date_pickup.isoformat(), "2026-05-05")
        self.assertEqual(self.bike.state, "available")
        self.assertEqual(loan.state, "returned")

    def test_availability_over_a_date_range(self):
        spare = self.create_bike("ERG-004")
        self._lend(self.first, self.bike, "2026-02-09")
        Bike = self.env["parcours.rehab.ergocycle"].with_user(self.assistant_user)
        free = Bike.with_context(rehab_date_from="2026-03-02", rehab_date_to="2026-05-25").search(
            [("free_between", "=", True), ("id", "in", (self.bike | spare).ids)]
        )
        self.assertEqual(free, spare)
        free = Bike.with_context(rehab_date_from="2026-05-04", rehab_date_to="2026-07-27").search(
            [("free_between", "=", True), ("id", "in", (self.bike | spare).ids)]
        )
        self.assertEqual(free, self.bike | spare)
        with freeze_time("2026-03-01"):
            self.bike.invalidate_recordset(["next_free_date"])
            self.assertEqual(self.bike.next_free_date.isoformat(), "2026-05-04")

    def test_suspension_moves_the_pick_up(self):
        loan = self._lend(self.first, self.bike, "2026-02-09")
        with freeze_time("2026-03-03"):
            self.first.action_suspend()
        with freeze_time("2026-03-17"):
            self.first.action_resume()
        self.assertEqual(loan.date_planned_pickup.isoformat(), "2026-05-18")
