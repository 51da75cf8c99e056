from . import test_programme_data
from . import test_microstructure
from . import test_cycle
from . import test_screening
from . import test_indicators
from . import test_access
from . import test_ui
from . import test_funder_report
