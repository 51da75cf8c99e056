"""Rehabilitation rules on plain values (no ORM): delays, improvement, support, indicators."""

import statistics
from datetime import timedelta

CRQ_DOMAINS = ("dyspnoea", "fatigue", "emotion", "mastery")


def start_delay(file_complete, start):
    """Days from the complete file to the programme start, None while one is missing."""
    if not file_complete or not start:
        return None
    return (start - file_complete).days


def start_is_late(file_complete, start, today, target_days):
    """The start came, or will come, later than `target_days` after the complete file."""
    if not file_complete or not target_days:
        return False
    return (start or today) - file_complete > timedelta(days=target_days)


def crq_improved(before, after, threshold):
    """Every CRQ domain scored twice improved by at least `threshold` points.

    `before` and `after` map a domain to its score (1-7) or None. Returns None when no
    domain was scored at both times.
    """
    pairs = [
        (before.get(domain), after.get(domain))
        for domain in CRQ_DOMAINS
        if before.get(domain) and after.get(domain)
    ]
    if not pairs:
        return None
    return all(late - early >= threshold - 1e-9 for early, late in pairs)


def endurance_improved(before, after, threshold):
    """The endurance time (seconds) grew by at least `threshold` seconds; None if unknown."""
    if not before or not after:
        return None
    return after - before >= threshold


def proposed_support(bmi, bmi_low, bmi_high, smoking, psychotropic, emotional_impact, request):
    """The non-drug supports to propose: a subset of {"dietitian", "tobacco", "psychologist"}."""
    support = set()
    if bmi and (bmi < bmi_low or bmi > bmi_high):
        support.add("dietitian")
    if smoking in ("active", "recent_quit"):
        support.add("tobacco")
    if psychotropic or emotional_impact or request:
        support.add("psychologist")
    return support


def intervals_overlap(start_a, end_a, start_b, end_b):
    """Half-open date intervals [start, end) overlap; an end of None is open."""
    return (end_b is None or start_a < end_b) and (end_a is None or start_b < end_a)


def mean(values):
    """Mean of the values that are not None, rounded to 0.1; None if there are none."""
    present = [value for value in values if value is not None]
    return round(statistics.fmean(present), 1) if present else None
