"""Counting for the forfait accrual: who was on the team, what was done, who shared a pool.

Plain functions on plain tuples and dates, so that they are tested without a database and
the accrual service only reads facts and writes lines.
"""

from bisect import bisect_left, bisect_right


def last_day(end, exit_date):
    """The last day a period covers: its end, or the patient's exit when earlier."""
    return min(end, exit_date) if exit_date else end


def periods_ending(periods, exit_date, date_from, date_to):
    """The (start, end) of `periods` whose last day falls between date_from and date_to.

    A period ends on its last day or when the patient leaves; periods starting after the
    exit are not due.
    """
    due = []
    for start, end in periods:
        if exit_date and exit_date < start:
            break
        if date_from <= last_day(end, exit_date) <= date_to:
            due.append((start, end))
    return due


def team_during(members, start, until):
    """{profession id: partner id} of the care team between start and until.

    `members` are (profession id, partner id, date_from, date_to) tuples; the first member
    holding a role in the period holds it.
    """
    team = {}
    for profession_id, partner_id, date_from, date_to in members:
        if date_from <= until and (not date_to or date_to >= start):
            team.setdefault(profession_id, partner_id)
    return team


def done_count(encounters, partner_id, kind_id, start, until):
    """Done encounters of `partner_id` (of `kind_id` when set) between start and until.

    `encounters` are (partner id, kind id, day) tuples.
    """
    return sum(
        1
        for encounter_partner_id, encounter_kind_id, day in encounters
        if encounter_partner_id == partner_id
        and (not kind_id or encounter_kind_id == kind_id)
        and start <= day <= until
    )


def minutes_between(attendance, start, until):
    """Minutes attended between start and until; `attendance` is (day, minutes) tuples."""
    return sum(minutes for day, minutes in attendance if start <= day <= until)


def followed_between(inclusions, exits, start, until):
    """Patients followed at some point between start and until.

    `inclusions` and `exits` are the sorted inclusion and exit dates of a pool: included
    by `until` and not gone before `start`.
    """
    return bisect_right(inclusions, until) - bisect_left(exits, start)


def pools(spans):
    """{pool key: (sorted inclusions, sorted exits)} of {pool key: [(inclusion, exit)]}."""
    return {
        key: (
            sorted(inclusion for inclusion, _exit in rows),
            sorted(exit_date for _inclusion, exit_date in rows if exit_date),
        )
        for key, rows in spans.items()
    }
