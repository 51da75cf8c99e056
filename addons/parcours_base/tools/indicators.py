"""Indicator arithmetic on plain values (no ORM): what a figure means is decided here."""

import statistics


def aggregate(measure, values, denominator=None):
    """The figure of `measure` over `values` (numbers, or None for missing ones).

    count: how many values; sum / average / median of the values present; rate: count
    over `denominator` as a percentage. Returns None when the figure is undefined.
    """
    present = [value for value in values if value is not None]
    if measure == "count":
        return float(len(values))
    if measure == "rate":
        return round(100.0 * len(values) / denominator, 2) if denominator else None
    if not present:
        return None
    if measure == "sum":
        return float(sum(present))
    if measure == "average":
        return round(statistics.fmean(present), 2)
    if measure == "median":
        return float(statistics.median(present))
    raise ValueError("unknown measure %r" % measure)


def delay_days(start, end):
    """Days from `start` to `end` (dates or datetimes), None when one is missing."""
    if not start or not end:
        return None
    start = start.date() if hasattr(start, "date") and callable(start.date) else start
    end = end.date() if hasattr(end, "date") and callable(end.date) else end
    return (end - start).days
