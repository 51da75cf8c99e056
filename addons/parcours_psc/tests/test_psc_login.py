"""The whole Pro Santé Connect sign-in, in the browser, against a real OpenID Connect
provider on loopback (oidc-provider-mock in its own virtualenv, shaped like PSC by
tools/parcours/oidc_provider.py)."""

import os
import select
import subprocess

import requests

from odoo.tests import HttpCase, tagged

from odoo.addons.parcours_base.tests.common import ParcoursCase

REPOSITORY = os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
)
LAUNCHER = os.path.join(REPOSITORY, "tools", "parcours", "oidc_provider.py")
GP_RPPS = "10001234567"


def oidc_python():
    """The interpreter of the provider's virtualenv (`./parcours setup` builds it)."""
    python = os.environ.get("PARCOURS_OIDC_PYTHON") or os.path.join(
        REPOSITORY, ".parcours", "oidc-venv", "bin", "python"
    )
    if not os.path.exists(python):
        raise RuntimeError(
            "The loopback OpenID Connect provider needs %s: run `./parcours setup`." % python
        )
    return python


@tagged("post_install", "-at_install")
class TestPscLogin(HttpCase, ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider_url = cls._start_provider()
        cls.psc = cls.env["auth.oauth.provider"].create(
            {
                "name": "Pro Santé Connect (loopback)",
                "flow": "id_token_code",
                "parcours_psc": True,
                "parcours_psc_acr_values": "eidas1",
                "enabled": True,
                "client_id": "parcours-test",
                "client_secret": "parcours-test-secret",
                "scope": "openid scope_all",
                "auth_endpoint": cls.provider_url + "/oauth2/authorize",
                "token_endpoint": cls.provider_url + "/oauth2/token",
                "data_endpoint": cls.provider_url + "/userinfo",
                "jwks_uri": cls.provider_url + "/jwks",
                "css_class": "fa fa-fw fa-id-card-o",
                "body": "Pro Santé Connect",
            }
        )
        cls.gp_user.partner_id.parcours_rpps = GP_RPPS
        cls.gp_user.email = "gp@example.org"

    @classmethod
    def _start_provider(cls):
        process = subprocess.Popen(
            [oidc_python(), LAUNCHER, "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=dict(os.environ, PYTHONWARNINGS="ignore"),
        )
        cls.addClassCleanup(process.wait, 10)
        cls.addClassCleanup(process.terminate)
        ready, _, _ = select.select([process.stdout], [], [], 30)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("READY "):
            raise RuntimeError("The loopback OpenID Connect provider did not start: %r" % line)
        return "http://127.0.0.1:%s" % line.split()[1]

    def _psc_account(self, subject, national_id, acr="eidas1", **claims):
        """Register a professional at the provider with PSC's claims, and have the next
        authorization approved for them."""
        claims = {
            "SubjectNameID": national_id,
            "preferred_username": national_id,
            "SubjectRefPro": {"exercices": [{"codeProfession": "10", "activities": []}]},
            "given_name": "Camille",
            "family_name": "Martin",
            **claims,
        }
        if acr:
            claims["acr"] = acr
        response = requests.put(
            "%s/users/%s" % (self.provider_url, subject), json=claims, timeout=10
        )
        response.raise_for_status()
        response = requests.put(
            self.provider_url + "/parcours/approve", json={"sub": subject}, timeout=10
        )
        response.raise_for_status()

    def _last_authorization(self):
        response = requests.get(self.provider_url + "/parcours/last-authorization", timeout=10)
        response.raise_for_status()
        return response.json()

    def _psc_logins(self, user):
        return self.env["parcours.access.log"].search(
            [("route", "=", "psc_login"), ("user_id", "=", user.id)]
        )

    def _users_count(self):
        return self.env["res.users"].with_context(active_test=False).search_count([])

    def test_professional_signs_in_matched_by_rpps(self):
        self._psc_account("psc-gp-1", "8" + GP_RPPS, email="someone-else@example.org")
        self.start_tour("/web/login?debug=tests", "parcours_psc_login_tour")
        asked = self._last_authorization()
        self.assertEqual(asked["scope"], "openid scope_all")
        self.assertEqual(asked["acr_values"], "eidas1")
        self.assertEqual(asked["client_id"], "parcours-test")
        self.assertEqual(self.gp_user.oauth_provider_id, self.psc)
        self.assertEqual(self.gp_user.oauth_uid, "psc-gp-1")
        self.assertEqual(len(self._psc_logins(self.gp_user)), 1)

    def test_unknown_rpps_is_refused_and_creates_nothing(self):
        users = self._users_count()
        self._psc_account("psc-unknown", "810009876543", email="unknown@example.org")
        self.start_tour("/web/login?debug=tests", "parcours_psc_refused_unknown_tour")
        self.assertEqual(self._users_count(), users)
        self.assertFalse(self.env["parcours.access.log"].search([("route", "=", "psc_login")]))

    def test_matching_email_with_another_rpps_is_refused(self):
        users = self._users_count()
        self._psc_account("psc-impostor", "810005555555", email=self.gp_user.email)
        self.start_tour("/web/login?debug=tests", "parcours_psc_refused_unknown_tour")
        self.assertEqual(self._users_count(), users)
        self.assertFalse(self.gp_user.oauth_uid)
        self.assertFalse(self._psc_logins(self.gp_user))

    def test_authentication_level_below_eidas1_is_refused(self):
        self._psc_account("psc-gp-2", "8" + GP_RPPS, acr=None)
        self.start_tour("/web/login?debug=tests", "parcours_psc_refused_level_tour")
        self.assertFalse(self.gp_user.oauth_uid)
        self.assertFalse(self._psc_logins(self.gp_user))

    def test_invited_professional_gets_an_account_at_first_sign_in(self):
        nurse = self.env["res.partner"].create(
            {
                "name": "Nurse Invited",
                "parcours_rpps": "10009999991",
                "parcours_profession_id": self.gp_profession.id,
            }
        )
        users = self._users_count()
        # Not invited yet: refused, nothing created.
        self._psc_account("psc-nurse", "810009999991")
        self.start_tour("/web/login?debug=tests", "parcours_psc_refused_unknown_tour")
        self.assertEqual(self._users_count(), users)
        nurse.with_user(self.coordinator).action_parcours_psc_invite()
        self._psc_account("psc-nurse", "810009999991")
        self.start_tour("/web/login?debug=tests", "parcours_psc_login_tour")
        account = nurse.user_ids
        self.assertEqual(len(account), 1)
        self.assertEqual(account.oauth_uid, "psc-nurse")
        self.assertTrue(account.has_group("parcours_base.group_parcours_professional"))
        self.assertEqual(account.company_id, self.coordinator.company_id)
        self.assertFalse(nurse.parcours_psc_invited_on)
        self.assertEqual(len(self._psc_logins(account)), 1)

    def test_psc_account_bound_to_another_professional_is_refused(self):
        self.gp_user.write({"oauth_provider_id": self.psc.id, "oauth_uid": "psc-gp-3"})
        self.psychologist_user.partner_id.parcours_rpps = "10007777777"
        self._psc_account("psc-gp-3", "810007777777")
        self.start_tour("/web/login?debug=tests", "parcours_psc_refused_mismatch_tour")
        self.assertFalse(self.psychologist_user.oauth_uid)
        self.assertFalse(self._psc_logins(self.psychologist_user))
