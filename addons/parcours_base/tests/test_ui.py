from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestParcoursUi(HttpCase):
    def test_coordinator_opens_parcours_menu(self):
        new_test_user(
            self.env,
            login="tour_coordinator",
            password="tour_coordinator",
            groups="parcours_base.group_parcours_coordinator",
        )
        self.env["parcours.programme"].create({"name": "Tour programme", "code": "TOUR"})
        self.start_tour("/odoo", "parcours_open_menu_tour", login="tour_coordinator")
