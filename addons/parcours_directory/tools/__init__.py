from . import directory_files
