from odoo import api, fields, models

from odoo.addons.parcours_base.tools.data_access import MEDICAL

from ..tools.msma_dates import period_end, renewal_overdue

SEROLOGY_STATUS = [("unknown", "Unknown"), ("negative", "Negative"), ("positive", "Positive")]
SEROLOGY_FIELDS = ("msma_hiv_status", "msma_hbv_status", "msma_hcv_status")
# Profile fields that change which screening reminders apply.
SCREENING_PROFILE_FIELDS = {"msma_injecting", "msma_alcoholic_fibrosis", "msma_hcv_status"}
CLINICAL_GROUP = MEDICAL


class ParcoursPathway(models.Model):
    _inherit = "parcours.pathway"

    msma_enabled = fields.Boolean(related="programme_id.msma_enabled")
    microstructure_id = fields.Many2one(
        "parcours.msma.microstructure",
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('programme_id', '=', programme_id)]",
    )
    msma_period_ids = fields.One2many("parcours.msma.period", "pathway_id", string="Yearly Periods")
    msma_assessment_ids = fields.One2many(
        "parcours.msma.assessment", "pathway_id", string="Assessments"
    )
    msma_renewal_overdue = fields.Boolean(
        string="Renewal Overdue",
        readonly=True,
        index=True,
        copy=False,
        help="Past its anniversary without a renewal decided in RCP; checked every night.",
    )
    # Addiction and social profile: the care team's business only.
    msma_substance_ids = fields.Many2many(
        "parcours.msma.substance", string="Substances and Behaviours", groups=CLINICAL_GROUP
    )
    msma_tso = fields.Boolean(
        string="Opioid Substitution Treatment (TSO)", groups=CLINICAL_GROUP, tracking=True
    )
    msma_tso_prescriber_id = fields.Many2one(
        "res.partner", string="TSO Prescriber", groups=CLINICAL_GROUP
    )
    msma_injecting = fields.Boolean(
        string="Injecting Drug Use", groups=CLINICAL_GROUP, tracking=True
    )
    msma_first_access = fields.Boolean(
        string="First Access to Specialised Care", groups=CLINICAL_GROUP
    )
    msma_hiv_status = fields.Selection(
        SEROLOGY_STATUS, string="HIV", default="unknown", groups=CLINICAL_GROUP, tracking=True
    )
    msma_hiv_treated = fields.Boolean(string="HIV Treatment", groups=CLINICAL_GROUP)
    msma_hbv_status = fields.Selection(
        SEROLOGY_STATUS, string="HBV", default="unknown", groups=CLINICAL_GROUP, tracking=True
    )
    msma_hbv_treated = fields.Boolean(string="HBV Treatment", groups=CLINICAL_GROUP)
    msma_hcv_status = fields.Selection(
        SEROLOGY_STATUS, string="HCV", default="unknown", groups=CLINICAL_GROUP, tracking=True
    )
    msma_hcv_treated = fields.Boolean(string="HCV Treatment", groups=CLINICAL_GROUP)
    msma_alcoholic_fibrosis = fields.Boolean(
        string="Alcoholic Fibrosis", groups=CLINICAL_GROUP, tracking=True
    )
    msma_fibrosis_note = fields.Char(string="Fibrosis Stage", groups=CLINICAL_GROUP)

    @api.onchange("microstructure_id")
    def _onchange_microstructure_id(self):
        """Propose the microstructure's team when the care team is still empty."""
        if self.member_ids or not self.microstructure_id:
            return
        microstructure = self.microstructure_id
        partners = (
            microstructure.gp_ids[:1]
            | microstructure.psychologist_ids[:1]
            | microstructure.social_worker_ids[:1]
        )
        self.member_ids = [
            fields.Command.create(
                {
                    "partner_id": partner.id,
                    "profession_id": partner.parcours_profession_id.id,
                    "date_from": self.request_date or fields.Date.context_today(self),
                }
            )
            for partner in partners
        ]

    def write(self, vals):
        positive_before = {
            field: self.filtered(lambda pathway, field=field: pathway[field] == "positive")
            for field in SEROLOGY_FIELDS
            if vals.get(field) == "positive"
        }
        result = super().write(vals)
        for field, already in positive_before.items():
            (self - already)._msma_alert_positive_serology(field)
        if SCREENING_PROFILE_FIELDS & set(vals):
            # sudo: the care team may change the profile; re-planning its reminders follows
            # from that change even though only coordinators create steps by hand.
            self.filtered(lambda p: p.msma_enabled and p.state == "included").sudo()._msma_replan()
        return result

    def action_include(self):
        result = super().action_include()
        for pathway in self.filtered("msma_enabled"):
            pathway._msma_open_period("inclusion", pathway.inclusion_date)
            if not pathway.msma_assessment_ids:
                pathway._msma_new_assessment("inclusion", pathway.inclusion_date)
        return result

    def action_renew(self):
        due_dates = {pathway: pathway.renewal_due_date for pathway in self}
        result = super().action_renew()
        for pathway in self.filtered("msma_enabled"):
            start = due_dates[pathway] or fields.Date.context_today(self)
            pathway._msma_open_period("renewal", start)
        self.filtered("msma_renewal_overdue")._write_lifecycle({"msma_renewal_overdue": False})
        return result

    def _lifecycle_fields(self):
        return super()._lifecycle_fields() | {"msma_renewal_overdue"}

    def action_msma_new_assessment(self):
        self.ensure_one()
        assessment = self._msma_new_assessment("rcp", fields.Date.context_today(self))
        return {
            "type": "ir.actions.act_window",
            "res_model": "parcours.msma.assessment",
            "res_id": assessment.id,
            "view_mode": "form",
            "target": "current",
        }

    def _inclusion_problems(self):
        problems = super()._inclusion_problems()
        if self.msma_enabled and not self.microstructure_id:
            problems.append(self.env._("no microstructure is chosen"))
        if self.msma_enabled and self.patient_id.age < 18 and self.has_consent:
            in_force = self.consent_ids.filtered(lambda consent: not consent.withdrawal_date)
            if "representative" not in in_force.mapped("signatory"):
                problems.append(
                    self.env._(
                        "the patient is a minor: the consent must be a legal representative's"
                    )
                )
        return problems

    def _planned_schedule(self):
        """Leave out the screening steps that do not fit the patient's profile."""
        schedule = super()._planned_schedule()
        return {
            key: due
            for key, due in schedule.items()
            if not key[0].msma_enabled or key[1]._msma_applies_to(key[0])
        }

    def _msma_liver_risk(self):
        self.ensure_one()
        return self.msma_alcoholic_fibrosis or self.msma_hcv_status == "positive"

    def _msma_replan(self):
        """After a profile change: drop the planned steps that no longer apply, plan new ones."""
        for pathway in self:
            stale = pathway.step_ids.filtered(
                lambda step, p=pathway: step.state == "planned"
                and step.template_id
                and not step.template_id._msma_applies_to(p)
            )
            stale._cancel()
        self._plan_steps()

    def _msma_open_period(self, origin, start):
        """Open the yearly period starting on `start` (billing counts one forfait per period)."""
        self.ensure_one()
        end = self.programme_id._period_end(start)
        self.env["parcours.msma.period"].create(
            {
                "pathway_id": self.id,
                "sequence": len(self.msma_period_ids) + 1,
                "date_start": start,
                "date_end": period_end(end) if end else start,
                "origin": origin,
            }
        )

    def _msma_new_assessment(self, kind, date, rcp=None):
        """A new assessment, prefilled from the latest one so only changes are entered."""
        self.ensure_one()
        last = self.msma_assessment_ids.sorted(lambda a: (a.date, a.id))[-1:]
        values = {"kind": kind, "date": date, "rcp_id": rcp.id if rcp else False}
        if last:
            # sudo: prefilled from the last assessment for the care team, whoever holds the
            # RCP (a coordinator may not read the social and addiction items it copies).
            return last.sudo().copy(values).sudo(False)
        return self.env["parcours.msma.assessment"].create(dict(values, pathway_id=self.id))

    def _msma_alert_positive_serology(self, field):
        """The GP is mobilised at once: an activity due today."""
        activity_type = self.env.ref("parcours_msma.mail_activity_type_positive_serology")
        gp = self.env.ref("parcours_base.profession_gp")
        label = self._fields[field].get_description(self.env)["string"]
        today = fields.Date.context_today(self)
        for pathway in self.filtered("msma_enabled"):
            pathway.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Positive %s serology: see the patient", label),
                user_id=pathway._responsible_user(gp).id,
                date_deadline=today,
            )

    @api.model
    def _cron_flag_renewal_overdue(self):
        """Flag included MSMA pathways past their anniversary; tell their coordinator once."""
        today = fields.Date.context_today(self)
        included = self.search([("state", "=", "included"), ("msma_enabled", "=", True)])
        overdue = included.filtered(lambda p: renewal_overdue(p.renewal_due_date, today))
        (included - overdue).filtered("msma_renewal_overdue").msma_renewal_overdue = False
        newly = overdue.filtered(lambda pathway: not pathway.msma_renewal_overdue)
        newly.msma_renewal_overdue = True
        activity_type = self.env.ref("parcours_msma.mail_activity_type_renewal_due")
        for pathway in newly:
            pathway.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Renewal to decide at the next RCP"),
                user_id=(pathway.user_id or self.env.user).id,
                date_deadline=today,
            )
