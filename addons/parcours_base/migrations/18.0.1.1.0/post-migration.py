"""An indicator declares the programmes it applies to (a list) instead of one programme: each
indicator keeps the programme it had, now as the first of its list. Odoo drops the old column
once the upgrade is done; until then it still holds the value."""

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not column_exists(cr, "parcours_indicator", "programme_id"):
        return
    cr.execute(
        SQL("SELECT id, programme_id FROM parcours_indicator WHERE programme_id IS NOT NULL")
    )
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    for indicator_id, programme_id in cr.fetchall():
        env["parcours.indicator"].browse(indicator_id).programme_ids = [Command.link(programme_id)]
