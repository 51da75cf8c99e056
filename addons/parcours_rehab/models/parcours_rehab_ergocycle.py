from odoo import api, fields, models
from odoo.exceptions import UserError

LOAN_BUSY_STATES = ("planned", "delivered")
FREE_STATES = ("available", "delivered")  # bike states in service (not in repair, retired)


class ParcoursRehabErgocycle(models.Model):
    _name = "parcours.rehab.ergocycle"
    _description = "Exercise bike (ergocycle)"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(string="Serial Number", required=True, tracking=True)
    model = fields.Char(required=True)
    low_load = fields.Boolean(
        string="Low-Load Capable", help="Can train very deconditioned patients at low load."
    )
    state = fields.Selection(
        [
            ("available", "Available"),
            ("delivered", "Delivered"),
            ("maintenance", "In maintenance"),
            ("retired", "Retired"),
        ],
        required=True,
        default="available",
        tracking=True,
    )
    logistics_partner_id = fields.Many2one("res.partner")
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    loan_ids = fields.One2many("parcours.rehab.ergocycle.loan", "ergocycle_id", string="Loans")
    free_between = fields.Boolean(
        string="Free",
        compute="_compute_free_between",
        search="_search_free_between",
        help="Free over the dates given in the context (rehab_date_from, rehab_date_to), "
        "today by default.",
    )
    next_free_date = fields.Date(
        string="Free From",
        compute="_compute_next_free_date",
        help="First day after its current and planned loans.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("serial_unique", "unique(name, company_id)", "Another bike has this serial number."),
    ]

    def _compute_free_between(self):
        free = self._free_between(*self._context_dates())
        for ergocycle in self:
            ergocycle.free_between = ergocycle in free

    def _search_free_between(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search free bikes with a yes or no."))
        busy = self._busy_loan_domain(*self._context_dates())
        if (operator == "=") == value:
            return [("state", "in", FREE_STATES), ("loan_ids", "not any", busy)]
        return ["|", ("state", "not in", FREE_STATES), ("loan_ids", "any", busy)]

    @api.depends("loan_ids.state", "loan_ids.date_end")
    def _compute_next_free_date(self):
        today = fields.Date.context_today(self)
        for ergocycle in self:
            busy = ergocycle.loan_ids.filtered(lambda loan: loan.state in LOAN_BUSY_STATES)
            if any(not loan.date_end for loan in busy):
                ergocycle.next_free_date = False
            else:
                ergocycle.next_free_date = max([*busy.mapped("date_end"), today])

    def _context_dates(self):
        today = fields.Date.context_today(self)
        date_from = fields.Date.to_date(self.env.context.get("rehab_date_from")) or today
        date_to = fields.Date.to_date(self.env.context.get("rehab_date_to")) or date_from
        return date_from, date_to

    def _free_between(self, date_from, date_to):
        """The bikes of `self` in service with no loan over [date_from, date_to]."""
        busy = self.env["parcours.rehab.ergocycle.loan"].search(
            [("ergocycle_id", "in", self.ids), *self._busy_loan_domain(date_from, date_to)]
        )
        return self.filtered(
            lambda bike: bike.state in FREE_STATES and bike not in busy.ergocycle_id
        )

    @api.model
    def _busy_loan_domain(self, date_from, date_to):
        """Loans that hold a bike at some day of [date_from, date_to]."""
        return [
            ("state", "in", LOAN_BUSY_STATES),
            ("date_start", "<=", date_to),
            "|",
            ("date_end", "=", False),
            ("date_end", ">", date_from),
        ]
