from . import rehab
