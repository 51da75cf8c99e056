from datetime import timedelta

from odoo import api, fields, models


class ParcoursPathwayStep(models.Model):
    _name = "parcours.pathway.step"
    _description = "Planned follow-up step of a pathway"
    _order = "due_date, id"

    pathway_id = fields.Many2one("parcours.pathway", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    template_id = fields.Many2one("parcours.step.template", index=True, ondelete="set null")
    occurrence = fields.Integer(default=1)
    name = fields.Char(required=True)
    due_date = fields.Date(required=True, index=True)
    user_id = fields.Many2one("res.users", string="Responsible")
    activity_id = fields.Many2one("mail.activity", ondelete="set null", index="btree_not_null")
    activity_created = fields.Boolean(
        readonly=True,
        copy=False,
        help="Its to-do was given; steps further away get theirs as their date comes closer.",
    )
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        index=True,
    )
    edited_by_hand = fields.Boolean(
        readonly=True, help="Its date was changed by a user: re-planning leaves it alone."
    )

    _sql_constraints = [
        (
            "occurrence_unique",
            "unique(pathway_id, template_id, occurrence)",
            "This step is already planned.",
        ),
    ]

    def write(self, vals):
        if "due_date" in vals and not self.env.context.get("parcours_planning"):
            vals = dict(vals, edited_by_hand=True)
            self.activity_id.write({"date_deadline": vals["due_date"]})
        return super().write(vals)

    def _create_activities(self):
        """One activity per step due within its programme's horizon, in a single batch (no
        notification e-mails). The others wait for the nightly planner."""
        today = fields.Date.context_today(self)
        steps = self.filtered(
            lambda step: not step.activity_created
            and step.state == "planned"
            and (
                not step.pathway_id.programme_id.activity_horizon_days
                or step.due_date
                <= today + timedelta(days=step.pathway_id.programme_id.activity_horizon_days)
            )
        )
        model_id = self.env["ir.model"]._get_id("parcours.pathway")
        # Each activity reads its record's name one by one: fetch all names in one go first.
        steps.pathway_id.mapped("display_name")
        activities = (
            self.env["mail.activity"]
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": step.pathway_id.id,
                        "activity_type_id": step.template_id.activity_type_id.id,
                        "summary": step.name,
                        "date_deadline": step.due_date,
                        "user_id": step.user_id.id,
                    }
                    for step in steps
                ]
            )
        )
        for step, activity in zip(steps, activities, strict=True):
            step.activity_id = activity
        steps.activity_created = True

    @api.model
    def _cron_create_activities(self):
        """Nightly: give the to-dos of the steps whose date enters their programme's horizon."""
        self.search(
            [
                ("state", "=", "planned"),
                ("activity_created", "=", False),
                ("pathway_id.state", "=", "included"),
            ]
        )._create_activities()

    def _complete(self):
        """Mark these steps done, and their activities with them."""
        activities = self.activity_id
        self.write({"state": "done"})
        activities.action_feedback()

    def _cancel(self):
        self.filtered(lambda step: step.state == "planned").write({"state": "cancelled"})
        self.activity_id.unlink()
