from markupsafe import Markup

from odoo import api, fields, models

from .parcours_profession import DATA_ACCESS_LEVELS


class ParcoursProgrammeDataAccess(models.Model):
    _name = "parcours.programme.data.access"
    _description = "Data access of a profession in a programme"
    _order = "programme_id, profession_id"
    _rec_name = "profession_id"

    programme_id = fields.Many2one(
        "parcours.programme", required=True, ondelete="cascade", index=True
    )
    profession_id = fields.Many2one("parcours.profession", required=True, ondelete="cascade")
    data_access = fields.Selection(
        DATA_ACCESS_LEVELS,
        required=True,
        help="What the professionals of this profession read on this programme's pathways, "
        "encounters, incidents and assessments, instead of their profession's own level.",
    )
    default_data_access = fields.Selection(
        related="profession_id.data_access", string="Profession's Own Level"
    )

    _sql_constraints = [
        (
            "programme_profession_unique",
            "unique(programme_id, profession_id)",
            "A profession has one data-access level per programme.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        for line in lines:
            line._log_change(line.profession_id.data_access, line.data_access)
        lines._sync_groups(lines.profession_id)
        return lines

    def write(self, vals):
        before = {line: (line.profession_id, line.data_access) for line in self}
        result = super().write(vals)
        for line, (profession, level) in before.items():
            if profession != line.profession_id:
                line._log_change(level, profession.data_access, profession)
                line._log_change(line.profession_id.data_access, line.data_access)
            elif level != line.data_access:
                line._log_change(level, line.data_access)
        previous = self.env["parcours.profession"].union(
            *(profession for profession, _level in before.values())
        )
        self._sync_groups(self.profession_id | previous)
        return result

    def unlink(self):
        professions = self.profession_id
        for line in self:
            line._log_change(line.data_access, line.profession_id.data_access)
        result = super().unlink()
        self._sync_groups(professions)
        return result

    def _log_change(self, old, new, profession=None):
        """Record on the programme's chatter who changed which profession's access, as the
        tracking of a security setting."""
        self.ensure_one()
        levels = dict(self._fields["data_access"]._description_selection(self.env))
        text = self.env._(
            "Data access of %(profession)s in this programme: %(old)s → %(new)s",
            profession=(profession or self.profession_id).display_name,
            old=levels.get(old, old),
            new=levels.get(new, new),
        )
        self.programme_id._message_log(body=Markup("<p>%s</p>") % text)

    @api.model
    def _sync_groups(self, professions):
        """The data groups are the union of the levels over programmes: refresh them."""
        # sudo: every contact of these professions, whoever changed the policy; only their
        # two data groups are refreshed.
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("parcours_profession_id", "in", professions.ids)])
        )
        partners._sync_data_access_groups()
