from . import pseudonym
from . import schedule
from . import states
from . import xlsx
from . import identity
