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
    lifecycle_event_ids = fields.Many2many(
        "parcours.lifecycle.event",
        string="Entered On",
        help="Lifecycle events that move a pathway into this stage by themselves (the first "
        "stage carrying the event wins). When no stage of a programme carries any event, "
        "pathways move to the first stage of the matching kind.",
    )
    phase_id = fields.Many2one(
        "parcours.programme.phase",
        string="Entered When Phase Starts",
        domain="[('programme_id', '=', programme_id)]",
        help='With the event "Start of a phase": the phase whose start moves pathways here.',
    )
    manual_entry = fields.Boolean(
        string="Cards May Be Moved Here",
        default=True,
        help="Coordinators may drag a card into this stage by hand; otherwise only the "
        "pathway's lifecycle moves it here.",
    )

    def _carries(self, event_code, phase=None):
        """The stages among these that a pathway enters on `event_code` (and `phase`)."""
        return self.filtered(
            lambda stage: event_code in stage.lifecycle_event_ids.mapped("code")
            and (phase is None or stage.phase_id == phase)
        )
