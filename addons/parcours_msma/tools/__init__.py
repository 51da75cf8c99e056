from . import indicators
from . import msma_dates
