"""Indicator formulas of the MSMA programme (plain functions, easy to test and read)."""


def percentage(part, whole):
    """`part` as a percentage of `whole`, rounded to one decimal (0 when `whole` is 0)."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def patient_years(spans):
    """Years of follow-up over `spans` [(first day, last day)], both days counted."""
    return sum(((last - first).days + 1) for first, last in spans) / 365.0


def per_patient_year(count, years):
    """`count` events per patient-year of follow-up (0 without follow-up)."""
    return round(count / years, 2) if years else 0.0


def item_evolution(pairs, items):
    """How each item evolved between a first and a last assessment.

    `pairs` is [(first values, last values)] with one dict of item -> bool per assessment;
    `items` maps an item to True when having it is the good outcome (e.g. housing), False
    when it is the bad one (e.g. legal problems). Returns {item: {"improved", "worsened",
    "stable"}: count}.
    """
    result = {item: {"improved": 0, "worsened": 0, "stable": 0} for item in items}
    for first, last in pairs:
        for item, good in items.items():
            before, after = bool(first[item]), bool(last[item])
            if before == after:
                result[item]["stable"] += 1
            elif after == good:
                result[item]["improved"] += 1
            else:
                result[item]["worsened"] += 1
    return result
