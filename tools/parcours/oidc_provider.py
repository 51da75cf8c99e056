"""A loopback OpenID Connect provider shaped like Pro Santé Connect, for the PSC tests.

Runs in `.parcours/oidc-venv` (built by `./parcours setup` and `./parcours test` from
`requirements-oidc.txt`): oidc-provider-mock needs Werkzeug >= 3.1, Odoo 18.0 runs 2.2.

    .parcours/oidc-venv/bin/python tools/parcours/oidc_provider.py [PORT]

binds 127.0.0.1 (PORT 0 or absent: a free port) and prints `READY <port>` once it serves.
Beside oidc-provider-mock's own endpoints (discovery, /oauth2/authorize, /oauth2/token,
/userinfo, /jwks, `PUT /users/<sub>` with the user's claims), it adds what the tests need:

* PSC's scope `scope_all`, which releases every claim of the user (`SubjectNameID`,
  `preferred_username`, `SubjectRefPro`, names, e-mail), as PSC does;
* `PUT /parcours/approve` with `{"sub": ...}`: the next authorization request is approved
  for that subject, as a professional approving the request on their e-CPS, so that the
  browser passes through the provider without stopping on its form;
* `GET /parcours/last-authorization`: the query parameters of the last authorization
  request (scope, acr_values, ...), for the tests to check what Odoo asked for.
"""

import html
import sys
import threading

import flask
import werkzeug.serving
from oidc_provider_mock import _app, _storage

PSC_SCOPES = ("scope_all",)


def build_app():
    _storage.Client.SCOPES_SUPPORTED = (*_storage.Client.SCOPES_SUPPORTED, *PSC_SCOPES)
    for scope in PSC_SCOPES:
        _app._SCOPES_TO_CLAIMS[scope] = sorted(_app._STANDARD_CLAIMS)
    app = _app.app(require_nonce=True)
    state = {"approve": None, "last": {}}
    lock = threading.Lock()

    @app.put("/parcours/approve")
    def approve():
        with lock:
            state["approve"] = flask.request.get_json()["sub"]
        return "", 204

    @app.get("/parcours/last-authorization")
    def last_authorization():
        with lock:
            return flask.jsonify(state["last"])

    @app.before_request
    def approve_on_ecps():
        request = flask.request
        if request.path != "/oauth2/authorize" or request.method != "GET":
            return None
        with lock:
            state["last"] = request.args.to_dict()
            subject, state["approve"] = state["approve"], None
        if not subject:
            return None
        # The page posts the approval back to the authorization endpoint, as the form does.
        return (
            "<!DOCTYPE html><html><body><form method='post' action='%s'>"
            "<input type='hidden' name='sub' value='%s'/></form>"
            "<script>document.forms[0].submit();</script></body></html>"
            % (html.escape(request.full_path), html.escape(subject))
        )

    return app


def main(argv):
    port = int(argv[1]) if len(argv) > 1 else 0
    server = werkzeug.serving.make_server("127.0.0.1", port, build_app(), threaded=True)
    print("READY %d" % server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
