from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.data_access import CARE_TEAM


class ParcoursCarePlan(models.Model):
    _name = "parcours.care.plan"
    _description = "Personalised care plan (PPS) version"
    _order = "pathway_id, version desc"
    _rec_name = "version"
    _inherit = ["mail.thread", "parcours.integrity.mixin"]

    pathway_id = fields.Many2one("parcours.pathway", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    version = fields.Integer(required=True, readonly=True, default=1, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("validated", "Validated"), ("superseded", "Superseded")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    rcp_id = fields.Many2one(
        "parcours.rcp", string="Validated in RCP", readonly=True, tracking=True
    )
    validation_date = fields.Date(readonly=True, tracking=True)
    goal_ids = fields.One2many("parcours.care.plan.goal", "care_plan_id", string="Goals", copy=True)
    contact_ids = fields.One2many(
        "parcours.care.plan.contact", "care_plan_id", string="Planned Contacts", copy=True
    )
    note = fields.Html(groups=CARE_TEAM)

    _sql_constraints = [
        ("version_unique", "unique(pathway_id, version)", "This version already exists."),
    ]

    @api.depends("version", "state")
    def _compute_display_name(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        for plan in self:
            plan.display_name = self.env._(
                "PPS v%(version)s (%(state)s)", version=plan.version, state=states[plan.state]
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # The version is numbered by the server, whatever the client sends.
            vals.pop("version", None)
            if vals.get("pathway_id"):
                last = self.search(
                    [("pathway_id", "=", vals["pathway_id"])], order="version desc", limit=1
                )
                vals["version"] = last.version + 1
        return super().create(vals_list)

    def _lifecycle_fields(self):
        names = super()._lifecycle_fields() | {"state", "rcp_id", "validation_date", "version"}
        if self:
            names.add("pathway_id")
        return names

    def _lifecycle_create_fields(self):
        return super()._lifecycle_create_fields() | {"version"}

    def _lifecycle_locked(self):
        return self.filtered(lambda plan: plan.state != "draft")

    def _lifecycle_lock_message(self, record):
        return self.env._(
            "Version %s of the care plan is validated and locked: adapt it to create a new "
            "version.",
            record.version,
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        # A validated version is the record of what the RCP decided: it stays.
        self._check_editable()

    def _check_editable(self):
        """Refuse changing a validated version, except through its own actions."""
        locked = self._lifecycle_locked()
        if locked and not self.env.su:
            raise UserError(self._lifecycle_lock_message(locked[0]))

    def action_adapt(self):
        """A new draft version, copied from this one, to be validated in the next RCP."""
        self.ensure_one()
        draft = self.pathway_id.care_plan_ids.filtered(lambda plan: plan.state == "draft")
        if draft:
            return draft[0]._open_form()
        return self.copy({"state": "draft", "rcp_id": False, "validation_date": False})._open_form()

    def _validate(self, rcp=None):
        """Validate this draft (usually from an RCP decision); older versions are superseded."""
        for plan in self:
            if plan.state != "draft":
                raise UserError(
                    self.env._("Only a draft care plan can be validated (v%s).", plan.version)
                )
            plan.pathway_id.care_plan_ids.filtered(
                lambda other, plan=plan: other.state == "validated"
            )._write_lifecycle({"state": "superseded"})
            plan._write_lifecycle(
                {
                    "state": "validated",
                    "rcp_id": rcp.id if rcp else False,
                    "validation_date": rcp.date.date() if rcp else fields.Date.context_today(self),
                }
            )

    def _open_form(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
