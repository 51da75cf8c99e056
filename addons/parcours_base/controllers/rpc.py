"""External RPC (XML-RPC, JSON-RPC) calls, marked for the access log.

Odoo runs them without its request bound (`dispatch_rpc` borrows it), so a model cannot
tell a read over RPC from any other read: these overrides mark the call while it runs.
"""

from odoo.http import route

from odoo.addons.base.controllers.rpc import RPC

from ..models.parcours_access_logged_mixin import RPC_CALL


class ParcoursRpc(RPC):
    def _xmlrpc(self, service):
        token = RPC_CALL.set(True)
        try:
            return super()._xmlrpc(service)
        finally:
            RPC_CALL.reset(token)

    @route()
    def jsonrpc(self, service, method, args):
        token = RPC_CALL.set(True)
        try:
            return super().jsonrpc(service, method, args)
        finally:
            RPC_CALL.reset(token)
