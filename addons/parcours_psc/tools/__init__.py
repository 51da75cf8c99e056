from . import psc_claims
