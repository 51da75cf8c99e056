from odoo import fields, models
from odoo.exceptions import UserError


class ParcoursPathwayChecklist(models.Model):
    _name = "parcours.pathway.checklist"
    _description = "Checklist answer of a pathway"
    _order = "pathway_id, kind, sequence, id"
    _rec_name = "item_id"

    pathway_id = fields.Many2one("parcours.pathway", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    item_id = fields.Many2one("parcours.checklist.item", required=True, ondelete="restrict")
    kind = fields.Selection(related="item_id.kind", store=True)
    mandatory = fields.Boolean(related="item_id.mandatory")
    sequence = fields.Integer(related="item_id.sequence", store=True)
    done = fields.Boolean()
    note = fields.Char()
    attachment_ids = fields.Many2many("ir.attachment", string="Documents")

    _sql_constraints = [
        ("item_unique", "unique(pathway_id, item_id)", "Each checklist item is answered once."),
    ]

    def write(self, vals):
        frozen = self.filtered(
            lambda line: line.kind == "eligibility"
            and line.pathway_id.state in ("included", "suspended", "closed")
        )
        if frozen and {"done", "note", "item_id"} & set(vals):
            raise UserError(
                self.env._(
                    "The eligibility of %s was frozen at inclusion and cannot change.",
                    frozen[0].pathway_id.display_name,
                )
            )
        return super().write(vals)
