from . import test_msma_forfait
