from . import test_programme_data
from . import test_intake
from . import test_referral_loop
from . import test_activity_report
from . import test_access
from . import test_ui
from . import test_funder_report
from . import test_dashboard
