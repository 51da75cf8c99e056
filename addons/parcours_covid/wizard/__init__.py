from . import parcours_covid_intake
from . import parcours_covid_report
from . import parcours_pathway_close
