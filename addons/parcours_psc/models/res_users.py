import logging

import requests

from odoo import api, fields, models
from odoo.exceptions import AccessDenied
from odoo.http import request

from ..tools.psc_claims import directory_number

_logger = logging.getLogger(__name__)

REFUSAL_SESSION_KEY = "parcours_psc_refusal"


class PscRefused(Exception):
    """A Pro Santé Connect sign-in that must not open a session; `code` says why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _auth_oauth_signin(self, provider, validation, params):
        oauth_provider = self.env["auth.oauth.provider"].browse(provider)
        if not oauth_provider.parcours_psc:
            return super()._auth_oauth_signin(provider, validation, params)
        try:
            return self._parcours_psc_signin(oauth_provider, validation, params)
        except PscRefused as refusal:
            _logger.info("Pro Santé Connect sign-in refused: %s", refusal.code)
            if request:
                request.session[REFUSAL_SESSION_KEY] = refusal.code
            raise AccessDenied() from None

    @api.model
    def _parcours_psc_signin(self, provider, id_claims, params):
        """The login of the professional a Pro Santé Connect sign-in names by RPPS (or
        ADELI) number, never by e-mail; creates only the account of an invited number."""
        if not self.env.su:
            raise AccessDenied()
        subject = id_claims.get("sub")
        level = provider.parcours_psc_acr_values
        if level and id_claims.get("acr") != level:
            raise PscRefused("level")
        try:
            claims = provider._parcours_psc_userinfo(params["access_token"])
        except (requests.RequestException, ValueError) as error:
            _logger.info("Pro Santé Connect userinfo could not be read: %s", error)
            raise PscRefused("userinfo") from None
        if not subject or claims.get("sub") != subject:
            raise PscRefused("userinfo")
        number = directory_number(claims)
        if not number:
            raise PscRefused("identifier")
        user = self._parcours_psc_user(provider, subject, number)
        user.write(
            {
                "oauth_provider_id": provider.id,
                "oauth_uid": subject,
                "oauth_access_token": params["access_token"],
            }
        )
        # Already superuser (checked above), as the access log needs: no user writes it.
        self.env["parcours.access.log"].create(
            {
                "date": fields.Datetime.now(),
                "user_id": user.id,
                "model": "res.users",
                "res_id": user.id,
                "reference": "RPPS/ADELI %s, %s" % (number, id_claims.get("acr") or "-"),
                "company_id": user.company_id.id,
                "route": "psc_login",
            }
        )
        return user.login

    @api.model
    def _parcours_psc_user(self, provider, subject, number):
        partners = self.env["res.partner"].search([("parcours_rpps", "=", number)])
        users = self.search([("partner_id", "in", partners.ids)])
        bound = self.search([("oauth_provider_id", "=", provider.id), ("oauth_uid", "=", subject)])
        if bound - users:
            raise PscRefused("mismatch")  # this PSC account signed in as another professional
        if len(users) > 1:
            raise PscRefused("ambiguous")
        if users:
            if users.oauth_provider_id == provider and users.oauth_uid not in (False, subject):
                raise PscRefused("mismatch")
            return users
        invited = partners.filtered("parcours_psc_invited_on")
        if len(invited) != 1 or self.search_count([("login", "=", number)]):
            raise PscRefused("unknown")
        return invited._parcours_psc_create_user()

    @api.model
    def _parcours_psc_refusal_message(self, code):
        """What the login page tells a professional whose sign-in was refused."""
        messages = {
            "level": self.env._(
                "Pro Santé Connect did not confirm the required authentication level. Sign in "
                "again with your CPS card or your e-CPS."
            ),
            "userinfo": self.env._(
                "Your details could not be read from Pro Santé Connect. Please try again later."
            ),
            "identifier": self.env._(
                "Pro Santé Connect did not give an RPPS or ADELI number for this account."
            ),
            "mismatch": self.env._(
                "This Pro Santé Connect account does not match the professional registered "
                "with this RPPS number. Ask your coordinator to check your record."
            ),
            "ambiguous": self.env._(
                "Several accounts are registered with your RPPS number. Ask your coordinator "
                "to keep only one."
            ),
            "unknown": self.env._(
                "Your RPPS number is not known here, or no coordinator has invited you yet. "
                "Ask your coordinator to invite you to sign in with Pro Santé Connect."
            ),
        }
        return messages.get(code)
