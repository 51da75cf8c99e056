from . import msma_dates
