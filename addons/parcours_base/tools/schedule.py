"""Pure date arithmetic for follow-up schedules (no ORM, easy to test and read)."""

from dateutil.relativedelta import relativedelta


def shift(day, amount, unit):
    """`day` moved by `amount` days, weeks or months."""
    return day + relativedelta(**{unit: amount})


def occurrence_dates(anchor, offset, offset_unit, repeat_every=0, repeat_unit=None, count=1):
    """Dates of a step: first at anchor + offset, then every `repeat_every` units.

    >>> from datetime import date
    >>> occurrence_dates(date(2026, 1, 5), 1, "weeks", 1, "weeks", 3)
    [datetime.date(2026, 1, 12), datetime.date(2026, 1, 19), datetime.date(2026, 1, 26)]
    """
    first = shift(anchor, offset, offset_unit)
    if not repeat_every or count <= 1:
        return [first]
    # Repeat from the first date with a growing multiple, so month ends do not drift.
    return [shift(first, repeat_every * index, repeat_unit) for index in range(count)]
