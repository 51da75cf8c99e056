from odoo import fields, models


class ParcoursStage(models.Model):
    _name = "parcours.stage"
    _description = "Pathway stage"
    _order = "programme_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    programme_id = fields.Many2one("parcours.programme", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    kind = fields.Selection(
        [
            ("request", "Request"),
            ("evaluation", "Evaluation"),
            ("included", "Included"),
            ("follow_up", "Follow-up"),
            ("closed", "Closed"),
        ],
        required=True,
        default="request",
        help="What a pathway in this stage is doing; actions such as inclusion or closing "
        "move the pathway to the first stage of the matching kind.",
    )
    require_consent = fields.Boolean(string="Requires Consent")
    require_inclusion = fields.Boolean(
        string="Requires Inclusion",
        help="Only included pathways (consent and collegial approvals given) may enter.",
    )
    require_end_reason = fields.Boolean(string="Requires End Reason")
    required_item_ids = fields.Many2many(
        "parcours.checklist.item",
        string="Required Checklist Items",
        domain="[('programme_id', '=', programme_id)]",
        help="Checklist items that must be ticked before a pathway enters this stage.",
    )
