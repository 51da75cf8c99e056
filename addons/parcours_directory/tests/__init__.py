from . import test_directory_files
from . import test_directory_import
