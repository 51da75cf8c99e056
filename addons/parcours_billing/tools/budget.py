"""Budget projection from activity targets."""


def expected_patients(new_structures, existing_structures, first_year_target, later_year_target):
    """Patients expected in a year: new structures count their first-year target."""
    return new_structures * first_year_target + existing_structures * later_year_target


def expected_cents(patients, forfait_cents):
    return patients * forfait_cents
