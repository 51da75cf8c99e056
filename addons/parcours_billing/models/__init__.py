from . import account_move
from . import parcours_budget_target
from . import parcours_forfait_component
from . import parcours_forfait_line
from . import parcours_forfait_rule
from . import parcours_funding
from . import parcours_payout_run
