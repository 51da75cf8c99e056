from . import models

from odoo.addons.parcours_base.tools.uninstall import programme_hooks

# Uninstalling keeps, archived, the shipped records that pathways still use (see the readme).
pre_init_hook, uninstall_hook = programme_hooks("parcours_rehab")
