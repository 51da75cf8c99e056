from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import RehabCase


@tagged("post_install", "-at_install")
class TestRehabInclusionDate(HttpCase, RehabCase):
    """The inclusion is dated the day it is decided or on the planned W0 visit, the only day
    ahead it may bear, and never before the request: refused by the server over RPC, to the
    least-privileged role who can write the pathway (a referent of its care team) and to the
    coordination assistant who includes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.assistant_user, cls.referent_user):
            user.password = user.login
        cls.today = fields.Date.context_today(cls.env["parcours.pathway"])
        cls.pathway = cls.create_rehab_pathway(request_date=cls.today - timedelta(days=20))

    def call(self, login, method, *args):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw/parcours.pathway/%s" % method,
            {"model": "parcours.pathway", "method": method, "args": args, "kwargs": {}},
        )

    def ready_for_inclusion(self):
        """The steps before the inclusion (as RehabCase.include_rehab takes them)."""
        pathway = self.pathway
        pathway.with_user(self.assistant_user).action_submit_request()
        self.complete_file(pathway)
        pathway.with_user(self.director_user).action_rehab_validate()
        pathway.rehab_committee_id = self.create_committee(
            datetime.combine(pathway.file_complete_date, datetime.min.time())
        )
        self.record_consent(pathway, date=pathway.file_complete_date)
        self.tick_checklist(pathway)

    def assertRpcRefused(self, exception_class, login, method, *args):
        # The server logs the refusal as a warning: it is the expected answer here.
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(login, method, *args)
        self.assertEqual(caught.exception.args[0], "odoo.exceptions." + exception_class)

    def test_inclusion_dated_on_the_planned_w0_visit_only(self):
        w0 = self.today + timedelta(days=14)
        # Before the inclusion, the referent plans the W0 visit (and may move it).
        self.call(
            "test_referent",
            "write",
            self.pathway.ids,
            {"rehab_planned_start_date": fields.Date.to_string(w0)},
        )
        self.ready_for_inclusion()
        self.call("test_assistant", "action_include", self.pathway.ids)
        self.pathway.invalidate_recordset()
        self.assertEqual(self.pathway.state, "included")
        self.assertEqual(self.pathway.inclusion_date, w0)
        # The inclusion date itself is written by the inclusion only.
        self.assertRpcRefused(
            "UserError",
            "test_referent",
            "write",
            self.pathway.ids,
            {"inclusion_date": fields.Date.to_string(self.today + timedelta(days=30))},
        )
        # Moving the planned visit would leave the inclusion dated ahead on no visit.
        for login in ("test_referent", "test_assistant"):
            self.assertRpcRefused(
                "ValidationError",
                login,
                "write",
                self.pathway.ids,
                {"rehab_planned_start_date": fields.Date.to_string(w0 + timedelta(days=7))},
            )
        self.pathway.invalidate_recordset()
        self.assertEqual(self.pathway.rehab_planned_start_date, w0)
        self.assertEqual(self.pathway.inclusion_date, w0)

    def test_planned_visit_neither_before_the_request_nor_years_ahead(self):
        self.assertRpcRefused(
            "ValidationError",
            "test_referent",
            "write",
            self.pathway.ids,
            {"rehab_planned_start_date": fields.Date.to_string(self.today + timedelta(days=3000))},
        )
        # Planned before the request: the assistant's inclusion is refused, nothing changes.
        before = fields.Date.to_string(self.pathway.request_date - timedelta(days=1))
        self.call("test_assistant", "write", self.pathway.ids, {"rehab_planned_start_date": before})
        self.ready_for_inclusion()
        self.assertRpcRefused(
            "ValidationError", "test_assistant", "action_include", self.pathway.ids
        )
        self.pathway.invalidate_recordset()
        self.assertFalse(self.pathway.inclusion_date)
        self.assertNotEqual(self.pathway.state, "included")
