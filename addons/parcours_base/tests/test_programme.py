from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import ParcoursCase


class TestProgramme(ParcoursCase):
    def test_code_is_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["parcours.programme"].create({"name": "Twin", "code": "TEST"})

    def test_coordinator_reads_but_does_not_configure(self):
        programme = self.programme.with_user(self.coordinator)
        self.assertEqual(programme.name, "Test programme")
        with self.assertRaises(AccessError):
            programme.write({"name": "Renamed"})
