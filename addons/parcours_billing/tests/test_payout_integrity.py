import csv
import io
import zipfile

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import BillingCase


class TestPayoutIntegrity(BillingCase):
    """Money follows separation of duties: what the accountant cannot do by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.included_pathway()
        cls.other_company = cls.env["res.company"].create({"name": "Other organisation"})
        cls.other_accountant = cls.new_parcours_user(
            "other_accountant", "parcours_base.group_parcours_accountant", company=cls.other_company
        )

    def _attachment(self, action):
        return self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))

    def test_nobody_books_or_rewrites_lines_by_hand(self):
        run = self.new_run()
        run.action_compute()
        draft = run.line_ids[:1].with_user(self.accountant)
        Line = self.env["parcours.forfait.line"].with_user(self.accountant)
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "rule_id": self.rule.id,
                    "component_id": self.rule.component_ids[0].id,
                    "company_id": self.organisation.id,
                    "period_start": "2027-01-01",
                    "period_end": "2027-01-31",
                    "partner_id": self.accountant.partner_id.id,
                    "amount_cents": 100000000,
                }
            )
        for vals in (
            {"amount_cents": 1350000},
            {"source_facts": {"kind": "text", "text": "typed"}},
            {"validation_state": "validated"},
            {"partner_id": self.accountant.partner_id.id},
        ):
            with self.assertRaises(AccessError):
                draft.write(vals)
        # A context key is no way round it.
        with self.assertRaises(AccessError):
            draft.with_context(parcours_forfait_correction=True).write({"amount_cents": 1})
        with self.assertRaises(AccessError):
            draft.unlink()
        run.with_user(self.second_accountant).action_validate()
        billed = run.line_ids.filtered("move_id").with_user(self.accountant)[:1]
        for vals in ({"move_id": False}, {"move_line_id": False}, {"amount_cents": 1}):
            with self.assertRaises(AccessError):
                billed.write(vals)
        bill = billed.sudo().move_id.with_user(self.accountant)
        with self.assertRaises(AccessError):
            bill.write({"parcours_payout_run_id": False})
        self.assertEqual(billed.state, "billed")

    def test_a_billed_run_is_never_reopened_redated_or_deleted(self):
        run = self.new_run().with_user(self.accountant)
        with self.assertRaises(AccessError):
            run.write({"state": "done"})
        run.action_compute()
        with self.assertRaises(UserError):
            run.write({"date_to": "2027-01-15"})
        with self.assertRaises(UserError):
            run.write({"name": "Another name"})
        # Only a cancelled run goes back to draft.
        with self.assertRaises(UserError):
            run.action_reset_to_draft()
        run.action_validate()
        for vals in ({"state": "draft"}, {"computed_by_id": self.second_accountant.id}):
            with self.assertRaises(AccessError):
                run.write(vals)
        for vals in ({"date_from": "2026-12-01"}, {"programme_id": self.programme.id}):
            with self.assertRaises(UserError):
                run.write(vals)
        with self.assertRaises(UserError):
            run.action_cancel()
        # Reopening a billed run is refused aloud, not ignored.
        with self.assertRaises(UserError):
            run.action_reset_to_draft()
        with self.assertRaises(UserError):
            run.unlink()
        with self.assertRaises(UserError):
            run.action_compute()
        self.assertEqual(run.state, "done")
        self.assertEqual(str(run.date_to), "2027-01-31")
        bills = run.sudo().move_ids
        self.assertEqual(set(bills.mapped("parcours_payout_run_id")), {run.sudo()})

    def test_a_run_bill_keeps_its_beneficiary_and_amounts(self):
        run = self.new_run().with_user(self.accountant)
        run.action_compute()
        run.action_validate()
        bill = run.move_ids.filtered(lambda move: move.partner_id == self.csapa)
        billed_amount = bill.amount_total
        product_line = bill.invoice_line_ids[:1]
        # Odoo's own button back to draft, then a change by hand: refused.
        bill.button_draft()
        for vals in (
            {"partner_id": self.accountant.partner_id.id},
            {"invoice_line_ids": [Command.update(product_line.id, {"price_unit": 13500})]},
            {"invoice_line_ids": [Command.create({"name": "Extra", "price_unit": 1000})]},
        ):
            with self.assertRaises(UserError):
                bill.write(vals)
        for vals in ({"price_unit": 13500}, {"quantity": 100}, {"move_id": False}):
            with self.assertRaises(UserError):
                product_line.write(vals)
        with self.assertRaises(UserError):
            self.env["account.move.line"].with_user(self.accountant).create(
                {"move_id": bill.id, "name": "Extra", "price_unit": 1000}
            )
        # What is left to the accountant: post it again as it was, or cancel and bill again.
        bill.action_post()
        self.assertEqual(bill.amount_total, billed_amount)
        bill.button_cancel()
        run.action_bill_again()
        self.assertEqual(
            run.line_ids.filtered(lambda line: line.partner_id == self.csapa).move_id.amount_total,
            billed_amount,
        )

    def test_bills_outside_payout_runs_stay_editable(self):
        # The guard is for payout bills only: a plain invoicing user edits other bills.
        clerk = self.new_parcours_user("clerk", "account.group_account_invoice")
        bill = (
            self.env["account.move"]
            .with_user(clerk)
            .create(
                {
                    "move_type": "in_invoice",
                    "partner_id": self.csapa.id,
                    "invoice_date": "2027-01-31",
                    "invoice_line_ids": [Command.create({"name": "Paper", "price_unit": 10})],
                }
            )
        )
        bill.action_post()
        bill.button_draft()
        bill.write(
            {
                "partner_id": self.funder.id,
                "invoice_line_ids": [
                    Command.update(bill.invoice_line_ids.id, {"price_unit": 12}),
                    Command.create({"name": "Ink", "price_unit": 3}),
                ],
            }
        )
        bill.action_post()
        self.assertEqual((bill.partner_id, bill.amount_total), (self.funder, 15.0))

    def test_a_cancelled_run_is_reset_to_draft(self):
        run = self.new_run().with_user(self.accountant)
        run.action_compute()
        run.action_cancel()
        run.action_reset_to_draft()
        self.assertEqual(run.state, "draft")

    def test_funding_is_counted_as_typed_in_its_own_run(self):
        run = self.new_run()
        other_programme = self.create_programme("Other programme", "OTH")
        Funding = self.env["parcours.funding"].with_user(self.accountant)
        funding = Funding.create(
            {
                "name": "FISS 2027-01",
                "funder_id": self.funder.id,
                "programme_id": self.programme.id,
                "run_id": run.id,
                "amount": 1000,
            }
        )
        self.assertEqual(funding.amount_cents, 100000)
        # The cents follow the amount: the reconciliation sums them.
        with self.assertRaises(UserError):
            funding.write({"amount_cents": 1})
        with self.assertRaises(UserError):
            Funding.create(
                {
                    "name": "Typed cents",
                    "funder_id": self.funder.id,
                    "programme_id": self.programme.id,
                    "amount": 10,
                    "amount_cents": 99999,
                }
            )
        with self.assertRaises(ValidationError):
            funding.write({"programme_id": other_programme.id})
        # Beyond what a funding can hold: a clear message, not "integer out of range".
        for amount in (10**12, 0, -5):
            with self.assertRaises(ValidationError):
                funding.write({"amount": amount})
        self.assertEqual(funding.amount_cents, 100000)

    def test_future_periods_are_refused_and_bill_dates_are_consistent(self):
        with self.assertRaises(ValidationError):
            self.new_run("2027-06-01", "2027-07-31")
        with self.assertRaises(ValidationError):
            self.new_run("2028-01-01", "2028-01-31")
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        for bill in run.sudo().move_ids:
            self.assertEqual(str(bill.invoice_date), "2027-01-31")
            self.assertGreaterEqual(bill.invoice_date_due, bill.invoice_date)

    def test_a_line_without_pathway_does_not_break_later_runs(self):
        run = self.new_run()
        run.action_compute()
        orphan = run.line_ids[:1].sudo().copy({"pathway_id": False, "run_id": False})
        self.assertFalse(orphan.pathway_id)
        february = self.new_run("2027-02-01", "2027-02-28")
        february.action_compute()
        self.assertEqual(february.state, "computed")
        run.action_compute()
        self.assertEqual(sum(run.line_ids.mapped("amount_cents")), 52900)

    def test_second_person_validates_above_the_threshold(self):
        self.organisation.parcours_second_validation_amount = 500
        run = self.new_run()
        run.action_compute()
        self.assertTrue(run.needs_second_person)
        self.assertEqual(run.computed_by_id, self.accountant)
        with self.assertRaises(AccessError):
            run.action_validate()
        self.assertEqual(run.state, "computed")
        # Computing again as someone else makes the other one the second person.
        run.with_user(self.second_accountant).action_compute()
        run.with_user(self.accountant).action_validate()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.validated_by_id, self.accountant)
        self.assertEqual(run.computed_by_id, self.second_accountant)

    def test_below_the_threshold_or_switched_off_one_person_is_enough(self):
        self.assertTrue(self.organisation.parcours_second_validation)
        run = self.new_run()
        run.action_compute()
        self.assertFalse(run.needs_second_person, "529 is below the default threshold")
        self.organisation.write(
            {"parcours_second_validation": False, "parcours_second_validation_amount": 0}
        )
        run.invalidate_recordset(["needs_second_person"])
        self.assertFalse(run.needs_second_person)
        run.action_validate()
        self.assertEqual(run.state, "done")

    def test_another_organisation_cannot_run_our_payout(self):
        run = self.new_run()
        for action in ("action_compute", "action_cancel"):
            with self.assertRaises(AccessError):
                getattr(run.with_user(self.other_accountant), action)()
        run.action_compute()
        with self.assertRaises(AccessError):
            run.with_user(self.other_accountant).action_validate()
        self.assertEqual(run.state, "computed")

    def test_coordinator_reads_runs_but_cannot_act(self):
        run = self.new_run()
        with self.assertRaises(AccessError):
            run.with_user(self.coordinator).action_compute()
        with self.assertRaises(AccessError):
            self.env["parcours.payout.run"].with_user(self.coordinator).create(
                {
                    "programme_id": self.programme.id,
                    "date_from": "2027-02-01",
                    "date_to": "2027-02-28",
                }
            )

    def test_text_never_becomes_a_formula_in_exports(self):
        self.programme.name = "=1+2"
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        line = run.line_ids.filtered(lambda line: line.partner_id == self.csapa)[:1]
        reason = '=HYPERLINK("http://example.com","x")'
        line.with_user(self.accountant).action_correct(1, reason)
        february = self.new_run("2027-02-01", "2027-02-28")
        february.action_compute()
        for target, method in (
            (february, "action_export_statements"),
            (run, "action_export_declaration_xlsx"),
        ):
            raw = self._attachment(getattr(target, method)()).raw
            with zipfile.ZipFile(io.BytesIO(raw)) as book:
                sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
                self.assertTrue(sheets)
                for name in sheets:
                    self.assertNotIn(b"<f>", book.read(name), "no formula cell")
        text = self._attachment(run.action_export_declaration_csv()).raw.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertTrue(all(row[1] == "'=1+2" for row in rows[1:]))
        # Amounts are numbers with a decimal comma, dates day first.
        self.assertEqual(rows[1][3], "05/01/2026")

    def test_context_defaults_never_reach_the_lines(self):
        run = self.new_run().with_context(
            default_validation_state="validated", default_kind="correction", default_reason="x"
        )
        run.action_compute()
        self.assertEqual(set(run.line_ids.mapped("validation_state")), {"draft"})
        self.assertEqual(set(run.line_ids.mapped("kind")), {"accrual"})
        self.assertFalse(any(run.line_ids.mapped("reason")))
        run.action_validate()
        line = run.line_ids.filtered(lambda line: line.partner_id == self.csapa)[:1]
        bill = line.sudo().move_id
        _reversal, correction = (
            line.with_user(self.accountant)
            .with_context(default_move_id=bill.id, default_move_line_id=line.sudo().move_line_id.id)
            .action_correct(1, "Fix")
        )
        self.assertFalse(correction.sudo().move_id)
        self.assertEqual(correction.state, "validated")
