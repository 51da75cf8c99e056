import json

from odoo import http
from odoo.http import request

FHIR_JSON = "application/fhir+json; charset=utf-8"


class FhirController(http.Controller):
    """FHIR R4 endpoints. Authentication is Odoo's `bearer` scheme: an API key in the
    `Authorization: Bearer` header, or the user's session for a browser navigating."""

    def _base_url(self):
        return request.httprequest.host_url.rstrip("/") + "/fhir/R4"

    def _respond(self, payload, status=200, headers=None):
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return request.make_response(
            body, headers=[("Content-Type", FHIR_JSON), *(headers or [])], status=status
        )

    def _failure(self, error):
        api = request.env["parcours.fhir.api"]
        status, code = api._fhir_error_status(error)
        if status == 500:
            raise error
        return self._respond(api._fhir_outcome("error", code, str(error)), status=status)

    @http.route("/fhir/R4/metadata", type="http", auth="public", methods=["GET"], csrf=False)
    def metadata(self, **kwargs):
        api = request.env["parcours.fhir.api"]
        return self._respond(api._fhir_capability(self._base_url()))

    @http.route("/fhir/R4/<string:resource_type>", type="http", auth="bearer", methods=["GET"])
    def search_resources(self, resource_type, **kwargs):
        api = request.env["parcours.fhir.api"]
        params = {key: request.httprequest.args.getlist(key) for key in request.httprequest.args}
        try:
            bundle = api._fhir_search(resource_type, params, self._base_url())
        except Exception as error:
            return self._failure(error)
        return self._respond(bundle)

    @http.route(
        "/fhir/R4/<string:resource_type>/<string:resource_id>",
        type="http",
        auth="bearer",
        methods=["GET"],
    )
    def read_resource(self, resource_type, resource_id, **kwargs):
        api = request.env["parcours.fhir.api"]
        try:
            resource = resource_id.isdigit() and api._fhir_read(resource_type, int(resource_id))
        except Exception as error:
            return self._failure(error)
        if not resource:
            outcome = api._fhir_outcome(
                "error", "not-found", "%s/%s is not found" % (resource_type, resource_id)
            )
            return self._respond(outcome, status=404)
        return self._respond(resource)

    @http.route(
        ["/fhir/R4/ServiceRequest", "/fhir/R4/EpisodeOfCare"],
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
    )
    def create_referral(self, **kwargs):
        api = request.env["parcours.fhir.api"]
        try:
            payload = json.loads(request.httprequest.get_data() or b"{}")
            expected = request.httprequest.path.rsplit("/", 1)[-1]
            if not isinstance(payload, dict) or payload.get("resourceType") != expected:
                raise ValueError(request.env._("The body must be a %s resource.", expected))
            with request.env.cr.savepoint():
                pathway = api._fhir_create_referral(payload)
                resource = api._fhir_read("EpisodeOfCare", pathway.id)
        except Exception as error:
            return self._failure(error)
        location = "%s/EpisodeOfCare/%s" % (self._base_url(), pathway.id)
        return self._respond(resource, status=201, headers=[("Location", location)])
