from . import test_pathway
from . import test_patient
from . import test_programme
from . import test_security
from . import test_ui
