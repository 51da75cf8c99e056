from . import test_programme_data
