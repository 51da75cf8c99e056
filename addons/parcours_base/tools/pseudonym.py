"""Keyed pseudonyms: the same patient gets the same pseudonym as long as the key is kept."""

import hashlib
import hmac


def pseudonym(key, identity, length=16):
    """An HMAC-SHA256 of `identity` under `key`, shortened; not reversible without the key."""
    digest = hmac.new(key.encode(), str(identity).encode(), hashlib.sha256).hexdigest()
    return digest[:length].upper()


def age_band(age, bands=((0, 18), (19, 29), (30, 49), (50, 75))):
    """The label of the age band holding `age` ("76+" above the last band)."""
    if age is None:
        return ""
    for low, high in bands:
        if low <= age <= high:
            return "%d-%d" % (low, high)
    return "%d+" % (bands[-1][1] + 1)
