from odoo.tests import HttpCase, tagged

from .common import ParcoursCase


@tagged("post_install", "-at_install")
class TestParcoursUi(HttpCase, ParcoursCase):
    def test_coordinator_opens_parcours_menu(self):
        self.create_pathway()
        self.coordinator.password = "coordinator"
        self.start_tour("/odoo", "parcours_open_menu_tour", login="coordinator")
