from . import schedule
from . import states
