"""Budget projection from activity targets."""


def expected_patients(new_structures, existing_structures, first_year_target, later_year_target):
    """Patients expected in a year: new structures count their first-year target."""
    return new_structures * first_year_target + existing_structures * later_year_target


def expected_cents(patients, forfait_cents):
    return patients * forfait_cents


def startup_cents(hours_per_week, weeks, hourly_rate_cents):
    """Start-up credit computed for one new structure: sessions held for some weeks.

    >>> startup_cents(3, 8, 7600)  # (31 + 45) EUR/h, 3 h a week for 8 weeks
    182400
    """
    return round(hours_per_week * weeks * hourly_rate_cents)


def structure_year(structure, year, first_year_target, later_year_target, patient_cents):
    """(patients, cents) a structure is budgeted for in `year`.

    A negotiated target for the year wins (its amount, else its patients at the forfait);
    otherwise the structure counts the first-year target in the year it opens and the
    later-years target afterwards; nothing before it opens or after it closes.
    """
    opening, closing = structure.get("opening_year"), structure.get("closing_year")
    if (opening and year < opening) or (closing and year > closing):
        return 0, 0
    negotiated = structure.get("targets", {}).get(year)
    if negotiated:
        patients, cents = negotiated
        return patients, patient_cents * patients if cents is None else cents
    patients = first_year_target if opening == year else later_year_target
    return patients, patients * patient_cents


def annex_rows(
    years, structures, first_year_target, later_year_target, patient_cents, startup_default
):
    """The lines of a funder's budget annex for `years` (ascending).

    `structures` are dicts with `key`, `name`, `opening_year` (None when unknown),
    `closing_year`, `targets` ({year: (patients, cents or None)}) and `startup_cents`
    (None for the default `startup_default`). Structures open before the first year get
    one line each; those opening within the years are grouped in one line per opening
    year (a cohort), with the start-up credit of each new structure; those opening later
    are left out. Each line is a dict with `kind` ("structure" or "cohort"), `name`,
    `opening_year`, `keys`, `names`, `years` ({year: (patients, cents)}), `startup_cents`
    and the multi-year `patients` and `cents`.
    """
    lines, cohorts = [], {}
    for structure in structures:
        opening = structure.get("opening_year")
        if opening and opening > years[-1]:
            continue
        if opening and opening >= years[0]:
            line = cohorts.get(opening)
            if line is None:
                line = cohorts[opening] = {
                    "kind": "cohort",
                    "name": None,
                    "opening_year": opening,
                    "keys": [],
                    "names": [],
                    "years": dict.fromkeys(years, (0, 0)),
                    "startup_cents": 0,
                }
            startup = structure.get("startup_cents")
            line["startup_cents"] += startup_default if startup is None else startup
        else:
            line = {
                "kind": "structure",
                "name": structure["name"],
                "opening_year": opening,
                "keys": [],
                "names": [],
                "years": dict.fromkeys(years, (0, 0)),
                "startup_cents": 0,
            }
            lines.append(line)
        line["keys"].append(structure["key"])
        line["names"].append(structure["name"])
        for year in years:
            patients, cents = structure_year(
                structure, year, first_year_target, later_year_target, patient_cents
            )
            before = line["years"][year]
            line["years"][year] = (before[0] + patients, before[1] + cents)
    lines += [cohorts[opening] for opening in sorted(cohorts)]
    for line in lines:
        line["patients"] = sum(patients for patients, __ in line["years"].values())
        line["cents"] = sum(cents for __, cents in line["years"].values())
    return lines


def annex_totals(years, lines):
    """Per-year (patients, cents), multi-year patients and cents, start-up credit."""
    per_year = {
        year: (
            sum(line["years"][year][0] for line in lines),
            sum(line["years"][year][1] for line in lines),
        )
        for year in years
    }
    return {
        "years": per_year,
        "patients": sum(patients for patients, __ in per_year.values()),
        "cents": sum(cents for __, cents in per_year.values()),
        "startup_cents": sum(line["startup_cents"] for line in lines),
    }
