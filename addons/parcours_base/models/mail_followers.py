import functools
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

from ..tools.data_access import HEALTH_MODELS


class MailFollowers(models.Model):
    _inherit = "mail.followers"

    def _readable_health_followers_domain(self):
        """Followers of the health records the user reads, and of any other record: who
        follows a patient's record says who treats them (a psychologist, an addiction
        centre), so it is for those who read the record."""
        domains = [[("res_model", "not in", HEALTH_MODELS)]]
        for model in HEALTH_MODELS:
            records = self.env[model]
            if records.has_access("read"):
                domains.append([("res_model", "=", model), ("res_id", "in", records._search([]))])
        return expression.OR(domains)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            domain = expression.AND([self._readable_health_followers_domain(), domain])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if self.env.su or operation != "read" or not self:
            return result
        forbidden = result[0] if result else self.browse()
        # sudo: the follower rows' document references, to check the user reads them.
        followed = defaultdict(dict)
        for follower in (self - forbidden).sudo():
            if follower.res_model in HEALTH_MODELS:
                followed[follower.res_model][follower.id] = follower.res_id
        for model, documents in followed.items():
            records = self.env[model].browse(set(documents.values())).exists()
            readable = set(records._filtered_access("read").ids)
            forbidden |= self.browse(
                [follower for follower, res_id in documents.items() if res_id not in readable]
            )
        if not forbidden:
            return None
        return forbidden, functools.partial(
            AccessError,
            self.env._("The followers of a patient's record are for those who read the record."),
        )
