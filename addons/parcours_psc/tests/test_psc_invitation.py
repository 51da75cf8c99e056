from odoo.exceptions import AccessError, UserError

from odoo.addons.parcours_base.tests.common import ParcoursCase


class TestPscInvitation(ParcoursCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nurse = cls.env["res.partner"].create(
            {"name": "Nurse Invited", "parcours_rpps": "10009999991"}
        )

    def test_coordinator_invites_and_cancels(self):
        self.nurse.with_user(self.coordinator).action_parcours_psc_invite()
        self.assertTrue(self.nurse.parcours_psc_invited_on)
        self.assertEqual(self.nurse.parcours_psc_invited_by_id, self.coordinator)
        self.nurse.with_user(self.coordinator).action_parcours_psc_cancel_invitation()
        self.assertFalse(self.nurse.parcours_psc_invited_on)

    def test_professional_cannot_invite(self):
        with self.assertRaises(AccessError):
            self.nurse.with_user(self.gp_user).action_parcours_psc_invite()
        self.assertFalse(self.nurse.parcours_psc_invited_on)

    def test_invitation_is_written_by_the_action_only(self):
        self.env.ref("base.group_partner_manager").users |= self.coordinator
        with self.assertRaises(UserError):
            self.nurse.with_user(self.coordinator).write(
                {"parcours_psc_invited_on": "2026-01-01 00:00:00"}
            )
        self.assertFalse(self.nurse.parcours_psc_invited_on)

    def test_invitation_needs_a_number_and_no_account(self):
        nameless = self.env["res.partner"].create({"name": "No Number"})
        with self.assertRaises(UserError):
            nameless.with_user(self.coordinator).action_parcours_psc_invite()
        self.gp_user.partner_id.parcours_rpps = "10009999992"
        with self.assertRaises(UserError):
            self.gp_user.partner_id.with_user(self.coordinator).action_parcours_psc_invite()

    def test_enabled_provider_must_be_complete(self):
        provider = self.env.ref("parcours_psc.provider_pro_sante_connect")
        with self.assertRaises(UserError):  # ValidationError is a UserError
            provider.write({"enabled": True, "flow": "access_token"})
        with self.assertRaises(UserError):
            provider.write({"enabled": True, "data_endpoint": False})
