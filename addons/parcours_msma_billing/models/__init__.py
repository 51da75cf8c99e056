from . import parcours_budget_structure
from . import parcours_forfait_accrual
