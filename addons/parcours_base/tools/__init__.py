from . import data_access
from . import bulk
from . import pseudonym
from . import schedule
from . import states
from . import xlsx
from . import identity
