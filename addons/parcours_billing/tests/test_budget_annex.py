import doctest

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase

from ..tools import budget
from .common import BillingCase


class TestBudgetTools(BaseCase):
    def test_doctests(self):
        self.assertEqual(doctest.testmod(budget).failed, 0)


def create_funder_table(case):
    """The structures of the fictitious funder's annex below, on `case`'s MSMA-like rule,
    created by its manager (the browser tour of the annex uses them too)."""
    case.rule.write(
        {
            "first_year_target": 30,
            "later_year_target": 45,
            "startup_hours_per_week": 3,
            "startup_weeks": 8,
            "startup_hourly_rate": 76,
            "startup_amount": 2000,
        }
    )
    Structure = case.env["parcours.budget.structure"].with_user(case.manager)

    def structure(name, opening=None, targets=(), **values):
        return Structure.create(
            {
                "name": name,
                "programme_id": case.programme.id,
                "opening_date": opening,
                "target_ids": [
                    (0, 0, {"year": year, "patients": patients, "amount": amount})
                    for year, patients, amount in targets
                ],
                **values,
            }
        )

    structure("Laguiole", "2017-09-01", [(2027, 50, 0), (2028, 52, 0)])
    structure("Besseges", "2017-09-01", [(2027, 40, 20000), (2028, 40, 0)])
    structure("Realmont", "2025-03-01")
    structure("Lunel", closing_date="2028-06-30")
    structure("Tarascon", "2027-01-15")
    structure("Leuc", "2027-04-01", [(2029, 60, 0)])
    structure("Nailloux", "2027-09-01", startup_amount=2500)
    structure("Nogaro", "2028-02-01")
    structure("Aniane", "2028-10-01")
    structure("Montech", "2030-01-01")
    structure("Font-Romeu", "2017-01-01", active=False)


class TestBudgetAnnex(BillingCase):
    """A fictitious funder's annex for 2027-2029: four open structures (two with targets
    negotiated for some years, one closing), a cohort of three opening in 2027 (one with
    a target of its own in 2029 and a larger start-up credit), a cohort of two in 2028,
    one opening after the annex and one archived, at the MSMA figures of domain.md
    section 2 (529 EUR a patient, 30 then 45 patients, start-up 3 h x 8 weeks x 76 EUR/h
    = 1,824 EUR granted 2,000 EUR)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_funder_table(cls)

    def new_annex(self, user=None, first_year=2027):
        return (
            self.env["parcours.budget.annex"]
            .with_user(user or self.manager)
            .create({"programme_id": self.programme.id, "first_year": first_year})
        )

    def test_funder_table_to_the_euro(self):
        annex = self.new_annex()
        self.assertEqual(annex.rule_id, self.rule)
        self.assertEqual(self.rule.startup_computed, 1824.0)
        years, started, lines, totals = annex._compute_annex()
        self.assertEqual(years, [2027, 2028, 2029])
        self.assertEqual(started, [2027])  # the tests live on 2027-06-30
        table = {
            (line["kind"], line["opening_year"] if line["kind"] == "cohort" else line["name"]): (
                [line["years"][year] for year in years],
                line["patients"],
                line["cents"],
                line["startup_cents"],
            )
            for line in lines
        }
        self.assertEqual(
            table,
            {
                ("structure", "Laguiole"): (
                    [(50, 2645000), (52, 2750800), (45, 2380500)],
                    147,
                    7776300,
                    0,
                ),
                ("structure", "Besseges"): (
                    [(40, 2000000), (40, 2116000), (45, 2380500)],
                    125,
                    6496500,
                    0,
                ),
                ("structure", "Realmont"): (
                    [(45, 2380500), (45, 2380500), (45, 2380500)],
                    135,
                    7141500,
                    0,
                ),
                ("structure", "Lunel"): (
                    [(45, 2380500), (45, 2380500), (0, 0)],
                    90,
                    4761000,
                    0,
                ),
                ("cohort", 2027): (
                    [(90, 4761000), (135, 7141500), (150, 7935000)],
                    375,
                    19837500,
                    650000,
                ),
                ("cohort", 2028): (
                    [(0, 0), (60, 3174000), (90, 4761000)],
                    150,
                    7935000,
                    400000,
                ),
            },
        )
        self.assertEqual(
            totals["years"],
            {2027: (270, 14167000), 2028: (377, 19943300), 2029: (375, 19837500)},
        )
        self.assertEqual(totals["patients"], 1022)
        self.assertEqual(totals["cents"], 53947800)
        self.assertEqual(totals["startup_cents"], 1050000)
        cohorts = [line for line in lines if line["kind"] == "cohort"]
        self.assertEqual(cohorts[0]["names"], ["Tarascon", "Leuc", "Nailloux"])
        self.assertEqual(cohorts[1]["names"], ["Nogaro", "Aniane"])

    def test_on_screen_rows_add_up(self):
        action = self.new_annex().action_show()
        self.assertEqual(action["res_model"], "parcours.budget.annex.line")
        Line = self.env["parcours.budget.annex.line"].with_user(self.manager)
        by_year = {
            year: (patients, amount, startup)
            for year, patients, amount, startup in Line._read_group(
                action["domain"],
                ["year"],
                ["patients:sum", "amount:sum", "startup_amount:sum"],
            )
        }
        self.assertEqual(
            by_year,
            {
                "2027": (270, 141670.0, 6500.0),
                "2028": (377, 199433.0, 4000.0),
                "2029": (375, 198375.0, 0.0),
            },
        )
        [[patients, amount]] = Line._read_group(
            action["domain"], [], ["patients:sum", "amount:sum"]
        )
        self.assertEqual((patients, amount), (1022, 539478.0))

    def test_workbook_laid_out_as_the_funders_annex(self):
        sheet = self.report_workbook(self.new_annex()).active
        rows = list(sheet.iter_rows(values_only=True))
        # Title, figures of the rule, a blank row, the header, six lines, the total.
        self.assertEqual(len(rows), 11)
        self.assertEqual(rows[1][1], 529)
        self.assertEqual(rows[1][3], 1824)
        self.assertEqual(rows[1][5], 2000)
        lines = rows[4:10]
        self.assertEqual(
            [line[:3] for line in lines[:4]],
            [
                ("Besseges", 2017, 1),
                ("Laguiole", 2017, 1),
                ("Realmont", 2025, 1),
                ("Lunel", None, 1),
            ],
        )
        # Patients and amounts by year, multi-year totals, start-up credit.
        self.assertEqual(
            lines[4][1:12], (2027, 3, 90, 47610, 135, 71415, 150, 79350, 375, 198375, 6500)
        )
        self.assertEqual(lines[5][1:12], (2028, 2, 0, 0, 60, 31740, 90, 47610, 150, 79350, 4000))
        total = rows[10]
        self.assertEqual(
            total[2:12], (9, 270, 141670, 377, 199433, 375, 198375, 1022, 539478, 10500)
        )
        # Accrued and paid in 2027, the year begun; names of the cohort's structures.
        self.assertEqual(total[12:14], (0, 0))
        self.assertEqual(lines[4][14], "Tarascon, Leuc, Nailloux")
        amount_cell = sheet.cell(row=11, column=5)
        self.assertIn(self.rule.currency_id.symbol, amount_cell.number_format)
        self.assertIn("#,##0.00", amount_cell.number_format)

    def test_accrued_and_paid_beside_the_years_begun(self):
        self.included_pathway()
        self.new_run().action_compute()
        annex = self.new_annex(first_year=2026)
        years, started, lines, totals = annex._compute_annex()
        self.assertEqual(started, [2026, 2027])
        # The forfait of the patient's first year, 2026, is accrued, not paid yet; the
        # programme's structures cannot be told apart from its pathways, so it shows in
        # the total only.
        self.assertEqual(totals["actuals"], {2026: (52900, 0), 2027: (0, 0)})
        self.assertTrue(all(not line["actuals"] for line in lines))

    def test_one_structure_gets_what_was_accrued(self):
        programme = self.create_programme("Solo programme", "SOLO")
        rule = self.create_msma_like_rule(programme)
        rule.later_year_target = 45
        self.env["parcours.budget.structure"].create(
            {"name": "Only team", "programme_id": programme.id, "opening_date": "2020-01-01"}
        )
        self.included_pathway(programme=programme)
        self.new_run(programme=programme).action_compute()
        annex = self.new_annex(first_year=2026)
        annex.programme_id = programme
        self.assertEqual(annex.rule_id, rule)
        __, __, [line], totals = annex._compute_annex()
        self.assertEqual(line["actuals"], {2026: (52900, 0), 2027: (0, 0)})
        self.assertEqual(line["years"][2026], (45, 2380500))

    def test_who_sees_the_annex(self):
        self.new_annex(user=self.accountant).action_show()
        with self.assertRaises(AccessError):
            self.new_annex(user=self.coordinator)
        with self.assertRaises(AccessError):
            self.env["parcours.budget.structure"].with_user(self.gp_user).search([])

    def test_bad_years_are_refused(self):
        annex = self.new_annex()
        annex.year_count = 0
        with self.assertRaises(UserError):
            annex.action_show()
