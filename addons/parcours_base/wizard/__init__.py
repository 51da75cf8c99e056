from . import parcours_pathway_close
from . import parcours_mssante_send
from . import parcours_step_replan
from . import parcours_step_replan_line
from . import parcours_emergency_access
from . import parcours_patient_identity_check
from . import parcours_rcp_amend
