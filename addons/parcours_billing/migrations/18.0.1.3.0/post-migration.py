"""Forfait lines no longer store where they stand: validation follows their run, the bill
and its payment follow from the run's bills. The old columns held copies of those facts,
written a second time on every line at validation; they go, with their index and keys, and
so does the copy of the rule's programme. (Odoo keeps the column of a field that stops being
stored.) The forfait indicators' unit is computed again: an upgrade of parcours_base computes
it before this addon is loaded."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

FORMER_COLUMNS = ("validation_state", "state", "move_id", "move_line_id", "programme_id")


def migrate(cr, version):
    # The forfait indicators are in euros, which their lines' model says.
    env = api.Environment(cr, SUPERUSER_ID, {})
    indicators = (
        env["parcours.indicator"]
        .with_context(active_test=False)
        .search([("source", "=", "forfait_line")])
    )
    env.add_to_compute(indicators._fields["unit"], indicators)
    indicators.flush_recordset(["unit"])
    for column in FORMER_COLUMNS:
        cr.execute(
            SQL(
                "ALTER TABLE parcours_forfait_line DROP COLUMN IF EXISTS %s",
                SQL.identifier(column),
            )
        )
