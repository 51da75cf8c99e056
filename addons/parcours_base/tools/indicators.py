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


def total_figure(measure, parts):
    """The figure of `measure` over several parts taken together, None when it cannot be
    told from the parts. Each part is (figure, numerator, denominator, sum of the values,
    number of values).

    >>> total_figure("count", [(3.0, 3, 0, 0, 0), (4.0, 4, 0, 0, 0)])
    7.0
    >>> total_figure("rate", [(50.0, 1, 2, 0, 0), (25.0, 1, 4, 0, 0)])
    33.33
    >>> total_figure("average", [(2.0, 1, 0, 2.0, 1), (5.0, 3, 0, 15.0, 3)])
    4.25
    >>> total_figure("median", [(2.0, 1, 0, 2.0, 1), (5.0, 3, 0, 15.0, 3)]) is None
    True
    """
    if measure == "count":
        return float(sum(part[1] for part in parts))
    if measure == "sum":
        figures = [part[0] for part in parts if part[0] is not None]
        return float(sum(figures)) if figures else None
    if measure == "rate":
        denominator = sum(part[2] for part in parts)
        numerator = sum(part[1] for part in parts)
        return round(100.0 * numerator / denominator, 2) if denominator else None
    if measure == "average":
        size = sum(part[4] for part in parts)
        return round(sum(part[3] for part in parts) / size, 2) if size else None
    return None
