from . import parcours_directory_upload
