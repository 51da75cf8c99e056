"""Drop the index of the forfait lines' state: it changes when a run is validated, so each
validated line rewrote it, and the state is only searched beside a run, a period or an
organisation. (Odoo keeps an index when a field stops asking for one.)"""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier("parcours_forfait_line__state_index")))
