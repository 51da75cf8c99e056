from . import test_programme, test_ui
