from odoo import api, models
from odoo.exceptions import UserError


class ParcoursInsi(models.AbstractModel):
    """Where a certified client of the national INSi teleservice plugs in.

    INSi (Identifiant National de Santé intégré) is the teleservice of the national
    health insurance that returns a person's INS from their traits. It is reached
    only by software certified by the national health agency (ANS / GIE SESAM-Vitale),
    authenticated with an organisation certificate or a professional card. Parcours
    ships no such client and never invents an answer: an addon holding a certified
    client inherits this model and overrides ``_fetch_identity``.
    """

    _name = "parcours.insi"
    _description = "INSi teleservice (plug-in point)"

    @api.model
    def _fetch_identity(self, traits):
        """Ask INSi for the identity matching ``traits``.

        :param dict traits: the five strict traits of the patient, as
            ``parcours.patient._identity_traits()`` gives them: ``birth_name``,
            ``first_names``, ``sex`` ("female"/"male"), ``birth_date`` (a date) and
            ``birth_place_code`` (INSEE/COG code).
        :return: a pair ``(identity, status)``. ``status`` is ``"found"`` (one
            identity), ``"not_found"`` or ``"ambiguous"`` (several identities) as INSi
            answers; ``identity`` is ``None`` unless found, else a dict with the
            traits INSi holds (same keys as ``traits``) plus ``matricule`` (the NIR or
            NIA, 15 characters with its key) and ``oid`` (the OID of the matricule).
        :raise UserError: when no certified client is configured (always, here).
        """
        raise UserError(
            self.env._(
                "No certified INSi client is configured: the INS cannot be fetched from "
                "the national teleservice. Ask your administrator to install the addon of "
                "a certified INSi client; until then, identities stay provisional or "
                "validated."
            )
        )
