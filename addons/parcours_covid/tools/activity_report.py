"""Indicator formulas of the cell's activity report (no ORM, easy to test and read)."""

from collections import Counter
from statistics import median

from odoo.addons.parcours_base.tools.age import age_band as band_label

# The pathway's selection codes of parcours_base's age bands.
AGE_BAND_CODES = {
    "0-18": "0_18",
    "19-29": "19_29",
    "30-49": "30_49",
    "50-75": "50_75",
    "76+": "over_75",
}


def age_band(age):
    """The report's age band of an age in years (0-18, 19-29, 30-49, 50-75, over 75)."""
    return AGE_BAND_CODES[band_label(age)]


def shares(values):
    """[(value, count, percentage rounded to 0.1)] sorted by decreasing count then value."""
    counts = Counter(values)
    total = sum(counts.values())
    return [
        (value, count, round(100.0 * count / total, 1))
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    ]


def median_delay(pairs):
    """Median number of days from the first to the second date of each pair (None if none)."""
    delays = [(end - start).days for start, end in pairs if start and end]
    return median(delays) if delays else None


def completion_rate(statuses, completed):
    """Percentage of referrals whose status is in `completed` (None when no referral)."""
    statuses = list(statuses)
    if not statuses:
        return None
    return round(100.0 * sum(1 for status in statuses if status in completed) / len(statuses), 1)


def activity_report(requests, referrals, completed):
    """The cell's figures for a period.

    `requests`: dicts with requester, channel, sex, age_band, resident, orientation,
    request_date, orientation_date. `referrals`: their statuses.
    """
    return {
        "total": len(requests),
        "sections": [
            ("requester", shares(request["requester"] for request in requests)),
            ("channel", shares(request["channel"] for request in requests)),
            ("sex", shares(request["sex"] for request in requests)),
            ("age_band", shares(request["age_band"] for request in requests)),
            ("resident", shares(request["resident"] for request in requests)),
            ("orientation", shares(request["orientation"] for request in requests)),
        ],
        "median_delay": median_delay(
            (request["request_date"], request["orientation_date"]) for request in requests
        ),
        "referral_count": len(referrals),
        "referral_completion": completion_rate(referrals, completed),
    }
