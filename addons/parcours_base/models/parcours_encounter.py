from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools.data_access import MEDICAL, SOCIAL
from ..tools.states import ensure_state
from ..tools.xlsx import SafeWorkbook, in_batches
from .parcours_encounter_kind import ENCOUNTER_MODES

EXPORT_FIELDS = [
    "start",
    "pathway_id",
    "programme_id",
    "company_id",
    "kind_id",
    "mode",
    "partner_id",
    "profession_id",
    "duration",
    "state",
    "billable",
    "create_date",
]


class ParcoursEncounter(models.Model):
    _name = "parcours.encounter"
    _description = "Encounter with a patient"
    # The data-category mixin first: its tracking filter must run before mail.thread's.
    _inherit = [
        "parcours.data.category.mixin",
        "mail.thread",
        "parcours.professional.mixin",
        "parcours.integrity.mixin",
        "parcours.access.logged.mixin",
    ]
    _order = "start desc, id desc"
    _parcours_programme_path = "programme_id"
    _check_company_auto = True
    _access_log_pathway_column = "pathway_id"

    pathway_id = fields.Many2one(
        "parcours.pathway", required=True, index=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(related="pathway_id.company_id", store=True, index=True)
    programme_id = fields.Many2one(related="pathway_id.programme_id", store=True, index=True)
    patient_id = fields.Many2one(related="pathway_id.patient_id")
    partner_id = fields.Many2one(default=lambda self: self._default_partner_id())
    kind_id = fields.Many2one("parcours.encounter.kind", required=True, index=True)
    mode = fields.Selection(
        ENCOUNTER_MODES,
        compute="_compute_mode",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    start = fields.Datetime(
        string="Date", required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    duration = fields.Integer(
        string="Duration (Minutes)",
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
            ("no_show", "No-show"),
        ],
        required=True,
        default="planned",
        tracking=True,
        index=True,
    )
    clinical_note = fields.Html(
        groups=MEDICAL,
        help="Visible to the health professionals of the pathway's care team only.",
    )
    social_note = fields.Html(
        groups=SOCIAL,
        help="Social follow-up notes, visible to the social workers and health professionals "
        "of the pathway's care team.",
    )
    billable = fields.Boolean(default=True, help="Counted by the forfait rules.")
    calendar_event_id = fields.Many2one("calendar.event", copy=False, ondelete="set null")
    step_id = fields.Many2one("parcours.pathway.step", copy=False, ondelete="set null")

    @api.model
    def _default_partner_id(self):
        """The current user when they are a professional (a coordinator records for others)."""
        partner = self.env.user.partner_id
        return partner if partner.parcours_profession_id else False

    @api.depends("kind_id", "patient_id", "start")
    def _compute_display_name(self):
        for encounter in self:
            day = fields.Date.to_string(encounter.start.date()) if encounter.start else ""
            encounter.display_name = f"{encounter.kind_id.name or ''} {day}".strip()

    @api.depends("kind_id")
    def _compute_mode(self):
        for encounter in self:
            encounter.mode = encounter.kind_id.default_mode or encounter.mode or "in_person"

    @api.depends("kind_id")
    def _compute_duration(self):
        for encounter in self:
            if not encounter.duration:
                encounter.duration = encounter.kind_id.default_duration

    @api.constrains("duration")
    def _check_duration(self):
        for encounter in self:
            if encounter.duration < 0:
                raise ValidationError(
                    self.env._("The duration of %s cannot be negative.", encounter.display_name)
                )

    @api.constrains("start")
    def _check_within_planning_horizon(self):
        for encounter in self:
            encounter._check_within_horizon(encounter.start.date(), encounter.display_name)

    @api.constrains("start", "pathway_id")
    def _check_within_pathway(self):
        for encounter in self:
            pathway = encounter.pathway_id
            # The pathway's dates are days of the user's time zone: so is the encounter's.
            day = fields.Datetime.context_timestamp(encounter, encounter.start).date()
            first = pathway.request_date or pathway.inclusion_date
            if (first and day < first) or (pathway.end_date and day > pathway.end_date):
                raise ValidationError(
                    self.env._(
                        "The encounter of %(day)s is outside the dates of %(pathway)s "
                        "(%(first)s to %(last)s).",
                        day=fields.Date.to_string(day),
                        pathway=pathway.display_name,
                        first=fields.Date.to_string(first) if first else "…",
                        last=fields.Date.to_string(pathway.end_date) if pathway.end_date else "…",
                    )
                )

    def _value_bounds(self):
        return dict(super()._value_bounds(), duration=(0, 24 * 60))

    def _lifecycle_fields(self):
        names = super()._lifecycle_fields() | {"state"}
        if self:
            names.add("pathway_id")
        return names

    def _lifecycle_create_fields(self):
        return super()._lifecycle_create_fields() | {"state"}

    def _is_author(self):
        """Whether the current user is the professional who holds this encounter."""
        self.ensure_one()
        if self.partner_id:
            return self.env.user.partner_id == self.partner_id
        return self.create_uid == self.env.user

    def _check_author(self, vals=None):
        """A professional's encounter is theirs: colleagues do not rewrite it.

        Its clinical note is written by its author only; coordinators may re-plan it
        (professional, date, duration), other professionals leave it alone.
        """
        if self.env.su:
            return
        coordinator = self.env.user.has_group("parcours_base.group_parcours_coordinator")
        for encounter in self:
            if encounter._is_author():
                continue
            if coordinator and not (vals and "clinical_note" in vals):
                continue
            raise AccessError(
                self.env._(
                    "%(encounter)s is held by %(author)s: only they change it.",
                    encounter=encounter.display_name,
                    author=encounter.partner_id.name or encounter.create_uid.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        encounters = super().create(vals_list)
        encounters._close_fulfilled_steps()
        encounters._plan_steps_after_encounters()
        return encounters

    def write(self, vals):
        self._check_author(vals)
        result = super().write(vals)
        if {"start", "duration", "partner_id"} & set(vals):
            self.filtered("calendar_event_id")._sync_calendar_event()
        if vals.get("state") == "done":
            self._close_fulfilled_steps()
            self._plan_steps_after_encounters()
        return result

    def _close_fulfilled_steps(self):
        """A held encounter completes the planned step it fulfils: its own step, else the
        planned step of its pathway for this kind of contact (and role) due closest to it."""
        for encounter in self.filtered(lambda encounter: encounter.state == "done"):
            step = encounter.step_id.filtered(lambda step: step.state == "planned")
            if not step:
                day = encounter.start.date()
                candidates = encounter.pathway_id.step_ids.filtered(
                    lambda step, encounter=encounter: step.state == "planned"
                    and step.template_id.kind_id == encounter.kind_id
                    and (
                        not step.template_id.profession_id
                        or step.template_id.profession_id == encounter.profession_id
                    )
                )
                if not candidates:
                    continue
                step = min(
                    candidates,
                    key=lambda step, day=day: (abs((step.due_date - day).days), step.due_date),
                )
                encounter.step_id = step
            step._complete()

    def _plan_steps_after_encounters(self):
        """Steps anchored on an encounter kind can be planned once such an encounter is done."""
        done = self.filtered(lambda encounter: encounter.state == "done")
        anchored = done.pathway_id.programme_id.step_template_ids.filtered(
            lambda template: template.anchor == "last_encounter"
        )
        if anchored:
            done.pathway_id.filtered(lambda pathway: pathway.state == "included")._plan_steps()

    def action_mark_done(self):
        self._set_state("done", ("planned",))

    def action_mark_no_show(self):
        self._set_state("no_show", ("planned",))

    def action_cancel(self):
        self._set_state("cancelled", ("planned",))
        self.calendar_event_id.unlink()

    def _set_state(self, state, allowed):
        self._check_author()
        for encounter in self:
            ensure_state(encounter, allowed)
        self._write_lifecycle({"state": state})

    def action_add_to_calendar(self):
        """Put planned encounters in the professional's calendar."""
        to_plan = self.filtered(lambda encounter: not encounter.calendar_event_id)
        events = self.env["calendar.event"].create(
            [encounter._calendar_event_values() for encounter in to_plan]
        )
        for encounter, event in zip(to_plan, events, strict=False):
            encounter.calendar_event_id = event

    def action_export_xlsx(self):
        """Stream the selected encounters to a workbook (flat memory, text stays text)."""
        self.env["parcours.access.log"]._record(self, "export")
        return self.env["ir.attachment"]._parcours_download_action(
            self.env._("Encounters.xlsx"), self._xlsx_export()
        )

    def _xlsx_export(self):
        labels = [self._fields[name].get_description(self.env)["string"] for name in EXPORT_FIELDS]
        workbook = SafeWorkbook()
        workbook.add_table(self.env._("Encounters"), labels, self._xlsx_rows())
        return workbook.close()

    def _xlsx_rows(self):
        """The cells of EXPORT_FIELDS, record by record, in constant memory.

        One query per slice reads the columns of records the user already found (their
        record rules applied, checked again here); each linked record is named once for
        the whole export, as read() names it (display name, read as superuser).
        """
        self.check_field_access_rights("read", EXPORT_FIELDS)
        self.flush_model(EXPORT_FIELDS)
        fields_ = [self._fields[name] for name in EXPORT_FIELDS]
        # Per column, the label of each stored value (None: the value is the cell).
        labels = [
            {}
            if field.type == "many2one"
            else dict(field._description_selection(self.env))
            if field.type == "selection"
            else None
            for field in fields_
        ]
        for batch in in_batches(self, 5000):
            batch.check_access("read")
            rows = {
                row[0]: row[1:]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT id, %s FROM parcours_encounter WHERE id = ANY(%s)",
                        SQL(", ").join(SQL.identifier(name) for name in EXPORT_FIELDS),
                        batch.ids,
                    )
                )
            }
            for index, field in enumerate(fields_):
                if field.type == "many2one":
                    known = labels[index]
                    missing = {row[index] for row in rows.values()} - known.keys() - {None}
                    # sudo: only records linked from encounters the user may read, named as
                    # read() names them.
                    for record in self.env[field.comodel_name].sudo().browse(missing):
                        known[record.id] = record.display_name
            for record_id in batch.ids:
                yield [
                    value if label is None else label.get(value, "")
                    for label, value in zip(labels, rows[record_id], strict=True)
                ]

    def _calendar_event_values(self):
        # The event names the kind only: calendars are shared more widely than health data.
        self.ensure_one()
        return {
            "name": self.env._(
                "%(kind)s (%(reference)s)", kind=self.kind_id.name, reference=self.pathway_id.name
            ),
            "start": self.start,
            "stop": self.start + timedelta(minutes=self.duration or 30),
            "partner_ids": [fields.Command.set(self.partner_id.ids)],
            "user_id": self.partner_id.user_ids[:1].id or self.env.user.id,
        }

    def _sync_calendar_event(self):
        for encounter in self:
            encounter.calendar_event_id.write(encounter._calendar_event_values())
