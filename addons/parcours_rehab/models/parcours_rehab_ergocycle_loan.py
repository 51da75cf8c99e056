from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.parcours_base.tools.states import ensure_state

from ..tools.rehab import intervals_overlap
from .parcours_rehab_ergocycle import LOAN_BUSY_STATES


class ParcoursRehabErgocycleLoan(models.Model):
    _name = "parcours.rehab.ergocycle.loan"
    _description = "Exercise bike lent to a patient"
    _inherit = ["mail.thread", "parcours.integrity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    pathway_id = fields.Many2one(
        "parcours.pathway",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('rehab_enabled', '=', True)]",
    )
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    patient_id = fields.Many2one(related="pathway_id.patient_id")
    ergocycle_id = fields.Many2one(
        "parcours.rehab.ergocycle",
        string="Exercise Bike",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('free_between', '=', True)]",
    )
    logistics_partner_id = fields.Many2one(related="ergocycle_id.logistics_partner_id")
    date_start = fields.Date(string="Delivery Date", required=True, tracking=True)
    date_planned_pickup = fields.Date(
        string="Planned Pick-up",
        tracking=True,
        help="The end of the intervention phase, unless changed.",
    )
    date_pickup = fields.Date(string="Picked Up On", readonly=True, tracking=True, copy=False)
    date_end = fields.Date(
        string="Busy Until",
        compute="_compute_date_end",
        store=True,
        precompute=True,
        index=True,
        help="The bike is back on this day: picked up, or planned to be.",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("delivered", "Delivered"),
            ("returned", "Returned"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="planned",
        tracking=True,
        readonly=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "dates_in_order",
            "CHECK(date_end IS NULL OR date_end > date_start)",
            "A bike is picked up after its delivery.",
        ),
        # Two coordinators saving at the same time cannot lend one bike twice.
        (
            "no_double_booking",
            "EXCLUDE USING gist (int4range(ergocycle_id, ergocycle_id, '[]') WITH &&, "
            "daterange(date_start, date_end, '[)') WITH &&) "
            "WHERE (state IN ('planned', 'delivered'))",
            "This exercise bike is already lent over these dates.",
        ),
    ]

    @api.depends("date_pickup", "date_planned_pickup")
    def _compute_date_end(self):
        for loan in self:
            loan.date_end = loan.date_pickup or loan.date_planned_pickup

    @api.depends("ergocycle_id", "pathway_id")
    def _compute_display_name(self):
        for loan in self:
            loan.display_name = "%s · %s" % (loan.ergocycle_id.name or "", loan.pathway_id.name)

    @api.onchange("pathway_id")
    def _onchange_pathway_id(self):
        start = self.pathway_id.inclusion_date or self.pathway_id.rehab_planned_start_date
        if start and not self.date_start:
            self.date_start = start
        if self.date_start and not self.date_planned_pickup:
            self.date_planned_pickup = self.pathway_id._rehab_intervention_end(self.date_start)

    @api.model_create_multi
    def create(self, vals_list):
        pathways = self.env["parcours.pathway"]
        for vals in vals_list:
            if vals.get("date_start") and not vals.get("date_planned_pickup"):
                pathway = pathways.browse(vals.get("pathway_id"))
                vals["date_planned_pickup"] = pathway._rehab_intervention_end(
                    fields.Date.to_date(vals["date_start"])
                )
        self._check_bikes_free(
            [
                (
                    False,
                    vals.get("ergocycle_id"),
                    vals.get("date_start"),
                    vals.get("date_pickup") or vals.get("date_planned_pickup"),
                )
                for vals in vals_list
                if vals.get("state", "planned") in LOAN_BUSY_STATES
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if {"ergocycle_id", "date_start", "date_pickup", "date_planned_pickup", "state"} & set(
            vals
        ):
            cases = []
            for loan in self:
                if vals.get("state", loan.state) not in LOAN_BUSY_STATES:
                    continue
                pickup = vals["date_pickup"] if "date_pickup" in vals else loan.date_pickup
                planned = vals.get("date_planned_pickup", loan.date_planned_pickup)
                cases.append(
                    (
                        loan.id,
                        vals.get("ergocycle_id", loan.ergocycle_id.id),
                        vals.get("date_start", loan.date_start),
                        pickup or planned,
                    )
                )
            self._check_bikes_free(cases)
        return super().write(vals)

    def _lifecycle_fields(self):
        # The pickup day is recorded by action_return, when the bike comes back.
        return super()._lifecycle_fields() | {"state", "date_pickup"}

    def action_deliver(self):
        for loan in self:
            ensure_state(loan, ("planned",))
        self._write_lifecycle({"state": "delivered"})
        self.ergocycle_id.state = "delivered"

    def action_return(self):
        today = fields.Date.context_today(self)
        for loan in self:
            ensure_state(loan, ("delivered",))
            loan._write_lifecycle(
                {"state": "returned", "date_pickup": max(loan.date_pickup or today, today)}
            )
        self.ergocycle_id.filtered(lambda bike: bike.state == "delivered").state = "available"

    def action_cancel(self):
        for loan in self:
            ensure_state(loan, ("planned",))
        self._write_lifecycle({"state": "cancelled"})

    def _shift_planned_pickup(self, days):
        """Move the planned pick-ups; a bike booked next stays and the assistant is told."""
        for loan in self:
            new_date = loan.date_planned_pickup + timedelta(days=days)
            try:
                with self.env.cr.savepoint():
                    loan.date_planned_pickup = new_date
            except ValidationError:
                loan.pathway_id.message_post(
                    body=self.env._(
                        "The exercise bike %(bike)s is booked after %(date)s: plan another "
                        "bike or another pick-up.",
                        bike=loan.ergocycle_id.name,
                        date=fields.Date.to_string(loan.date_planned_pickup),
                    )
                )

    @api.model
    def _check_bikes_free(self, cases):
        """Refuse lending a bike twice over overlapping dates, with a clear message.

        `cases` are (loan id or False, bike id, start, end) as they will be saved; the
        exclusion constraint guarantees it under concurrency.
        """
        cases = [case for case in cases if case[1] and case[2]]
        if not cases:
            return
        Bike = self.env["parcours.rehab.ergocycle"]
        for index, (_loan_id, bike_id, start, end) in enumerate(cases):
            start, end = fields.Date.to_date(start), fields.Date.to_date(end)
            bike = Bike.browse(bike_id)
            if bike.state in ("maintenance", "retired"):
                raise ValidationError(
                    self.env._("The exercise bike %s is not in service.", bike.name)
                )
            if end and end <= start:
                raise ValidationError(self.env._("A bike is picked up after its delivery."))
            for _other_id, other_bike, other_start, other_end in cases[index + 1 :]:
                if other_bike == bike_id and intervals_overlap(
                    start,
                    end,
                    fields.Date.to_date(other_start),
                    fields.Date.to_date(other_end),
                ):
                    raise ValidationError(
                        self.env._(
                            "The exercise bike %s is lent twice over the same dates.", bike.name
                        )
                    )
            # sudo: a bike lent to a patient the user cannot see is still taken.
            taken = (
                self.sudo()
                .search(
                    [
                        ("ergocycle_id", "=", bike_id),
                        ("state", "in", LOAN_BUSY_STATES),
                        ("id", "not in", [case[0] for case in cases if case[0]]),
                    ]
                )
                .filtered(
                    lambda loan, s=start, e=end: intervals_overlap(
                        s, e, loan.date_start, loan.date_end
                    )
                )
            )
            if taken:
                raise ValidationError(
                    self.env._(
                        "The exercise bike %(bike)s is already lent from %(start)s to %(end)s: "
                        "choose a free bike or other dates.",
                        bike=bike.name,
                        start=fields.Date.to_string(taken[0].date_start),
                        end=fields.Date.to_string(taken[0].date_end) or "…",
                    )
                )
