from . import test_fhir_api
from . import test_search_params
