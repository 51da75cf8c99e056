from . import parcours_programme
