from . import parcours_programme
from . import parcours_pathway
from . import parcours_pathway_checklist
from . import parcours_encounter
from . import parcours_rcp_decision
from . import parcours_rehab_assessment
from . import parcours_rehab_ergocycle
from . import parcours_rehab_ergocycle_loan
