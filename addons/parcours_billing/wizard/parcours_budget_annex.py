from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.parcours_base.tools.xlsx import SafeWorkbook

from ..tools.budget import annex_rows, annex_totals
from ..tools.forfait_split import to_cents


class ParcoursBudgetAnnex(models.TransientModel):
    _name = "parcours.budget.annex"
    _description = "Budget annex of a programme, by structure and cohort"

    programme_id = fields.Many2one("parcours.programme", required=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        default=lambda self: self.env.company,
    )
    rule_id = fields.Many2one(
        "parcours.forfait.rule",
        string="Forfait Rule",
        compute="_compute_rule_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        domain="[('programme_id', '=', programme_id), "
        "'|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Gives the amount per patient (its budget reference, else its forfait), the "
        "first-year and later-years targets and the start-up credit.",
    )
    currency_id = fields.Many2one(related="rule_id.currency_id")
    first_year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    year_count = fields.Integer(string="Years", required=True, default=3)
    line_ids = fields.One2many("parcours.budget.annex.line", "annex_id", string="Lines")

    @api.depends("programme_id", "company_id")
    def _compute_rule_id(self):
        for annex in self:
            if annex.rule_id.programme_id == annex.programme_id:
                continue
            annex.rule_id = self.env["parcours.forfait.rule"].search(
                [
                    ("programme_id", "=", annex.programme_id.id),
                    ("company_id", "in", (False, annex.company_id.id)),
                ],
                order="budget_amount desc, sequence, id",
                limit=1,
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "parcours.programme":
            values.setdefault("programme_id", self.env.context.get("active_id"))
        return values

    def _years(self):
        self.ensure_one()
        if not 1 <= self.year_count <= 10 or not 2000 <= self.first_year <= 2100:
            raise UserError(self.env._("An annex covers one to ten years from 2000 to 2100."))
        return list(range(self.first_year, self.first_year + self.year_count))

    def _structures(self):
        self.ensure_one()
        structures = self.env["parcours.budget.structure"]
        structures._sync_structures(self.programme_id, self.company_id)
        return structures.search(
            [
                ("programme_id", "=", self.programme_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        )

    def _compute_annex(self):
        """The annex's lines and totals (cents), with what was accrued and paid in the
        years that have begun."""
        self.ensure_one()
        years = self._years()
        rule = self.rule_id
        structures = self._structures()
        by_key = {structure.id: structure for structure in structures}
        startup = to_cents(rule.startup_amount or rule.startup_computed)
        lines = annex_rows(
            years,
            structures._annex_values(),
            rule.first_year_target,
            rule.later_year_target,
            to_cents(rule.budget_amount or rule.amount),
            startup,
        )
        totals = annex_totals(years, lines)
        started = [year for year in years if year <= fields.Date.context_today(self).year]
        base_domain = [
            ("rule_id", "=", rule.id),
            ("company_id", "=", self.company_id.id),
        ]
        totals["actuals"] = self._actuals(base_domain, started)
        for line in lines:
            line["actuals"] = {}
            domains = [by_key[key]._forfait_line_domain() for key in line["keys"]]
            if started and all(domain is not None for domain in domains):
                for domain in domains:
                    for year, figures in self._actuals(base_domain + domain, started).items():
                        before = line["actuals"].get(year, (0, 0))
                        line["actuals"][year] = (before[0] + figures[0], before[1] + figures[1])
            if line["kind"] == "cohort":
                line["name"] = self.env._(
                    "Opening in %(year)s (%(count)s new)",
                    year=line["opening_year"],
                    count=len(line["keys"]),
                )
        return years, started, lines, totals

    def _actuals(self, domain, years):
        """{year: (accrued cents, paid cents)} of the forfait lines in `domain`."""
        if not years:
            return {}
        domain = [
            *domain,
            ("period_start", ">=", fields.Date.to_date("%s-01-01" % years[0])),
            ("period_start", "<=", fields.Date.to_date("%s-12-31" % years[-1])),
        ]
        # sudo: amounts only, grouped by year, within the organisation and rule chosen; the
        # structures' domains go through the pathways, which a manager does not read.
        accrued = {
            year.year: cents
            for year, cents in self.env["parcours.forfait.line"]
            .sudo()
            ._read_group(domain, ["period_start:year"], ["amount_cents:sum"])
        }
        # sudo: the same, paid only.
        paid = {
            year.year: cents
            for year, cents in self.env["parcours.forfait.line"]
            .sudo()
            ._read_group(
                [*domain, ("state", "=", "paid")], ["period_start:year"], ["amount_cents:sum"]
            )
        }
        return {year: (accrued.get(year, 0), paid.get(year, 0)) for year in years}

    def _check_rights(self):
        # The annex shows amounts: the managers and accountants who keep the budget.
        self.env["parcours.budget.structure"].check_access("read")
        # Of their own organisations, as the annex is now (its organisation may have been
        # written since it was created): checked before any amount is read as superuser.
        self.check_access("read")

    def action_show(self):
        self.ensure_one()
        self._check_rights()
        years, started, lines, __ = self._compute_annex()
        self.line_ids.unlink()
        values = []
        for sequence, line in enumerate(lines):
            for year in years:
                patients, cents = line["years"][year]
                accrued, paid = line["actuals"].get(year, (0, 0))
                values.append(
                    {
                        "annex_id": self.id,
                        "sequence": sequence,
                        "kind": line["kind"],
                        "name": line["name"],
                        "structures": ", ".join(line["names"]),
                        "year": str(year),
                        "patients": patients,
                        "amount": cents / 100,
                        "startup_amount": (
                            line["startup_cents"] / 100 if year == line["opening_year"] else 0
                        ),
                        "accrued_amount": accrued / 100,
                        "paid_amount": paid / 100,
                    }
                )
        self.env["parcours.budget.annex.line"].create(values)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "parcours_billing.parcours_budget_annex_line_action"
        )
        action["name"] = self.env._(
            "Budget annex %(programme)s %(first)s-%(last)s",
            programme=self.programme_id.name,
            first=years[0],
            last=years[-1],
        )
        action["domain"] = [("annex_id", "=", self.id)]
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        self._check_rights()
        return self.env["ir.attachment"]._parcours_download_action(
            self.env._("budget-annex-%s.xlsx", self.first_year), self._annex_workbook(), owner=self
        )

    def _annex_workbook(self):
        """The annex laid out as a funder's: one line per structure and per cohort, the
        patients and amounts of each year, their multi-year totals and the start-up credit,
        then what was accrued and paid in the years that have begun; a total line."""
        years, started, lines, totals = self._compute_annex()
        rule = self.rule_id
        book = SafeWorkbook()
        currency = rule.currency_id
        number = '#,##0.00 "%s"' % currency.symbol.replace('"', "")
        if currency.position == "before":
            number = '"%s" #,##0.00' % currency.symbol.replace('"', "")
        money = book.book.add_format({"num_format": number})
        money_total = book.book.add_format({"num_format": number, "bold": True, "top": 1})
        count_total = book.book.add_format({"num_format": "#,##0", "bold": True, "top": 1})
        bold_total = book.book.add_format({"bold": True, "top": 1})
        count = book.book.add_format({"num_format": "#,##0"})
        sheet = book.book.add_worksheet(self.env._("Budget annex")[:31])
        sheet.write_string(
            0,
            0,
            self.env._(
                "Budget annex: %(programme)s, %(organisation)s, %(first)s-%(last)s",
                programme=self.programme_id.name,
                organisation=self.company_id.name,
                first=years[0],
                last=years[-1],
            ),
            book.bold,
        )
        sheet.write_string(1, 0, self.env._("Amount per patient"))
        sheet.write_number(1, 1, to_cents(rule.budget_amount or rule.amount) / 100, money)
        sheet.write_string(1, 2, self.env._("Start-up credit computed"))
        sheet.write_number(1, 3, rule.startup_computed, money)
        sheet.write_string(1, 4, self.env._("Start-up credit granted"))
        sheet.write_number(1, 5, rule.startup_amount or rule.startup_computed, money)
        headers = [
            (self.env._("Structure or cohort"), 34),
            (self.env._("Opening year"), 10),
            (self.env._("Structures"), 10),
        ]
        for year in years:
            headers += [
                (self.env._("Patients %s", year), 10),
                (self.env._("Amount %s", year), 16),
            ]
        headers += [
            (self.env._("Patients, all years"), 12),
            (self.env._("Amount, all years"), 18),
            (self.env._("Start-up credit (FIR)"), 16),
        ]
        for year in started:
            headers += [
                (self.env._("Accrued %s", year), 16),
                (self.env._("Paid %s", year), 16),
            ]
        headers += [(self.env._("Names"), 60)]
        header_row = 3
        for column, (title, width) in enumerate(headers):
            sheet.set_column(column, column, width)
            sheet.write_string(header_row, column, title, book.header)
        sheet.freeze_panes(header_row + 1, 1)
        row = header_row
        for line in lines:
            row += 1
            cells = [
                (line["name"], None),
                (line["opening_year"] or None, None),
                (len(line["keys"]), count),
            ]
            for year in years:
                patients, cents = line["years"][year]
                cells += [(patients, count), (cents / 100, money)]
            cells += [
                (line["patients"], count),
                (line["cents"] / 100, money),
                (line["startup_cents"] / 100, money),
            ]
            for year in started:
                accrued, paid = line["actuals"].get(year, (None, None))
                cells += [
                    (None if accrued is None else accrued / 100, money),
                    (None if paid is None else paid / 100, money),
                ]
            cells += [(", ".join(line["names"]) if line["kind"] == "cohort" else None, None)]
            for column, (value, cell_format) in enumerate(cells):
                book.write_cell(sheet, row, column, value, cell_format)
        row += 1
        cells = [
            (self.env._("Total"), bold_total),
            (None, bold_total),
            (sum(len(line["keys"]) for line in lines), count_total),
        ]
        for year in years:
            patients, cents = totals["years"][year]
            cells += [(patients, count_total), (cents / 100, money_total)]
        cells += [
            (totals["patients"], count_total),
            (totals["cents"] / 100, money_total),
            (totals["startup_cents"] / 100, money_total),
        ]
        for year in started:
            accrued, paid = totals["actuals"][year]
            cells += [(accrued / 100, money_total), (paid / 100, money_total)]
        for column, (value, cell_format) in enumerate(cells):
            if isinstance(value, str):
                sheet.write_string(row, column, value, cell_format)
            elif value is None:
                sheet.write_blank(row, column, None, cell_format)
            else:
                sheet.write_number(row, column, value, cell_format)
        return book.close()
