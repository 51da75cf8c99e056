import contextvars

from odoo import api, models
from odoo.tools import SQL

# Set while an external XML-RPC or JSON-RPC call runs (controllers/rpc.py).
RPC_CALL = contextvars.ContextVar("parcours_rpc_call", default=False)


class ParcoursAccessLoggedMixin(models.AbstractModel):
    """A health record whose openings, RPC reads and exports go to the access log."""

    _name = "parcours.access.logged.mixin"
    _description = "Health record with an access log"
    # How a record reaches its pathway and its patient in the log (columns of its table):
    # a pathway by default ("id": the record itself); no patient column means the
    # pathway's patient.
    _access_log_pathway_column = "id"
    _access_log_patient_column = None

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        # Cards and list rows are not openings: the web_read calls made for them are not
        # logged (a flag on the cursor, which no client can set).
        listing = self.env.cr.cache.setdefault("parcours_access_log_listing", [])
        listing.append(True)
        try:
            return super().web_search_read(
                domain,
                specification,
                offset=offset,
                limit=limit,
                order=order,
                count_limit=count_limit,
            )
        finally:
            listing.pop()

    def web_read(self, specification):
        # Only the record opened is logged: the records its form reads through it (the
        # patient's name on a pathway, the lines of a list in the form) are shown as list
        # rows are, and its own entry already names its pathway and patient.
        listing = self.env.cr.cache.setdefault("parcours_access_log_listing", [])
        opening = not listing
        listing.append(True)
        try:
            result = super().web_read(specification)
        finally:
            listing.pop()
        if opening:
            self.env["parcours.access.log"]._record(self, "web")
        return result

    # Opening a health record writes its trace: the web client's call must run on a
    # read/write cursor, not on the read-only one Odoo gives `web_read` by default.
    web_read._readonly = False

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        if RPC_CALL.get():
            self.env["parcours.access.log"]._record(self, "rpc")
        return result

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs):
        result = super().search_read(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order, **kwargs
        )
        if result and RPC_CALL.get():
            self.env["parcours.access.log"]._record(
                self.browse([row["id"] for row in result]), "rpc"
            )
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self.env["parcours.access.log"]._record(self, "export")
        return result

    @api.model
    def _access_log_select(self, values):
        """SQL selecting the access-log rows of this model's records, in the log's column
        order (`COLUMNS` of parcours_access_log.py, then create_date and write_date).

        `values` is a VALUES list of (date, user_id, res_id, route, reason). What the row
        says of the record (its reference, pathway, patient and organisation: references
        only) is read from the record's table by the INSERT that writes the transaction's
        entries; a record deleted meanwhile keeps its id as reference.
        """
        column = self._access_log_pathway_column
        join = SQL()
        if column == "id":  # the record is the pathway
            pathway = SQL("record")
        elif column:
            pathway = SQL("pathway")
            join = SQL(
                "LEFT JOIN parcours_pathway AS pathway ON pathway.id = %s",
                SQL.identifier("record", column),
            )
        if column:
            reference = SQL("COALESCE(%s.name, entry.res_id::varchar)", pathway)
            pathway_id, patient_id = SQL("%s.id", pathway), SQL("%s.patient_id", pathway)
        else:
            reference = SQL("entry.res_id::varchar")
            pathway_id = patient_id = SQL("NULL::int")
        if self._access_log_patient_column:
            patient_id = SQL.identifier("record", self._access_log_patient_column)
        return SQL(
            """SELECT entry.date, entry.user_id, %(model)s, entry.res_id, entry.route,
                      entry.reason, %(reference)s, %(pathway_id)s, %(patient_id)s,
                      record.company_id, entry.date, entry.date
                 FROM (VALUES %(values)s) AS entry(date, user_id, res_id, route, reason)
            LEFT JOIN %(table)s AS record ON record.id = entry.res_id %(join)s""",
            model=self._name,
            reference=reference,
            pathway_id=pathway_id,
            patient_id=patient_id,
            values=values,
            table=SQL.identifier(self._table),
            join=join,
        )
