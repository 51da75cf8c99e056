import requests

from odoo import api, fields, models
from odoo.exceptions import ValidationError

try:
    from jose import jwt
except ImportError:  # auth_oidc declares python-jose; its absence stops the install
    jwt = None


class AuthOauthProvider(models.Model):
    _inherit = "auth.oauth.provider"

    parcours_psc = fields.Boolean(
        string="Pro Santé Connect",
        help="Sign-ins through this provider are matched to the professional by the RPPS "
        "(or ADELI) number of the user information, never by e-mail; an unknown number "
        "signs in only when a coordinator invited it.",
    )
    parcours_psc_acr_values = fields.Char(
        string="eIDAS Level",
        default="eidas1",
        help="Authentication level asked of Pro Santé Connect (acr_values) and required in "
        "its ID token: eidas1 is the substantial level of a CPS card or e-CPS.",
    )

    @api.constrains("parcours_psc", "flow", "scope", "data_endpoint", "enabled")
    def _check_parcours_psc(self):
        for provider in self.filtered(lambda p: p.parcours_psc and p.enabled):
            if provider.flow != "id_token_code":
                raise ValidationError(
                    self.env._(
                        "Pro Santé Connect works with the OpenID Connect authorization code "
                        "flow: choose it as the flow of %s.",
                        provider.name,
                    )
                )
            if "openid" not in (provider.scope or "").split():
                raise ValidationError(
                    self.env._("The scope of %s must contain openid.", provider.name)
                )
            if not provider.data_endpoint:
                raise ValidationError(
                    self.env._(
                        "Enter the UserInfo URL of %s: the RPPS number comes from it.",
                        provider.name,
                    )
                )

    def _parcours_psc_userinfo(self, access_token):
        """The userinfo claims of the signed-in professional (JSON or a signed JWT)."""
        self.ensure_one()
        response = requests.get(
            self.data_endpoint,
            headers={"Authorization": "Bearer %s" % access_token},
            timeout=10,
        )
        response.raise_for_status()
        if response.headers.get("Content-Type", "").startswith("application/jwt"):
            header = jwt.get_unverified_header(response.text)
            return self._decode_id_token(None, response.text, header.get("kid"))
        return response.json()
