from . import budget, forfait_split, periods
