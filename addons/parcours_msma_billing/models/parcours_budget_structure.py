from odoo import api, fields, models


class ParcoursBudgetStructure(models.Model):
    _inherit = "parcours.budget.structure"

    microstructure_id = fields.Many2one(
        "parcours.msma.microstructure",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The microstructure this budget line follows: its name and start date are "
        "copied here each time an annex is made.",
    )

    _sql_constraints = [
        (
            "microstructure_unique",
            "unique(microstructure_id)",
            "A microstructure has one budget structure.",
        ),
    ]

    @api.model
    def _sync_structures(self, programme, company):
        """One budget structure per microstructure, opening on its start date."""
        structures = super()._sync_structures(programme, company)
        if not programme.msma_enabled:
            return structures
        # sudo: the microstructures' names and start dates only, copied into the budget.
        microstructures = (
            self.env["parcours.msma.microstructure"]
            .sudo()
            .with_context(active_test=False)
            .search([("programme_id", "=", programme.id), ("company_id", "=", company.id)])
        )
        existing = {
            structure.microstructure_id: structure
            for structure in self.with_context(active_test=False).search(
                [("microstructure_id", "in", microstructures.ids)]
            )
        }
        for microstructure in microstructures:
            values = {
                "name": microstructure.name,
                "opening_date": microstructure.start_date,
                "active": microstructure.active,
            }
            structure = existing.get(microstructure)
            if structure is None:
                structure = self._create_for_microstructure(microstructure, values)
            else:
                changed = {key: value for key, value in values.items() if structure[key] != value}
                if changed:
                    structure.write(changed)
            structures |= structure
        return structures

    @api.model
    def _create_for_microstructure(self, microstructure, values):
        return self.create(
            {
                **values,
                "microstructure_id": microstructure.id,
                "programme_id": microstructure.programme_id.id,
                "company_id": microstructure.company_id.id,
            }
        )

    def _forfait_line_domain(self):
        if self.microstructure_id:
            return [
                ("company_id", "=", self.company_id.id),
                ("pathway_id.microstructure_id", "=", self.microstructure_id.id),
            ]
        return super()._forfait_line_domain()
