from . import test_rehab_forfait
