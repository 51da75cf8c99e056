import datetime
import doctest

from odoo.tests import BaseCase

from ..tools import identity
from ..tools.identity import (
    check_ins_matricule,
    nir_key,
    normalise_name,
    phonetic,
    transposed_dates,
)


class TestIdentityTools(BaseCase):
    def test_doctests(self):
        result = doctest.testmod(identity)
        self.assertGreater(result.attempted, 5)
        self.assertEqual(result.failed, 0)

    def test_key_is_97_minus_the_number_modulo_97(self):
        self.assertEqual(nir_key("1840375056078"), "%02d" % (97 - 1840375056078 % 97))
        matricule = "1840375056078" + nir_key("1840375056078")
        self.assertEqual(check_ins_matricule(matricule), matricule)
        # Spaces, dots and dashes are typing aids, not part of the number.
        spaced = " ".join([matricule[:1], matricule[1:3], matricule[3:5], matricule[5:]])
        self.assertEqual(check_ins_matricule(spaced), matricule)

    def test_corsica_counts_2a_as_19_and_2b_as_18(self):
        for corsica, digits in (("2A", "19"), ("2B", "18")):
            number = "27206" + corsica + "004123"
            key = nir_key(number)
            self.assertEqual(key, "%02d" % (97 - int("27206" + digits + "004123") % 97))
            self.assertEqual(check_ins_matricule(number.lower() + key), number + key)
        # The same digits with the other Corsican département give another key.
        self.assertNotEqual(nir_key("172062A004123"), nir_key("172062B004123"))

    def test_nia_is_accepted(self):
        for first in "78":
            number = first + "950399123456"
            self.assertEqual(
                check_ins_matricule(number + nir_key(number)), number + nir_key(number)
            )

    def test_wrong_matricules_are_refused_with_the_reason(self):
        good = "2800575123456" + nir_key("2800575123456")
        wrong_key = good[:13] + "%02d" % ((int(good[13:]) + 1) % 100)
        for value, reason in (
            (wrong_key, "key"),
            (good[:14], "length"),
            (good + "0", "length"),
            ("5" + good[1:], "format"),
            ("28005AB123456" + good[13:], "format"),
            ("", "length"),
            (None, "length"),
        ):
            with self.subTest(value=value), self.assertRaisesRegex(ValueError, reason):
                check_ins_matricule(value)

    def test_names_meet_whatever_the_invisible_or_foreign_characters(self):
        self.assertEqual(normalise_name("Du\u200dpont\u00ad"), "DUPONT")
        self.assertEqual(normalise_name("\u0421\u043eline"), "COLINE")  # Cyrillic C and o
        self.assertEqual(normalise_name("\u039cartin"), "MARTIN")  # Greek capital mu
        self.assertEqual(normalise_name("\uff2dARTIN"), "MARTIN")  # full-width M
        self.assertEqual(normalise_name("Lætitia"), "LAETITIA")
        self.assertEqual(phonetic("Gauthier"), phonetic("Gautier"))
        self.assertNotEqual(phonetic("Martin"), phonetic("Bernard"))

    def test_transposed_birth_dates(self):
        variants = transposed_dates(datetime.date(1975, 3, 12))
        self.assertIn(datetime.date(1975, 12, 3), variants)  # day and month swapped
        self.assertIn(datetime.date(1957, 3, 12), variants)  # two digits swapped
        self.assertNotIn(datetime.date(1975, 3, 12), variants)
