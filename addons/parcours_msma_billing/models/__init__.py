from . import parcours_forfait_accrual
