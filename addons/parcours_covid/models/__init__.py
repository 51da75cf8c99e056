from . import parcours_covid_axis
from . import parcours_covid_orientation
from . import parcours_covid_resource
from . import parcours_covid_referral
from . import parcours_programme
from . import parcours_pathway
from . import res_company
