from . import data_access
from . import pseudonym
from . import schedule
from . import states
from . import xlsx
