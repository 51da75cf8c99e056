"""Ages in completed years and the age bands of the funders' reports (no ORM)."""

# Bounds of the age bands, in completed years; above the last one: "76+".
AGE_BANDS = ((0, 18), (19, 29), (30, 49), (50, 75))


def age_on(birth_date, day):
    """Completed years at `day` of a person born on `birth_date`; None if either is unknown.

    >>> from datetime import date
    >>> age_on(date(1970, 6, 15), date(2026, 6, 14)), age_on(date(1970, 6, 15), date(2026, 6, 15))
    (55, 56)
    >>> age_on(date(2024, 2, 29), date(2027, 2, 28)), age_on(None, date(2026, 1, 1))
    (2, None)
    """
    if not birth_date or not day:
        return None
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def age_band(age, bands=AGE_BANDS):
    """The label of the band holding `age` ("0-18" ... "76+"); "" when the age is unknown.

    >>> [age_band(age) for age in (-1, 0, 18, 19, 49, 50, 75, 76, None)]
    ['0-18', '0-18', '0-18', '19-29', '30-49', '50-75', '50-75', '76+', '']
    """
    if age is None:
        return ""
    for low, high in bands:
        if age <= high:
            return "%d-%d" % (low, high)
    return "%d+" % (bands[-1][1] + 1)
