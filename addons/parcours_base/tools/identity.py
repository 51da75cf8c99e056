"""Pure functions of French health identity: INS matricule key, name normalisation, twins.

No database here: these are tested with doctests and ``BaseCase``.

The INS matricule is the NIR (social security number) or the NIA (the number a
person awaiting a NIR is given): 13 characters then a 2-digit key. The key is
``97 - (number mod 97)``; for people born in Corsica the département ``2A`` is
counted as ``19`` and ``2B`` as ``18``.

>>> nir_key("2800575123456")
'74'
>>> check_ins_matricule("2 80 05 75 123 456 74")
'280057512345674'
>>> check_ins_matricule("280057512345675")
Traceback (most recent call last):
...
ValueError: key
>>> nir_key("185022A012345"), nir_key("1850219012345")
('31', '31')
>>> check_ins_matricule("1 85 02 2b 012 345 58")
'185022B01234558'
>>> normalise_name("  Lefèvre-Dupont ")
'LEFEVRE DUPONT'
>>> normalise_name("Mart\\u200bin") == normalise_name("MARTIN")
True
>>> normalise_name("M\\u0430rtin") == "MARTIN"  # a Cyrillic "a"
True
>>> phonetic("Lefebvre") == phonetic("Lefèvre"), phonetic("Philippe") == phonetic("Filipe")
(True, True)
"""

import datetime
import re
import unicodedata

# OIDs of the INS matricule (ANS, "Référentiel INS"): the NIR, the NIA, and their test
# counterparts that certified software uses against the INSi test environment.
INS_OIDS = {
    "1.2.250.1.213.1.4.8": "NIR",
    "1.2.250.1.213.1.4.9": "NIA",
    "1.2.250.1.213.1.4.10": "NIR (test)",
    "1.2.250.1.213.1.4.11": "NIA (test)",
}

_MATRICULE = re.compile(r"^([1-478])(\d{2})(\d{2})(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$")


def nir_key(number):
    """The 2-digit key of a 13-character NIR or NIA (Corsica's 2A/2B counted as 19/18)."""
    number = number.upper()
    if len(number) != 13:
        raise ValueError("length")
    digits = number.replace("2A", "19", 1) if number[5:7] == "2A" else number
    digits = digits.replace("2B", "18", 1) if number[5:7] == "2B" else digits
    if not digits.isdigit():
        raise ValueError("digits")
    return "%02d" % (97 - int(digits) % 97)


def check_ins_matricule(value):
    """The matricule without spaces, or ValueError saying what is wrong.

    The first character is the sex (1, 2; 3 and 4 for some foreign-born people;
    7 and 8 for an NIA), then the year and month of birth, the département
    (2A/2B for Corsica, 99 abroad), the commune or country, the order number and
    the key.
    """
    compact = re.sub(r"[\s.\-]", "", value or "").upper()
    if len(compact) != 15:
        raise ValueError("length")
    if not _MATRICULE.match(compact):
        raise ValueError("format")
    if nir_key(compact[:13]) != compact[13:]:
        raise ValueError("key")
    return compact


# Letters of other scripts that look like Latin capitals once upper-cased: a name
# typed with one of them must still meet its twin (Unicode "confusables", the
# Cyrillic and Greek letters that render as Latin ones).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "\u0410": "A",
        "\u0412": "B",
        "\u0415": "E",
        "\u0401": "E",
        "\u0417": "3",
        "\u0406": "I",
        "\u0407": "I",
        "\u0408": "J",
        "\u041a": "K",
        "\u041c": "M",
        "\u041d": "H",
        "\u041e": "O",
        "\u0420": "P",
        "\u0421": "C",
        "\u0405": "S",
        "\u0422": "T",
        "\u0423": "Y",
        "\u0425": "X",
        "\u04ae": "Y",
        "\u04ba": "H",
        "\u051a": "Q",
        "\u051c": "W",
        # Greek
        "\u0391": "A",
        "\u0392": "B",
        "\u0395": "E",
        "\u0396": "Z",
        "\u0397": "H",
        "\u0399": "I",
        "\u039a": "K",
        "\u039c": "M",
        "\u039d": "N",
        "\u039f": "O",
        "\u03a1": "P",
        "\u03a4": "T",
        "\u03a5": "Y",
        "\u03a7": "X",
        # Latin look-alikes outside A-Z
        "\u00d8": "O",
        "\u0110": "D",
        "\u0141": "L",
        "\u0196": "I",
        "\u0131": "I",
    }
)


def normalise_name(name):
    """Upper case Latin letters without accents, hyphens, invisible characters or extra spaces.

    Compatibility forms (full-width letters, ligatures) are decomposed, format
    characters (zero-width spaces and joiners, soft hyphens, direction marks) are
    dropped, and letters of other scripts that look Latin are read as Latin.
    """
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    visible = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    upper = visible.upper().translate(_CONFUSABLES)
    upper = unicodedata.normalize("NFKD", upper)
    plain = "".join(char for char in upper if not unicodedata.combining(char))
    plain = plain.replace("\u0152", "OE").replace("\u00c6", "AE")
    plain = re.sub("[-'`,.\u2019\u00b4]", " ", plain)
    return " ".join(plain.split())


_PHONETIC_RULES = [
    (r"[^A-Z ]", ""),
    (r"EAU|AU", "O"),
    (r"PH", "F"),
    (r"SCH|SH", "CH"),
    (r"TH", "T"),
    (r"GU(?=[EIY])", "G"),
    (r"QU|Q", "K"),
    (r"C(?=[EIY])", "S"),
    (r"CK|C(?!H)", "K"),
    (r"GN", "NI"),
    (r"(?<=[AEIOUY])S(?=[AEIOUY])", "Z"),
    (r"(?<!C)H", ""),
    (r"W", "V"),
    (r"Y", "I"),
    (r"[AE]I", "E"),
    (r"EN|AN", "AN"),
    (r"B(?=V)|(?<=E)B(?=V)", ""),
    (r"(.)\1+", r"\1"),
    (r"(?<=.)[EDTSXZ]+( |$)", r"\1"),
]


def phonetic(name):
    """A rough French phonetic key of a name: spellings that sound alike share it."""
    text = normalise_name(name)
    for pattern, replacement in _PHONETIC_RULES:
        text = re.sub(pattern, replacement, text)
    return text.replace("BV", "V").replace("FV", "V").strip()


def first_first_name(first_names):
    """The first of the first names, normalised ("" if none)."""
    parts = normalise_name(first_names).split(" ")
    return parts[0] if parts else ""


def transposed_dates(date):
    """Dates a typing slip can make of `date`: day and month swapped, two adjacent digits swapped.

    >>> sorted(str(d) for d in transposed_dates(datetime.date(1980, 12, 3)))
    ['1908-12-03', '1980-03-12', '1980-10-23', '1980-12-30', '1981-02-03']
    """
    found = set()
    text = date.strftime("%Y%m%d")
    candidates = {text[:4] + text[6:8] + text[4:6]}
    for index in range(len(text) - 1):
        if text[index] != text[index + 1]:
            swapped = text[:index] + text[index + 1] + text[index] + text[index + 2 :]
            candidates.add(swapped)
    for candidate in candidates:
        try:
            variant = datetime.date(int(candidate[:4]), int(candidate[4:6]), int(candidate[6:8]))
        except ValueError:
            continue
        if variant != date and 1900 <= variant.year < 2100:
            found.add(variant)
    return found


def probable_twins(people):
    """Pairs of records that probably are one person, with why.

    ``people`` is an iterable of dicts with ``id``, ``group`` (records of different
    groups — organisations — are never paired), ``birth_name``, ``first_names``,
    ``birth_date`` (a date or None), ``sex`` and ``matricule`` (or None). Returns
    ``{(smaller id, larger id): set of reasons}`` where a reason is ``"ins"`` (same
    INS matricule), ``"strict"`` (same normalised birth name, first first name and
    birth date), ``"phonetic"`` (names that sound alike, same birth date) or
    ``"transposed"`` (same names, birth date with two digits or day and month swapped).

    >>> rows = [
    ...     dict(id=1, group=1, birth_name="Lefèvre", first_names="Anne", sex="female",
    ...          birth_date=datetime.date(1980, 3, 12), matricule=None),
    ...     dict(id=2, group=1, birth_name="LEFEBVRE", first_names="Anne", sex="female",
    ...          birth_date=datetime.date(1980, 3, 12), matricule=None),
    ...     dict(id=3, group=1, birth_name="Lefevre", first_names="Anne Marie", sex="female",
    ...          birth_date=datetime.date(1980, 12, 3), matricule=None),
    ...     dict(id=4, group=2, birth_name="Lefevre", first_names="Anne", sex="female",
    ...          birth_date=datetime.date(1980, 3, 12), matricule=None),
    ... ]
    >>> sorted((pair, sorted(why)) for pair, why in probable_twins(rows).items())
    [((1, 2), ['phonetic']), ((1, 3), ['transposed']), ((2, 3), ['transposed'])]
    """
    pairs = {}

    def pair(first, second, reason):
        if first["id"] == second["id"]:
            return
        if "unknown" not in (first["sex"], second["sex"]) and first["sex"] != second["sex"]:
            return
        key = tuple(sorted((first["id"], second["id"])))
        pairs.setdefault(key, set()).add(reason)

    by_matricule, by_strict, by_sound, by_names = {}, {}, {}, {}
    for person in people:
        group = person["group"]
        birth, first = _names(person)
        if person.get("matricule"):
            by_matricule.setdefault((group, person["matricule"]), []).append(person)
        if person["birth_date"]:
            by_strict.setdefault((group, birth, first, person["birth_date"]), []).append(person)
            sound = (group, phonetic(birth), phonetic(first), person["birth_date"])
            by_sound.setdefault(sound, []).append(person)
            by_names.setdefault((group, phonetic(birth), phonetic(first)), []).append(person)
    for reason, blocks in (("ins", by_matricule), ("strict", by_strict), ("phonetic", by_sound)):
        for block in blocks.values():
            for index, first in enumerate(block):
                for second in block[index + 1 :]:
                    if reason != "phonetic" or _names(first) != _names(second):
                        pair(first, second, reason)
    for block in by_names.values():
        if len(block) < 2:
            continue
        by_date = {}
        for person in block:
            by_date.setdefault(person["birth_date"], []).append(person)
        for date, born in by_date.items():
            for variant in transposed_dates(date):
                for first in born:
                    for second in by_date.get(variant, ()):
                        pair(first, second, "transposed")
    return pairs


def _names(person):
    return normalise_name(person["birth_name"]), first_first_name(person["first_names"])
