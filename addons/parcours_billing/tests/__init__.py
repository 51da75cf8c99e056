from . import test_accountant_rights
