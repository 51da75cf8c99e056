from . import test_psc_claims
from . import test_psc_invitation
from . import test_psc_login
