from . import parcours_access_log
from . import parcours_fhir_api
