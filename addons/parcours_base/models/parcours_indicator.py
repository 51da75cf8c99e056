from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from ..tools.age import age_band, age_on
from ..tools.indicators import aggregate, delay_days


class ParcoursIndicator(models.Model):
    """One figure funders ask for, defined as data: what is counted, over what, when."""

    _name = "parcours.indicator"
    _description = "Indicator"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    group_name = fields.Char(
        string="Group",
        translate=True,
        default="Activity",
        help="Indicators of a group share a sheet.",
    )
    definition = fields.Text(
        translate=True, help="Numerator, denominator and period rule, in plain words."
    )
    target = fields.Float(
        digits=(16, 2),
        help="The value the programme aims at over a report's period (e.g. a yearly number of "
        "programmes, a maximum delay); shown beside each figure. Empty: no target.",
    )
    programme_ids = fields.Many2many(
        "parcours.programme",
        string="Programmes",
        help="The programmes the indicator applies to: a report counts nothing of the other "
        "programmes for it. Empty: meaningful for every programme.",
    )
    source = fields.Selection(
        [
            ("pathway", "Pathways"),
            ("encounter", "Encounters"),
            ("rcp_decision", "RCP decisions"),
            ("incident", "Incidents"),
        ],
        required=True,
        default="pathway",
    )
    measure = fields.Selection(
        [
            ("count", "Count"),
            ("rate", "Rate (%)"),
            ("sum", "Sum"),
            ("average", "Average"),
            ("median", "Median"),
        ],
        required=True,
        default="count",
    )
    domain = fields.Char(
        default="[]",
        help="Which records are counted (the numerator). It may use date_from and date_to, "
        "the first and last days of the report's period.",
    )
    denominator_domain = fields.Char(default="[]", help="For a rate: the records it is out of.")
    period_field = fields.Char(
        required=True,
        default="request_date",
        help="Date field of the source that must fall within the report's period.",
    )
    period_end_field = fields.Char(
        help="For a population (e.g. patients followed): the date a record stops counting. "
        "A record then counts when its period field is on or before the end of the period and "
        "this date is empty or on or after its start.",
    )
    unit = fields.Selection(
        [
            ("count", "Count"),
            ("percent", "Percentage"),
            ("days", "Days"),
            ("currency", "Amount"),
            ("number", "Number"),
        ],
        compute="_compute_unit",
        store=True,
        readonly=False,
        help="What the figure is expressed in: only figures of one unit share a chart.",
    )
    value_field = fields.Char(help="For sums, averages and medians: the number measured.")
    delay_start_field = fields.Char(help="For delays: the date the delay starts from.")
    delay_end_field = fields.Char(help="For delays: the date the delay ends at.")

    _sql_constraints = [("code_unique", "unique(code)", "Another indicator uses this code.")]

    @api.depends("measure", "source", "value_field", "delay_start_field", "delay_end_field")
    def _compute_unit(self):
        for indicator in self:
            if indicator.measure == "count":
                indicator.unit = "count"
            elif indicator.measure == "rate":
                indicator.unit = "percent"
            elif indicator.delay_start_field and indicator.delay_end_field:
                indicator.unit = "days"
            else:
                # A source's addon may load after this one (an upgrade recomputes the unit
                # here first): its indicators are "number" until that addon recomputes them.
                model = indicator._source_model()
                field = model and self.env[model]._fields.get(indicator.value_field or "")
                indicator.unit = "currency" if field and field.type == "monetary" else "number"

    @api.constrains(
        "source",
        "period_field",
        "period_end_field",
        "value_field",
        "delay_start_field",
        "delay_end_field",
    )
    def _check_fields_exist(self):
        for indicator in self:
            if not indicator._source_model():
                continue  # its addon is not loaded yet
            model = self.env[indicator._source_model()]
            names = [
                indicator.period_field,
                indicator.period_end_field,
                indicator.value_field,
                indicator.delay_start_field,
                indicator.delay_end_field,
            ]
            unknown = [name for name in names if name and name not in model._fields]
            if unknown:
                raise ValidationError(
                    self.env._(
                        "%(fields)s: no such field on %(model)s.",
                        fields=", ".join(unknown),
                        model=model._description,
                    )
                )

    def _source_model(self):
        """The model an indicator counts (None for a source whose addon is not loaded yet);
        verticals add sources with selection_add."""
        self.ensure_one()
        return {
            "pathway": "parcours.pathway",
            "encounter": "parcours.encounter",
            "rcp_decision": "parcours.rcp.decision",
            "incident": "parcours.incident",
        }.get(self.source)

    def _pathway_of(self, record):
        """The pathway a source record belongs to (itself for pathways)."""
        return record if record._name == "parcours.pathway" else record.pathway_id

    def _raw_reference(self, record):
        """What identifies `record` on the raw rows sheet: a reference, never a name."""
        return self._pathway_of(record).name

    def _breakdown_value(self, record, breakdown):
        """The label of `record` under `breakdown` (extend it to add breakdowns). A label may
        be a (value, detail) pair: a category with its options beneath."""
        pathway = self._pathway_of(record)
        if breakdown == "organisation":
            return pathway.company_id.name
        if breakdown == "programme":
            return pathway.programme_id.name
        if breakdown == "department":
            return pathway.patient_id.department or ""
        if breakdown == "sex":
            return dict(pathway.patient_id._fields["sex"]._description_selection(self.env)).get(
                pathway.patient_id.sex, ""
            )
        if breakdown == "age_band":
            day = pathway.inclusion_date or pathway.request_date
            return age_band(age_on(pathway.patient_id.birth_date, day))
        if breakdown == "referral_source":
            return dict(pathway._fields["referral_source"]._description_selection(self.env)).get(
                pathway.referral_source, ""
            )
        if breakdown == "month":
            day = record[self.period_field]
            return day.strftime("%Y-%m") if day else ""
        return ""

    def _records(self, report, domain_text):
        """Records of the source within the report's scope and period, as the user sees them."""
        self.ensure_one()
        model = self.env[self._source_model()]
        pathway_path = "" if model._name == "parcours.pathway" else "pathway_id."
        period = {"date_from": report.date_from, "date_to": report.date_to}
        programmes = report.programme_ids
        if self.programme_ids:
            # An indicator of some programmes counts nothing of the others in the report.
            programmes &= self.programme_ids
        domain = [
            (self.period_field, "<=", report.date_to),
            (pathway_path + "programme_id", "in", programmes.ids),
        ]
        if self.period_end_field:
            # A population: what runs during the period, started before it or not.
            end = self.period_end_field
            domain += ["|", (end, "=", False), (end, ">=", report.date_from)]
        else:
            domain.append((self.period_field, ">=", report.date_from))
        if report.company_ids:
            domain.append((pathway_path + "company_id", "in", report.company_ids.ids))
        scope = model.search(domain)
        criteria = safe_eval(domain_text or "[]", period)
        if not criteria:
            # sudo: the records the user's rules chose, read for their figures (below).
            return scope.sudo()
        # sudo: the user's record rules chose `scope` above; the criteria and breakdowns may
        # read fields of data categories the user does not read (a manager counts the
        # patients with opened social rights without reading anyone's), and only counts,
        # figures and pathway references leave the evaluation.
        return model.sudo().search([("id", "in", scope.ids), *criteria])

    def _value_of(self, record):
        if self.delay_start_field and self.delay_end_field:
            return delay_days(record[self.delay_start_field], record[self.delay_end_field])
        if self.value_field:
            return record[self.value_field]
        return 1

    def _evaluate(self, report):
        """[(breakdown label, numerator records, figure, denominator)], one per label."""
        self.ensure_one()
        numerator = self._records(report, self.domain)
        buckets = defaultdict(list)
        for record in numerator:
            buckets[self._breakdown_value(record, report.breakdown)].append(record.id)
        denominators = defaultdict(int)
        if self.measure == "rate":
            for record in self._records(report, self.denominator_domain):
                denominators[self._breakdown_value(record, report.breakdown)] += 1
            for label in denominators:
                buckets.setdefault(label, [])
        results = []
        for label in sorted(buckets):
            records = numerator.browse(buckets[label])
            values = [self._value_of(record) for record in records]
            figure = aggregate(self.measure, values, denominators.get(label))
            results.append((label, records, figure, denominators.get(label)))
        return results
