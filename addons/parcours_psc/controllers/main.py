from werkzeug.urls import url_encode

from odoo import http
from odoo.http import request

from odoo.addons.auth_oidc.controllers.main import OpenIDLogin

from ..models.res_users import REFUSAL_SESSION_KEY


class ProSanteConnectLogin(OpenIDLogin):
    def list_providers(self):
        providers = super().list_providers()
        for provider in providers:
            if provider.get("parcours_psc") and provider.get("parcours_psc_acr_values"):
                # The eIDAS level Pro Santé Connect must authenticate the professional at.
                provider["auth_link"] += "&" + url_encode(
                    {"acr_values": provider["parcours_psc_acr_values"]}
                )
        return providers

    @http.route()
    def web_login(self, *args, **kw):
        refusal = request.session.pop(REFUSAL_SESSION_KEY, None)
        response = super().web_login(*args, **kw)
        if refusal and response.is_qweb and request.params.get("oauth_error") == "3":
            message = request.env["res.users"]._parcours_psc_refusal_message(refusal)
            if message:
                response.qcontext["error"] = message
                response.qcontext["parcours_psc_refusal"] = refusal
        return response
