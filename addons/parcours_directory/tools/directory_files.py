"""Readers of the public extraction files of the national directories (no database here).

RPPS: ``PS_LibreAcces_Personne_activite_<timestamp>.txt`` of the *Annuaire Santé*
open data, one line per activity of a professional (RPPS or ADELI), UTF-8,
fields separated by ``|``, a header line naming the columns, each line ending
with a ``|``.

FINESS: ``etalab-cs1100507-stock-<date>.csv``, the establishment file
(*établissements géographiques*): a first line ``finess;etalab;<n>;<date>``, then
``structureet;...`` lines of 32 fields separated by ``;`` (no header), then
``geolocalisation;...`` lines; older extractions are Windows-1252.

Both readers yield tuples in the column order of ``RPPS_FIELDS`` and ``FINESS_FIELDS``.
"""

import re

RPPS_COLUMNS = {
    "id_type": "Type d'identifiant PP",
    "identifier": "Identifiant PP",
    "national_id": "Identification nationale PP",
    "title": "Libellé civilité d'exercice",
    "last_name": "Nom d'exercice",
    "first_name": "Prénom d'exercice",
    "profession_code": "Code profession",
    "profession": "Libellé profession",
    "specialty_code": "Code savoir-faire",
    "specialty": "Libellé savoir-faire",
    "practice_mode": "Libellé mode exercice",
    "finess_site": "Numéro FINESS site",
    "structure_id": "Identifiant technique de la structure",
    "structure_name": "Raison sociale site",
    "street_number": "Numéro Voie (coord. structure)",
    "street_repeat": "Indice répétition voie (coord. structure)",
    "street_type": "Libellé type de voie (coord. structure)",
    "street_name": "Libellé Voie (coord. structure)",
    "street2": "Mention distribution (coord. structure)",
    "cedex": "Bureau cedex (coord. structure)",
    "zip": "Code postal (coord. structure)",
    "city": "Libellé commune (coord. structure)",
    "phone": "Téléphone (coord. structure)",
    "email": "Adresse e-mail (coord. structure)",
}
# What the directory keeps of a line, in this order.
RPPS_FIELDS = (
    "line_key",
    "national_id",
    "id_type",
    "identifier",
    "title",
    "last_name",
    "first_name",
    "profession_code",
    "profession",
    "specialty_code",
    "specialty",
    "practice_mode",
    "finess_site",
    "structure_name",
    "street",
    "street2",
    "zip",
    "city",
    "phone",
    "email",
    "mssante_email",
)
FINESS_FIELDS = (
    "finess",
    "finess_legal",
    "name",
    "long_name",
    "street",
    "street2",
    "zip",
    "city",
    "department",
    "phone",
    "category_code",
    "category",
    "siret",
)
# The MSSanté health messaging space: addresses of its operators end with this domain.
MSSANTE_DOMAIN = re.compile(r"@([a-z0-9-]+\.)*mssante\.fr$", re.IGNORECASE)


class DirectoryFileError(ValueError):
    """The file is not the expected extraction."""


def decode(raw):
    """A line of bytes as text: UTF-8, else Windows-1252 (older FINESS files)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _join(*parts):
    return " ".join(part.strip() for part in parts if part and part.strip())


def read_rpps(lines):
    """Yield one tuple per activity line of an RPPS ``Personne_activite`` file.

    ``lines`` is an iterable of bytes (a file opened in binary mode). Columns are
    found by their published names, so a column added by a later extraction does
    not shift the others.
    """
    iterator = iter(lines)
    try:
        header = decode(next(iterator)).rstrip("\r\n").split("|")
    except StopIteration:
        raise DirectoryFileError("empty") from None
    positions = {name: index for index, name in enumerate(header)}
    missing = [label for label in RPPS_COLUMNS.values() if label not in positions]
    if missing:
        raise DirectoryFileError("header")
    index = {key: positions[label] for key, label in RPPS_COLUMNS.items()}
    width = len(header)
    for number, raw in enumerate(iterator, start=2):
        text = decode(raw).rstrip("\r\n")
        if not text:
            continue
        values = text.split("|")
        if len(values) < width - 1:
            raise DirectoryFileError("line %d" % number)
        get = {key: values[position].strip() for key, position in index.items()}
        if not get["national_id"]:
            continue
        email = get["email"]
        yield (
            "|".join(
                (
                    get["national_id"],
                    get["structure_id"],
                    get["profession_code"],
                    get["specialty_code"],
                )
            ),
            get["national_id"],
            get["id_type"],
            get["identifier"],
            get["title"],
            get["last_name"],
            get["first_name"],
            get["profession_code"],
            get["profession"],
            get["specialty_code"],
            get["specialty"],
            get["practice_mode"],
            get["finess_site"],
            get["structure_name"],
            _join(
                get["street_number"], get["street_repeat"], get["street_type"], get["street_name"]
            ),
            get["street2"],
            get["zip"],
            get["city"] or _join(*get["cedex"].split(" ")[1:]),
            get["phone"],
            email,
            email if MSSANTE_DOMAIN.search(email) else "",
        )


def read_finess(lines):
    """Yield one tuple per ``structureet`` line of a FINESS establishment file."""
    iterator = iter(lines)
    try:
        first = decode(next(iterator))
    except StopIteration:
        raise DirectoryFileError("empty") from None
    if not first.startswith("finess;"):
        raise DirectoryFileError("header")
    for number, raw in enumerate(iterator, start=2):
        text = decode(raw).rstrip("\r\n")
        if not text.startswith("structureet;"):
            continue
        values = text.split(";")
        if len(values) < 31:
            raise DirectoryFileError("line %d" % number)
        routing = values[15].strip()
        zip_code, _space, city = routing.partition(" ")
        yield (
            values[1].strip(),
            values[2].strip(),
            values[3].strip(),
            values[4].strip() or values[3].strip(),
            _join(values[7], values[8], values[9], values[10]),
            _join(values[5], values[6], values[11]),
            zip_code,
            city.strip(),
            values[13].strip(),
            values[16].strip(),
            values[18].strip(),
            values[19].strip(),
            values[22].strip(),
        )
