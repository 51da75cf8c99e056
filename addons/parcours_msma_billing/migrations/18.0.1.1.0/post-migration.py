"""RCP time: pay the funder's rounded figures (11 / 6 / 4), the computation per
microstructure being their justification (the rule is noupdate data)."""

from odoo import SUPERUSER_ID, api

COMPONENTS = (
    "forfait_component_msma_rcp_gp",
    "forfait_component_msma_rcp_psychologist",
    "forfait_component_msma_rcp_social_worker",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in COMPONENTS:
        component = env.ref("parcours_msma_billing." + xmlid, raise_if_not_found=False)
        if component and component.computation == "pooled":
            component.pooled_payment = "stated"
