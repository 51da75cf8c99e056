from odoo import api, models
from odoo.http import request

RPC_PATHS = ("/xmlrpc", "/jsonrpc", "/json/")


class ParcoursAccessLoggedMixin(models.AbstractModel):
    """A health record whose openings, RPC reads and exports go to the access log."""

    _name = "parcours.access.logged.mixin"
    _description = "Health record with an access log"

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
        result = super().web_read(specification)
        if not self.env.cr.cache.get("parcours_access_log_listing"):
            self.env["parcours.access.log"]._record(self, "web")
        return result

    # Opening a health record writes its trace: the web client's call must run on a
    # read/write cursor, not on the read-only one Odoo gives `web_read` by default.
    web_read._readonly = False

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        if request and request.httprequest.path.startswith(RPC_PATHS):
            self.env["parcours.access.log"]._record(self, "rpc")
        return result

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs):
        result = super().search_read(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order, **kwargs
        )
        if result and request and request.httprequest.path.startswith(RPC_PATHS):
            self.env["parcours.access.log"]._record(
                self.browse([row["id"] for row in result]), "rpc"
            )
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self.env["parcours.access.log"]._record(self, "export")
        return result

    def _access_log_pathway(self):
        """{record: pathway} for the log (override; the pathway itself by default)."""
        return {record: record for record in self}

    def _access_log_values(self):
        """Log values of each record: references only (runs as superuser)."""
        pathways = self._access_log_pathway()
        return [
            {
                "model": record._name,
                "res_id": record.id,
                "reference": pathways[record].name if pathways[record] else str(record.id),
                "pathway_id": pathways[record].id,
                "patient_id": pathways[record].patient_id.id
                if pathways[record]
                else (record.id if record._name == "parcours.patient" else False),
                "company_id": record.company_id.id,
            }
            for record in self
        ]
