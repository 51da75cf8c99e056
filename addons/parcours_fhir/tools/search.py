"""FHIR R4 search parameter syntax (the subset the API serves), as pure functions.

>>> split_prefix("ge2026-01")
('ge', '2026-01')
>>> split_prefix("2026")
('eq', '2026')
>>> date_range("2026-02")
(datetime.datetime(2026, 2, 1, 0, 0), datetime.datetime(2026, 3, 1, 0, 0))
>>> date_range("2026-02-03T10:00:00+01:00")
(datetime.datetime(2026, 2, 3, 9, 0), datetime.datetime(2026, 2, 3, 9, 0, 1))
>>> date_domain("start", "lt2026")
[('start', '<', '2026-01-01 00:00:00')]
>>> date_domain("day", "2026-01-31", is_date=True)
[('day', '>=', '2026-01-31'), ('day', '<', '2026-02-01')]
>>> parse_reference("Patient/12", "Patient"), parse_reference("12", "Patient")
(12, 12)
>>> parse_token("urn:oid:1.2|123"), parse_token("123")
(('urn:oid:1.2', '123'), (None, '123'))
"""

import datetime
import re

PREFIXES = ("eq", "ne", "lt", "le", "gt", "ge")
DATE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})?)?)?)?$"
)


def split_prefix(value):
    """(comparator, rest) of a date search value; `eq` when none is given."""
    if value[:2] in PREFIXES and value[2:3].isdigit():
        return value[:2], value[2:]
    return "eq", value


def date_range(text):
    """[start, end) in naive UTC covered by a FHIR date, at the precision it is given."""
    match = DATE.match(text or "")
    if not match:
        raise ValueError(text)
    parts = match.groupdict()
    year = int(parts["year"])
    if not parts["month"]:
        return datetime.datetime(year, 1, 1), datetime.datetime(year + 1, 1, 1)
    month = int(parts["month"])
    if not parts["day"]:
        start = datetime.datetime(year, month, 1)
        end = datetime.datetime(year + month // 12, month % 12 + 1, 1)
        return start, end
    day = datetime.datetime(year, month, int(parts["day"]))
    if not parts["hour"]:
        return day, day + datetime.timedelta(days=1)
    start = day.replace(
        hour=int(parts["hour"]), minute=int(parts["minute"]), second=int(parts["second"] or 0)
    )
    step = datetime.timedelta(seconds=1) if parts["second"] else datetime.timedelta(minutes=1)
    tz = parts["tz"]
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        start -= sign * datetime.timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
    return start, start + step


def date_domain(field, value, is_date=False):
    """Odoo domain for a FHIR date search on `field` (a Date when `is_date`)."""
    comparator, text = split_prefix(value)
    start, end = date_range(text)
    if is_date:
        start_text = start.date().isoformat()
        end_day = end.date() + datetime.timedelta(days=0 if end.time() == datetime.time() else 1)
        end_text = end_day.isoformat()
    else:
        start_text, end_text = (moment.strftime("%Y-%m-%d %H:%M:%S") for moment in (start, end))
    return {
        "eq": [(field, ">=", start_text), (field, "<", end_text)],
        "ne": ["|", (field, "<", start_text), (field, ">=", end_text)],
        "lt": [(field, "<", start_text)],
        "le": [(field, "<", end_text)],
        "gt": [(field, ">=", end_text)],
        "ge": [(field, ">=", start_text)],
    }[comparator]


def parse_reference(value, resource_type):
    """The id of a reference to `resource_type`: `12`, `Patient/12` or an absolute URL."""
    tail = (value or "").rstrip("/").split("/")
    if len(tail) >= 2 and tail[-2] != resource_type:
        raise ValueError(value)
    if not tail[-1].isdigit():
        raise ValueError(value)
    return int(tail[-1])


def parse_token(value):
    """(system, code) of a token search value `system|code` (system None when absent)."""
    if "|" in value:
        system, code = value.split("|", 1)
        return system or None, code
    return None, value
