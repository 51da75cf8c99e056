from collections import defaultdict

from odoo import api, models


class ParcoursForfaitAccrual(models.AbstractModel):
    _inherit = "parcours.forfait.accrual"

    @api.model
    def _pathway_pools(self, programme, pathway_ids):
        """An MSMA's RCP time is shared over the patients of its microstructure."""
        pools = super()._pathway_pools(programme, pathway_ids)
        if programme.msma_enabled:
            # sudo: the engine reads which microstructure follows each pathway, nothing else.
            for pathway in (
                self.env["parcours.pathway"]
                .sudo()
                .with_context(active_test=False)
                .browse(pathway_ids)
                .filtered("microstructure_id")
            ):
                pools[pathway.id] = ("microstructure", pathway.microstructure_id.id)
        return pools

    @api.model
    def _rcp_pools(self, programme, rcps):
        """The microstructure holding each RCP: the one of the pathways on its agenda, else
        the one whose team its participants belong to (when there is only one)."""
        pools = super()._rcp_pools(programme, rcps)
        if not programme.msma_enabled or not rcps:
            return pools
        # sudo: who belongs to which microstructure, read once for all the RCPs.
        rcps = rcps.sudo()
        structures_of = defaultdict(set)
        for microstructure in (
            self.env["parcours.msma.microstructure"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", rcps.company_id.ids)])
        ):
            team = (
                microstructure.gp_ids
                | microstructure.psychologist_ids
                | microstructure.social_worker_ids
            )
            for partner in team:
                structures_of[partner.id].add(microstructure.id)
        for rcp in rcps:
            agenda = rcp.decision_ids.pathway_id.microstructure_id
            if len(agenda) == 1:
                pools[rcp.id] = ("microstructure", agenda.id)
                continue
            shared = None
            for partner in rcp.attendee_ids.filtered(
                lambda attendee: attendee.attendance == "present"
            ).partner_id:
                structures = structures_of.get(partner.id)
                if not structures:
                    continue  # a guest of the RCP, on no microstructure's team
                shared = structures if shared is None else shared & structures
            if shared and len(shared) == 1:
                pools[rcp.id] = ("microstructure", next(iter(shared)))
        return pools
