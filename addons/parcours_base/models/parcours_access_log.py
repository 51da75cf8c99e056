from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

RETENTION_PARAMETER = "parcours_base.access_log_retention_months"
DEFAULT_RETENTION_MONTHS = 12
# Rows of the transaction not yet written (cursor's precommit data) and their columns.
BUFFER_KEY = "parcours.access.log.rows"
COLUMNS = (
    "date",
    "user_id",
    "model",
    "res_id",
    "route",
    "reason",
    "reference",
    "pathway_id",
    "patient_id",
    "company_id",
)
INSERT_COLUMNS = SQL(", ").join(SQL.identifier(column) for column in COLUMNS)


class ParcoursAccessLog(models.Model):
    """Who opened or exported which health record, when and how (CNIL: traceability of
    access to health data). Written by the server only, never edited, purged after the
    retention period."""

    _name = "parcours.access.log"
    _description = "Access to a health record"
    _order = "date desc, id desc"
    _rec_name = "reference"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    model = fields.Char(string="Record Type", required=True, readonly=True)
    res_id = fields.Integer(string="Record ID", required=True, readonly=True)
    reference = fields.Char(
        readonly=True, help="Pseudonymous reference of the record (pathway reference, id)."
    )
    patient_id = fields.Many2one("parcours.patient", readonly=True, index=True, ondelete="set null")
    pathway_id = fields.Many2one("parcours.pathway", readonly=True, index=True, ondelete="set null")
    company_id = fields.Many2one("res.company", string="Organisation", readonly=True, index=True)
    route = fields.Selection(
        [
            ("web", "Opened in the web client"),
            ("rpc", "Read over RPC"),
            ("export", "Exported"),
            ("report", "Printed (report)"),
            ("document", "Document downloaded"),
            ("emergency", "Emergency access granted"),
        ],
        required=True,
        readonly=True,
    )
    reason = fields.Text(
        readonly=True, help="Why a user outside the care team was given access (break the glass)."
    )

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("The access log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_when_retention_ends(self):
        if not self.env.su:
            raise UserError(
                self.env._("Access log entries are removed only when their retention ends.")
            )

    @api.model
    def _is_logged(self, model_name):
        """Whether the records of `model_name` are health records whose access is logged."""
        model = self.env.get(model_name)
        return model is not None and isinstance(
            model, self.env.registry["parcours.access.logged.mixin"]
        )

    @api.model
    def _record(self, records, route, reason=False):
        """Log an access by the current user to `records` (health records: models of
        `parcours.access.logged.mixin`). Internal calls (superuser) are not logged."""
        # A record not saved yet (the form of a new pathway) holds nobody's data yet.
        ids = [record_id for record_id in records._ids if record_id]
        if self.env.su or not ids:
            return
        if self.env.cr.readonly:
            # Only reads nested in another record's read-only view get here (an RCP agenda
            # naming its pathways): the openings, exports and RPC reads of health records
            # themselves run on read-write cursors (their overrides are not read-only).
            return
        # The rows of a transaction are written together, in one INSERT, just before it
        # commits: an opening costs a list append, a request one statement. What the rows
        # say of the record (reference, pathway, patient, organisation) is read by that
        # statement from the record's row: nothing is read here.
        buffer = self.env.cr.precommit.data.get(BUFFER_KEY)
        if buffer is None:
            buffer = self.env.cr.precommit.data[BUFFER_KEY] = {}
            self.env.cr.precommit.add(self._flush_buffer)
        now = fields.Datetime.now()
        buffer.setdefault(records._name, []).extend(
            (now, self.env.uid, record_id, route, reason or None) for record_id in ids
        )

    def _flush_buffer(self, flush_records=False):
        """Write the transaction's pending rows in one INSERT.

        Plain SQL rather than `create`: the log has no computed field, constraint, default
        to apply or one2many pointing at it, and its rows are written by the server for
        any user (what `create` would add is access checks the log must bypass anyway).
        The author is `user_id`: create_uid and write_uid are left empty (two foreign keys
        less to check per row). `flush_records`: first write the records' pending changes
        (at commit, the cursor's flush has just written them).
        """
        buffer = self.env.cr.precommit.data.pop(BUFFER_KEY, None)
        if not buffer:
            return
        if flush_records:
            self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "INSERT INTO parcours_access_log (%s, create_date, write_date) %s",
                INSERT_COLUMNS,
                SQL(" UNION ALL ").join(
                    self.env[model_name]._access_log_select(
                        SQL(", ").join(SQL("(%s, %s, %s, %s, %s)", *row) for row in rows)
                    )
                    for model_name, rows in buffer.items()
                ),
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # What this transaction logged is found too.
        self._flush_buffer(flush_records=True)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _cron_purge(self):
        """Remove entries older than the retention period (12 months unless configured)."""
        # sudo: the retention is a system parameter, and the entries are removed by the
        # scheduled action only (no user may delete them; unlink refuses anyone but it).
        months = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(RETENTION_PARAMETER, DEFAULT_RETENTION_MONTHS)
        )
        limit = fields.Datetime.now() - relativedelta(months=max(months, 1))
        self.sudo().search([("date", "<", limit)]).unlink()
