"""What Pro Santé Connect's userinfo claims say about the professional (no database).

PSC names the professional by their national identifier (`SubjectNameID`, also sent as
`preferred_username`): the identifier type (8: RPPS, 0: ADELI) followed by the number, as
the RPPS/ADELI extraction file does.
"""

NATIONAL_ID_CLAIMS = ("SubjectNameID", "preferred_username")
NATIONAL_ID_TYPES = {"8": 11, "0": 9}  # identifier type -> length of the number


def directory_number(claims):
    """The RPPS or ADELI number the claims name, or None.

    >>> directory_number({"SubjectNameID": "810001234567"})
    '10001234567'
    >>> directory_number({"preferred_username": "0341234567"})
    '341234567'
    >>> directory_number({"SubjectNameID": "810001234567", "preferred_username": "899999999999"})
    >>> directory_number({"SubjectNameID": "3123", "email": "someone@example.org"})
    >>> directory_number({})
    """
    values = {str(claims[name]).strip() for name in NATIONAL_ID_CLAIMS if claims.get(name)}
    if len(values) != 1:
        return None  # none, or two claims that disagree
    national_id = values.pop()
    length = NATIONAL_ID_TYPES.get(national_id[:1])
    number = national_id[1:]
    if length is None or len(number) != length or not number.isdigit():
        return None
    return number
