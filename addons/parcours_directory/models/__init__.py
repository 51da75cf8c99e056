from . import parcours_directory_import
from . import parcours_directory_professional
from . import parcours_directory_structure
from . import parcours_profession
from . import res_partner
from . import parcours_patient
from . import parcours_pathway
