"""The access log switched off, for the load test's reference only.

`./parcours loadtest --access-log-cost` serves a throwaway copy of the database twice: as
shipped, then with this module in `--load` (server-wide modules are imported before any
registry is built, so the models' class is patched for every worker). It is never installed
and lives outside `addons/`: a served Parcours always logs.
"""

from odoo import api

from odoo.addons.parcours_base.models.parcours_access_log import ParcoursAccessLog


@api.model
def _record(self, records, route, reason=False):
    """Log nothing (the reference run of the access log's cost)."""
    return None


ParcoursAccessLog._record = _record
