from odoo import api, fields, models


class ParcoursPathwayClose(models.TransientModel):
    _name = "parcours.pathway.close"
    _description = "Close pathways with a reason"

    pathway_ids = fields.Many2many("parcours.pathway", required=True)
    programme_ids = fields.Many2many("parcours.programme", compute="_compute_programme_ids")
    end_reason_id = fields.Many2one(
        "parcours.end.reason",
        required=True,
        domain="['|', ('programme_id', '=', False), ('programme_id', 'in', programme_ids)]",
    )
    end_date = fields.Date(required=True, default=fields.Date.context_today)
    comment = fields.Text()

    @api.depends("pathway_ids")
    def _compute_programme_ids(self):
        for wizard in self:
            wizard.programme_ids = wizard.pathway_ids.programme_id

    def action_close(self):
        self.ensure_one()
        self.pathway_ids._check_coordinator()
        self.pathway_ids._close(self.end_reason_id, self.end_date, self.comment)
        return {"type": "ir.actions.act_window_close"}
