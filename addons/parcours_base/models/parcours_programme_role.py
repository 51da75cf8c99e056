from odoo import fields, models


class ParcoursProgrammeRole(models.Model):
    _name = "parcours.programme.role"
    _description = "Care-team role expected by a programme"
    _order = "programme_id, sequence, id"
    _rec_name = "profession_id"

    programme_id = fields.Many2one("parcours.programme", required=True, ondelete="cascade")
    profession_id = fields.Many2one("parcours.profession", required=True, ondelete="restrict")
    sequence = fields.Integer(default=10)
    mandatory = fields.Boolean(help="Every pathway's care team must have this role.")
    approves_inclusion = fields.Boolean(
        help="Inclusion is collegial: a team member holding this role must approve it.",
    )

    _sql_constraints = [
        (
            "profession_unique",
            "unique(programme_id, profession_id)",
            "A profession is listed once per programme.",
        ),
    ]
