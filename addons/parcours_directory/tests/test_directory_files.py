import io

from odoo.tests import BaseCase
from odoo.tools.misc import file_path

from ..tools.directory_files import (
    FINESS_FIELDS,
    RPPS_COLUMNS,
    RPPS_FIELDS,
    DirectoryFileError,
    read_finess,
    read_rpps,
)

RPPS_SAMPLE = "parcours_directory/data/samples/PS_LibreAcces_Personne_activite_sample.txt"
FINESS_SAMPLE = "parcours_directory/data/samples/etalab-cs1100507-stock-sample.csv"


class TestDirectoryFiles(BaseCase):
    def test_rpps_sample_in_the_published_layout(self):
        with open(file_path(RPPS_SAMPLE), "rb") as handle:
            rows = [dict(zip(RPPS_FIELDS, row, strict=True)) for row in read_rpps(handle)]
        self.assertEqual(len(rows), 8)
        gp = rows[0]
        self.assertEqual(gp["national_id"], "819900000017")
        self.assertEqual(gp["identifier"], "19900000017")
        self.assertEqual(gp["specialty_code"], "SM54")
        self.assertEqual(gp["street"], "12 Rue DES TILLEULS")
        self.assertEqual((gp["zip"], gp["city"]), ("12210", "Laguiole"))
        self.assertTrue(gp["mssante_email"].endswith("mssante.fr"))
        self.assertFalse(rows[1]["mssante_email"])
        # One professional, two activities: two lines, two keys.
        self.assertEqual(len({row["line_key"] for row in rows}), 8)
        self.assertEqual(rows[5]["id_type"], "0")  # ADELI

    def test_finess_sample_in_the_published_layout(self):
        with open(file_path(FINESS_SAMPLE), "rb") as handle:
            rows = [dict(zip(FINESS_FIELDS, row, strict=True)) for row in read_finess(handle)]
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0]["finess"], "129900017")
        self.assertEqual((rows[0]["zip"], rows[0]["city"]), ("12210", "LAGUIOLE"))
        # Windows-1252 accents read right.
        self.assertIn("é", rows[1]["category"])

    def test_other_files_are_refused(self):
        for reader, content in (
            (read_rpps, b"a|b|c\n1|2|3\n"),
            (read_rpps, b""),
            (read_finess, b"structureet;1;2\n"),
            (read_rpps, ("|".join(RPPS_COLUMNS.values()) + "|\nshort|line\n").encode()),
        ):
            with self.subTest(content=content), self.assertRaises(DirectoryFileError):
                list(reader(io.BytesIO(content)))
