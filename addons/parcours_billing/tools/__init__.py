from . import accrual, budget, forfait_split, periods
