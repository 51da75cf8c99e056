"""Pay what was done: the physiotherapist and the nurse for sessions held, the physician once
an evaluation is recorded (the rule is noupdate data: only components still as shipped
change)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in ("forfait_component_rehab_physiotherapist", "forfait_component_rehab_nurse"):
        component = env.ref("parcours_rehab_billing." + xmlid, raise_if_not_found=False)
        if component and component.computation == "per_encounter" and component.base_amount:
            component.computation = "initial"
    physician = env.ref(
        "parcours_rehab_billing.forfait_component_rehab_physician", raise_if_not_found=False
    )
    if physician and physician.computation == "fixed" and not physician.min_count:
        physician.write(
            {
                "min_count": 1,
                "encounter_kind_id": env.ref("parcours_base.encounter_kind_assessment").id,
            }
        )
