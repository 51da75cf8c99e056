from odoo import api, fields, models

from ..tools.msma_dates import yearly_target


class ParcoursMsmaMicrostructure(models.Model):
    _name = "parcours.msma.microstructure"
    _description = "Addiction microstructure (MSMA)"
    _inherit = ["mail.thread"]
    _order = "department, name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    programme_id = fields.Many2one(
        "parcours.programme",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env.ref("parcours_msma.programme_msma", raise_if_not_found=False),
        domain="[('msma_enabled', '=', True)]",
    )
    site_type = fields.Selection(
        [
            ("msp", "Multi-professional health centre (MSP)"),
            ("group_practice", "Group practice"),
            ("solo_practice", "Solo practice"),
            ("health_centre", "Health centre"),
        ],
        required=True,
        default="msp",
        tracking=True,
    )
    site_partner_id = fields.Many2one(
        "res.partner", string="Premises", help="The GP practice where the sessions take place."
    )
    department = fields.Char(
        string="Département", required=True, size=3, tracking=True, help="e.g. 12, 2A, 974."
    )
    structure_id = fields.Many2one(
        "res.partner",
        string="Partner Structure",
        required=True,
        tracking=True,
        domain="[('parcours_structure_type', 'in', ('csapa', 'caarud'))]",
        help="The CSAPA (or CAARUD) putting the psychologist and social worker at the "
        "microstructure's disposal.",
    )
    gp_ids = fields.Many2many(
        "res.partner",
        "parcours_msma_microstructure_gp_rel",
        string="GPs",
        domain="[('parcours_profession_id.is_physician', '=', True)]",
    )
    psychologist_ids = fields.Many2many(
        "res.partner",
        "parcours_msma_microstructure_psychologist_rel",
        string="Psychologists",
        domain="[('parcours_profession_id', '!=', False)]",
    )
    social_worker_ids = fields.Many2many(
        "res.partner",
        "parcours_msma_microstructure_social_worker_rel",
        string="Social Workers",
        domain="[('parcours_profession_id', '!=', False)]",
    )
    coordinator_ids = fields.Many2many(
        "res.users",
        string="Structure Coordinators",
        domain=[("share", "=", False)],
        help="Coordinators of the partner structure: they see the pathways of this "
        "microstructure.",
    )
    start_date = fields.Date(string="Start (Wave)", tracking=True)
    session_ids = fields.One2many(
        "parcours.msma.session", "microstructure_id", string="Weekly Sessions"
    )
    pathway_ids = fields.One2many("parcours.pathway", "microstructure_id", string="Pathways")
    patient_target = fields.Integer(
        string="Yearly Patient Target",
        compute="_compute_patient_target",
        help="From the programme: the first-year target during the first twelve months, "
        "then the later-years target.",
    )
    included_count = fields.Integer(string="Patients Included", compute="_compute_included_count")

    @api.depends(
        "start_date", "programme_id.msma_target_first_year", "programme_id.msma_target_later"
    )
    def _compute_patient_target(self):
        today = fields.Date.context_today(self)
        for microstructure in self:
            programme = microstructure.programme_id
            microstructure.patient_target = yearly_target(
                microstructure.start_date,
                today,
                programme.msma_target_first_year,
                programme.msma_target_later,
            )

    def _compute_included_count(self):
        counts = dict(
            self.env["parcours.pathway"]._read_group(
                [("microstructure_id", "in", self.ids), ("state", "=", "included")],
                ["microstructure_id"],
                ["__count"],
            )
        )
        for microstructure in self:
            microstructure.included_count = counts.get(microstructure, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_session_events(self):
        # Sessions go with their microstructure (cascade): their calendar events too.
        self.session_ids._remove_events()

    def action_open_pathways(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_base.parcours_pathway_action"
        )
        action["domain"] = [("microstructure_id", "=", self.id)]
        action["context"] = {
            "default_microstructure_id": self.id,
            "default_programme_id": self.programme_id.id,
        }
        return action

    def action_generate_sessions(self):
        """Regenerate the calendar events of every weekly session."""
        self.session_ids._generate_events()
