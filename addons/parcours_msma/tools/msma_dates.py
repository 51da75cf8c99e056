"""Pure date rules of the MSMA programme (no ORM)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def first_weekday_on_or_after(day, weekday):
    """The first date on or after `day` falling on `weekday` ("mon" ... "sun").

    >>> from datetime import date
    >>> first_weekday_on_or_after(date(2026, 3, 4), "fri")
    datetime.date(2026, 3, 6)
    """
    return day + timedelta(days=(WEEKDAYS.index(weekday) - day.weekday()) % 7)


def period_end(next_start):
    """Last day of a yearly period, the day before the next one starts (inclusive bounds)."""
    return next_start - timedelta(days=1)


def yearly_target(start_date, day, first_year, later_years):
    """Patient target of a microstructure on `day`: the first-year figure during its first
    twelve months, the later-years figure afterwards (or without a known start)."""
    if start_date and day < start_date + relativedelta(years=1):
        return first_year
    return later_years


def renewal_overdue(due_date, today):
    """A pathway is overdue once its anniversary has passed without a renewal."""
    return bool(due_date and due_date < today)
