import base64
import secrets
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.age import age_band, age_on
from ..tools.pseudonym import pseudonym
from ..tools.xlsx import SafeWorkbook, in_batches

KEY_PARAMETER = "parcours_base.evaluation_key"


class ParcoursEvaluationExport(models.Model):
    """A pseudonymised dataset for the external evaluator, and the log of who made it."""

    _name = "parcours.evaluation.export"
    _description = "Evaluation dataset export"
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    programme_ids = fields.Many2many("parcours.programme", string="Programmes", required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    user_id = fields.Many2one(
        "res.users", string="Exported By", default=lambda self: self.env.user, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, readonly=True
    )
    row_count = fields.Integer(readonly=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Exported")], default="draft")
    file = fields.Binary(attachment=True, readonly=True)
    file_name = fields.Char(readonly=True)

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for export in self:
            export.name = self.env._(
                "Evaluation %(start)s to %(end)s", start=export.date_from, end=export.date_to
            )

    def write(self, vals):
        if self.filtered(lambda export: export.state == "done") and not self.env.context.get(
            "parcours_export_generation"
        ):
            raise UserError(self.env._("An export that was made is a log entry: it cannot change."))
        return super().write(vals)

    def action_generate(self):
        """Build the workbook from the pathways the user may read, and log it."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        pathways = self._evaluable_pathways()
        content, rows = self._build_workbook(pathways)
        self.with_context(parcours_export_generation=True).write(
            {
                "state": "done",
                "row_count": rows,
                "file": base64.b64encode(content),
                "file_name": "evaluation_%s_%s.xlsx" % (self.date_from, self.date_to),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s/%s/file/%s?download=true"
            % (self._name, self.id, self.file_name),
            "target": "new",
        }

    def _evaluable_pathways(self):
        """Pathways of the period whose patient agreed to the evaluation, as the user sees them."""
        return self.env["parcours.pathway"].search(
            [
                ("programme_id", "in", self.programme_ids.ids),
                ("inclusion_date", "<=", self.date_to),
                "|",
                ("end_date", "=", False),
                ("end_date", ">=", self.date_from),
                (
                    "consent_ids",
                    "any",
                    [("covers_evaluation", "=", True), ("withdrawal_date", "=", False)],
                ),
            ],
            order="inclusion_date, id",
        )

    @api.model
    def _evaluation_key(self):
        # sudo: the key lives in a system parameter no ordinary user can read; only its
        # use (the pseudonyms) leaves this method.
        parameters = self.env["ir.config_parameter"].sudo()
        key = parameters.get_param(KEY_PARAMETER)
        if not key:
            key = secrets.token_hex(32)
            parameters.set_param(KEY_PARAMETER, key)
        return key

    def _columns(self):
        """(column, definition) of each exported column: the data dictionary. Column names
        stay the same in every language so the evaluator's scripts keep working."""
        return [
            (
                "pseudonym",
                self.env._("Keyed hash of the patient: stable across exports, not reversible."),
            ),
            ("programme", self.env._("Programme code.")),
            ("sex", self.env._("female, male or unknown.")),
            ("birth_year", self.env._("Year of birth (no full birth date).")),
            ("age_band", self.env._("Age band at inclusion.")),
            ("department", self.env._("Département of residence (no address).")),
            ("referral_source", self.env._("Who referred the patient.")),
            ("status", self.env._("Pathway status at export time.")),
            ("request_month", self.env._("Month of the request (YYYY-MM).")),
            ("inclusion_month", self.env._("Month of the inclusion (YYYY-MM).")),
            ("days_request_to_inclusion", self.env._("Days between request and inclusion.")),
            ("end_month", self.env._("Month the pathway ended (YYYY-MM), if it did.")),
            ("end_reason", self.env._("Why it ended.")),
            ("encounters_done", self.env._("Encounters done.")),
            ("rcp_reviews", self.env._("RCP decisions applied to the pathway.")),
            ("incidents", self.env._("Intercurrent events.")),
        ]

    def _rows(self, pathways):
        key = self._evaluation_key()
        states = dict(pathways._fields["state"]._description_selection(self.env))
        sources = dict(pathways._fields["referral_source"]._description_selection(self.env))
        encounters = Counter(
            dict(
                self.env["parcours.encounter"]._read_group(
                    [("pathway_id", "in", pathways.ids), ("state", "=", "done")],
                    ["pathway_id"],
                    ["__count"],
                )
            )
        )
        for batch in in_batches(pathways):
            yield from self._batch_rows(batch, key, states, sources, encounters)

    def _batch_rows(self, pathways, key, states, sources, encounters):
        for pathway in pathways:
            patient = pathway.patient_id
            # sudo: the exporter never reads a birth date, only the year and the age band
            # derived from it leave this method.
            birth = patient.sudo().birth_date
            age = age_on(birth, pathway.inclusion_date)
            yield [
                pseudonym(key, patient.id),
                pathway.programme_id.code,
                patient.sex,
                birth.year if birth else None,
                age_band(age),
                patient.department or "",
                sources.get(pathway.referral_source, ""),
                states[pathway.state],
                pathway.request_date.strftime("%Y-%m") if pathway.request_date else "",
                pathway.inclusion_date.strftime("%Y-%m") if pathway.inclusion_date else "",
                (pathway.inclusion_date - pathway.request_date).days
                if pathway.request_date and pathway.inclusion_date
                else None,
                pathway.end_date.strftime("%Y-%m") if pathway.end_date else "",
                pathway.end_reason_id.name or "",
                encounters.get(pathway, 0),
                len(pathway.rcp_decision_ids.filtered("applied")),
                len(pathway.incident_ids),
            ]

    def _build_workbook(self, pathways):
        columns = self._columns()
        workbook = SafeWorkbook()
        rows = workbook.add_table(
            "data", [header for header, _doc in columns], self._rows(pathways)
        )
        workbook.add_table(
            self.env._("dictionary"),
            [self.env._("column"), self.env._("definition")],
            columns,
            widths={1: 70},
        )
        return workbook.close(), rows
