"""The W6 satisfaction indicator averages the answers given, as a number (its record is
noupdate: a coordinator may have edited it, so only an unedited one is moved)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    indicator = env.ref("parcours_rehab.indicator_rehab_satisfaction", raise_if_not_found=False)
    if indicator and indicator.value_field == "satisfaction":
        indicator.write(
            {
                "value_field": "satisfaction_score",
                "domain": "[('kind', '=', 'w6'), ('satisfaction', '!=', False)]",
            }
        )
