from . import parcours_fhir_api
