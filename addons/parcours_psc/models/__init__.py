from . import auth_oauth_provider
from . import parcours_access_log
from . import res_partner
from . import res_users
