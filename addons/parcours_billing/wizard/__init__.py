from . import parcours_forfait_line_correct
