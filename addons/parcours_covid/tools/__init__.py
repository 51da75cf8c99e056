from . import activity_report
from . import intake
