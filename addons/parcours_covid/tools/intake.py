"""Pure rules of the long-COVID intake (no ORM, easy to test and read)."""

from dateutil.relativedelta import relativedelta


def weeks_since(onset, day):
    """Whole weeks from the symptom onset to `day` (0 when unknown)."""
    if not onset or not day:
        return 0
    return max((day - onset).days // 7, 0)


def birth_date_from_age(age, day):
    """An estimated birth date for a caller who only gave an age: 1 January of the year."""
    return (day - relativedelta(years=age)).replace(month=1, day=1)


def in_territory(department, territory):
    """Whether a département code belongs to a comma-separated territory list."""
    codes = {code.strip().upper() for code in (territory or "").split(",") if code.strip()}
    return bool(department) and department.strip().upper() in codes
