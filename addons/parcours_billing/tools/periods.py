"""Forfait periods of a pathway: yearly from inclusion, per phase, or one-off."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

UNITS = {"days": "days", "weeks": "weeks", "months": "months"}


def forfait_periods(kind, inclusion, until, phases=(), duration=None):
    """The (start, end) periods of a pathway that start on or before `until`.

    kind: 'yearly' (each anniversary of the inclusion), 'phase' (one per
    (amount, unit) in `phases`, back to back), 'inclusion' (one period of
    `duration` = (amount, unit), 12 months by default).
    """
    if not inclusion:
        return []
    if kind == "yearly":
        periods = []
        year = 0
        while True:
            start = inclusion + relativedelta(years=year)
            if start > until:
                return periods
            periods.append((start, inclusion + relativedelta(years=year + 1) - timedelta(days=1)))
            year += 1
    if kind == "phase":
        periods = []
        start = inclusion
        for amount, unit in phases:
            end = start + relativedelta(**{UNITS[unit]: amount}) - timedelta(days=1)
            if start > until:
                break
            periods.append((start, end))
            start = end + timedelta(days=1)
        return periods
    amount, unit = duration or (12, "months")
    return [(inclusion, inclusion + relativedelta(**{UNITS[unit]: amount}) - timedelta(days=1))]


def covered_fraction(start, end, exit_date):
    """Days followed / days of the period, as (numerator, denominator)."""
    days = (end - start).days + 1
    if not exit_date or exit_date >= end:
        return (days, days)
    return (max(0, (exit_date - start).days + 1), days)
