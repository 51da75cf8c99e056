"""Keyed pseudonyms: the same patient gets the same pseudonym as long as the key is kept."""

import hashlib
import hmac


def pseudonym(key, identity, length=16):
    """An HMAC-SHA256 of `identity` under `key`, shortened; not reversible without the key."""
    digest = hmac.new(key.encode(), str(identity).encode(), hashlib.sha256).hexdigest()
    return digest[:length].upper()
