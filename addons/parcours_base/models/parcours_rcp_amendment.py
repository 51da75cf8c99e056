from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.data_access import CARE_TEAM


class ParcoursRcpAmendment(models.Model):
    """A correction of validated RCP minutes, recorded beside them.

    Validated minutes are never rewritten: an amendment says who corrected what, when
    and why, and the minutes (their PDF included) show the original with its amendments.
    Amendments are recorded only by `parcours.rcp.action_amend`, and never change.
    """

    _name = "parcours.rcp.amendment"
    _description = "Amendment to validated RCP minutes"
    _order = "rcp_id, date, id"
    _inherit = ["parcours.integrity.mixin"]

    rcp_id = fields.Many2one(
        "parcours.rcp", string="RCP", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="rcp_id.company_id", store=True, index=True)
    decision_id = fields.Many2one(
        "parcours.rcp.decision",
        string="Agenda Line",
        index="btree_not_null",
        ondelete="restrict",
        help="The decision this amendment corrects; empty for the minutes as a whole.",
    )
    pathway_id = fields.Many2one(related="decision_id.pathway_id", store=True, index=True)
    author_id = fields.Many2one("res.users", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    reason = fields.Char(required=True, readonly=True, groups=CARE_TEAM)
    text = fields.Html(string="Amended Text", required=True, readonly=True, groups=CARE_TEAM)

    @api.depends("rcp_id.name", "date")
    def _compute_display_name(self):
        for amendment in self:
            amendment.display_name = self.env._(
                "Amendment of %(rcp)s (%(date)s)",
                rcp=amendment.rcp_id.name or "",
                date=fields.Datetime.to_string(amendment.date) or "",
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An amendment to validated minutes is never deleted."))

    def _lifecycle_fields(self):
        # Every fact of an amendment is written once, by the amending action.
        return super()._lifecycle_fields() | {
            "rcp_id",
            "decision_id",
            "author_id",
            "date",
            "reason",
            "text",
        }

    def _lifecycle_locked(self):
        return self

    def _lifecycle_lock_message(self, record):
        return self.env._(
            "%s is recorded: an amendment never changes; record another one.",
            record.display_name,
        )

    def _non_blank_fields(self):
        return super()._non_blank_fields() | {"reason"}
