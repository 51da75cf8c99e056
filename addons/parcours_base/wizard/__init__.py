from . import parcours_pathway_close
