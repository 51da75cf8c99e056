from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, mute_logger

from odoo.addons.parcours_base.tools.bulk import bulk_create

from .common import BillingCase


class TestPayoutRun(BillingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pathway = cls.included_pathway()
        for day in ("2026-03-02", "2026-06-01", "2026-09-01", "2026-12-01"):
            cls.validated_rcp(day + " 14:00:00")
        cls.org_partner = cls.organisation.partner_id

    def test_msma_patient_year_split_to_the_cent(self):
        run = self.new_run()
        run.action_compute()
        lines = run.line_ids
        self.assertEqual(sum(lines.mapped("amount_cents")), 52900)
        gp, psy = self.gp_user.partner_id.name, self.psychologist_user.partner_id.name
        self.assertEqual(
            self.amounts(lines),
            {
                ("Psychologist consultations", psy): 225.0,
                ("Social worker consultations", "CSAPA Test"): 186.0,
                ("Travel", "CSAPA Test"): 5.0,
                ("RCP time, GP", gp): 11.0,
                ("RCP time, psychologist", psy): 6.0,
                ("RCP time, social worker", "CSAPA Test"): 4.0,
                ("Administrative coordination", self.org_partner.name): 38.0,
                ("Medical coordination", self.org_partner.name): 54.0,
            },
        )
        self.assertEqual(set(lines.mapped("period_start")), {fields.Date.to_date("2026-01-05")})
        self.assertTrue(all(line.state == "draft" for line in lines))

    def test_missing_consultations_go_to_the_partner_structure(self):
        pathway = self.included_pathway(consultations=3)
        run = self.new_run()
        run.action_compute()
        lines = run.line_ids.filtered(lambda line: line.pathway_ref != self._ref(self.pathway))
        self.assertEqual(len(set(lines.mapped("pathway_ref"))), 1)
        self.assertEqual(sum(lines.mapped("amount_cents")), 52900)
        by_component = {line.component_id.name: line for line in lines}
        self.assertEqual(by_component["Psychologist consultations"].amount, 135.0)
        balance = by_component["Balance to the partner structure"]
        self.assertEqual(balance.amount, 90.0)
        self.assertEqual(balance.partner_id, self.csapa)
        self.assertTrue(pathway)

    def test_salaried_psychologist_is_paid_through_the_employer(self):
        self.psychologist_user.partner_id.parcours_employment = "salaried"
        run = self.new_run()
        run.action_compute()
        consultations = run.line_ids.filtered(
            lambda line: line.component_id.name == "Psychologist consultations"
        )
        self.assertEqual(consultations.partner_id, self.csapa)
        self.assertEqual(consultations.amount, 225.0)

    def test_validate_makes_one_bill_per_beneficiary(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        self.assertEqual(run.state, "done")
        bills = run.sudo().move_ids
        self.assertEqual(len(bills), 3, "GP, psychologist and CSAPA; the coordination is retained")
        self.assertEqual(set(bills.mapped("move_type")), {"in_invoice"})
        self.assertEqual(set(bills.mapped("state")), {"posted"})
        totals = {bill.partner_id: bill.amount_total for bill in bills}
        self.assertEqual(totals[self.gp_user.partner_id], 11.0)
        self.assertEqual(totals[self.psychologist_user.partner_id], 231.0)
        self.assertEqual(totals[self.csapa], 195.0)
        csapa_bill = bills.filtered(lambda bill: bill.partner_id == self.csapa)
        self.assertEqual(len(csapa_bill.invoice_line_ids), 3, "one bill line per component")
        billed = run.line_ids.filtered(lambda line: not line.retained)
        self.assertEqual(set(billed.mapped("state")), {"billed"})
        self.assertEqual(billed.move_id, bills)
        self.assertEqual(set(run.line_ids.filtered("retained").mapped("state")), {"validated"})

    def test_lines_are_written_once(self):
        """Lines are inserted in bulk SQL with the stored computed fields the ORM computes;
        validating, billing and paying never write them again: their state and bill follow
        from the run and its bills."""
        self.included_pathway(consultations=3)
        run = self.new_run()
        run.with_user(self.accountant).action_compute()
        lines = run.line_ids

        def rows():
            # A row's physical place changes with each write (PostgreSQL keeps versions).
            self.env.cr.execute(
                SQL(
                    "SELECT id, ctid::text, amount FROM parcours_forfait_line WHERE id IN %s",
                    lines._ids,
                )
            )
            return {line_id: (place, amount) for line_id, place, amount in self.env.cr.fetchall()}

        before = rows()
        self.assertEqual(set(lines.mapped("state")), {"draft"})
        run.with_user(self.accountant).action_validate()
        self.assertEqual(rows(), before, "validation writes no line")
        self.env.invalidate_all()
        self.env.add_to_compute(lines._fields["amount"], lines)
        lines._recompute_recordset(["amount"])
        self.assertEqual(
            {line.id: line.amount for line in lines},
            {line_id: float(amount) for line_id, (_place, amount) in before.items()},
            "the stored amounts are those the ORM computes",
        )
        self.assertEqual(set(lines.mapped("create_uid")), {self.accountant})
        self.assertEqual(
            lines[:1].display_name,
            "%s · %s · %s"
            % (lines[:1].pathway_ref, lines[:1].component_id.name, lines[:1].period_start),
        )
        bill = lines.filtered(lambda line: not line.retained)[:1].sudo().move_id
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({"payment_date": bill.invoice_date})._create_payments()
        paid = lines.filtered(lambda line: line.move_id == bill)
        self.assertEqual(set(paid.mapped("state")), {"paid"})
        self.assertEqual(rows(), before, "payment writes no line")
        Line = self.env["parcours.forfait.line"]
        self.assertEqual(Line.search([("state", "=", "paid"), ("run_id", "=", run.id)]), paid)
        self.assertEqual(Line.search([("move_id", "=", bill.id)]), paid)
        self.assertEqual(
            Line.search([("state", "=", "validated"), ("run_id", "=", run.id)]),
            lines.filtered("retained"),
        )
        self.assertEqual(
            Line.search([("state", "=", "billed"), ("run_id", "=", run.id)]),
            lines - paid - lines.filtered("retained"),
        )

    def test_bulk_create_writes_every_value_as_given(self):
        """Columns go to PostgreSQL as array literals: quotes, backslashes, commas, braces,
        the word NULL, line breaks, JSON, booleans, dates and empty values come back as given."""
        pathway = self.included_pathway()
        texts = ['say "hi"', "back\\slash \\\\ end\\", "a,b {c} NULL", "NULL", "line\nbreak", ""]
        vals_list = [
            {
                "pathway_id": pathway.id,
                "pathway_ref": text,
                "rule_id": self.rule.id,
                "component_id": self.rule.component_ids[0].id,
                "company_id": self.organisation.id,
                "period_start": date(2027, 1, 1 + number),
                "period_end": "2027-01-31",
                "partner_id": self.csapa.id,
                "retained": bool(number % 2),
                "amount_cents": -number * 1001,
                "source_facts": {"kind": "text", "text": text, "n": [number, None, 1.5]}
                if number
                else None,
            }
            for number, text in enumerate(texts)
        ]
        lines = bulk_create(self.env["parcours.forfait.line"].sudo(), vals_list)
        self.env.invalidate_all()
        self.assertEqual(
            [
                (
                    line.pathway_ref or "",
                    line.period_start,
                    line.retained,
                    line.amount_cents,
                    line.amount,
                    line.source_facts or None,
                )
                for line in lines
            ],
            [
                (
                    vals["pathway_ref"],
                    vals["period_start"],
                    vals["retained"],
                    vals["amount_cents"],
                    vals["amount_cents"] / 100,
                    vals["source_facts"],
                )
                for vals in vals_list
            ],
        )

    def test_lines_of_a_cancelled_bill_are_billed_again(self):
        run = self.new_run().with_user(self.accountant)
        run.action_compute()
        run.action_validate()
        with self.assertRaises(UserError):
            run.action_bill_again()
        bill = run.move_ids.filtered(lambda move: move.partner_id == self.csapa)
        bill.button_draft()
        bill.button_cancel()
        lines = run.line_ids.filtered(lambda line: line.partner_id == self.csapa)
        self.assertEqual(set(lines.mapped("state")), {"validated"})
        run.action_bill_again()
        new_bill = lines.move_id
        self.assertNotEqual(new_bill, bill)
        self.assertEqual(new_bill.state, "posted")
        self.assertEqual(new_bill.amount_total, 195.0)
        self.assertEqual(set(lines.mapped("state")), {"billed"})
        self.assertEqual(len(run.move_ids), 4, "three bills in force, one cancelled")

    def test_funding_reconciles_to_the_cent(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        self.env["parcours.funding"].with_user(self.accountant).create(
            {
                "name": "FISS 2027-01",
                "funder_id": self.funder.id,
                "programme_id": self.programme.id,
                "run_id": run.id,
                "amount": 529,
            }
        )
        figures = run._reconciliation()
        self.assertEqual(figures["received"], 52900)
        self.assertEqual(figures["paid_out"], 43700)
        self.assertEqual(figures["retained"], 9200)
        self.assertEqual(figures["balance"], 0)
        self.assertEqual(figures["paid_out"] + figures["retained"], figures["received"])
        self.assertEqual(run.paid_out_amount + run.retained_amount, run.funds_received)
        self.assertEqual(run.balance_amount, 0)

    def test_payment_registration_marks_lines_paid(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        bill = run.sudo().move_ids.filtered(lambda bill: bill.partner_id == self.csapa)
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({"payment_date": "2027-02-01"})._create_payments()
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        lines = run.line_ids.filtered(lambda line: line.partner_id == self.csapa)
        self.assertEqual(set(lines.mapped("state")), {"paid"})

    def test_running_a_period_twice_creates_nothing(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        # The period is held by the billed run: a second run is refused when it is created,
        # and so is one overlapping it.
        with self.assertRaises(ValidationError):
            self.new_run()
        with self.assertRaises(ValidationError):
            self.new_run("2027-01-15", "2027-02-28")
        # The next period finds nothing new for the patient-year already accrued.
        february = self.new_run("2027-02-01", "2027-02-28")
        february.action_compute()
        self.assertFalse(february.line_ids)

    def test_a_cancelled_run_frees_its_period(self):
        run = self.new_run()
        run.action_compute()
        run.action_cancel()
        self.assertFalse(run.line_ids)
        again = self.new_run()
        again.action_compute()
        self.assertEqual(sum(again.line_ids.mapped("amount_cents")), 52900)
        with self.assertRaises(ValidationError):
            run.action_reset_to_draft()

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_line_in_force(self):
        run = self.new_run()
        run.action_compute()
        line = run.line_ids[:1]
        with self.assertRefused(IntegrityError, "parcours_forfait_line_once_per_period"):
            line.sudo().copy({"run_id": False})
            self.env.flush_all()

    @mute_logger("odoo.sql_db")
    def test_database_refuses_two_billed_runs_of_a_period(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        # A run that escaped the creation check (a race): the database still refuses it.
        other = (
            self.env["parcours.payout.run"]
            .sudo()
            .create(
                {
                    "programme_id": self.programme.id,
                    "date_from": run.date_from,
                    "date_to": run.date_to,
                    "state": "cancelled",
                }
            )
        )
        self.env.flush_all()
        with self.assertRefused(IntegrityError, "parcours_payout_run_billed_once"):
            self.env.cr.execute(
                "UPDATE parcours_payout_run SET state = 'done' WHERE id = %s", [other.id]
            )

    def test_second_run_of_a_billed_period_is_refused(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        with self.assertRaises(ValidationError):
            self.new_run()

    def test_failure_leaves_nothing_half_done(self):
        run = self.new_run()
        run.action_compute()
        AccountMove = type(self.env["account.move"])
        with (
            patch.object(AccountMove, "action_post", side_effect=UserError("Bank holiday")),
            self.assertRefused(UserError, "Bank holiday"),
        ):
            run.action_validate()
        self.assertEqual(run.state, "computed")
        self.assertEqual(set(run.line_ids.mapped("state")), {"draft"})
        self.assertFalse(self.env["account.move"].search([("parcours_payout_run_id", "=", run.id)]))

    def test_correction_is_a_reversal_and_a_new_line(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        line = run.line_ids.filtered(lambda line: line.component_id.name == "Travel")
        with self.assertRaises(AccessError):
            line.with_user(self.accountant).write({"amount_cents": 700})
        with self.assertRaises(AccessError):
            line.with_user(self.accountant).write({"is_current": False})
        with self.assertRaises(AccessError):
            line.with_user(self.accountant).unlink()
        with self.assertRaises(UserError):
            line.with_user(self.accountant).action_correct(7, " ")
        with self.assertRaises(AccessError):
            line.with_user(self.coordinator).action_correct(7, "Travel shared")
        reversal, correction = line.with_user(self.accountant).action_correct(7, "Travel shared")
        self.assertEqual(line.amount_cents, 500, "the corrected line keeps its figures")
        self.assertFalse(line.is_current)
        self.assertEqual(reversal.amount_cents, -500)
        self.assertEqual(reversal.reversal_of_id, line)
        self.assertEqual(correction.amount_cents, 700)
        self.assertTrue(correction.is_current)
        in_force = self.env["parcours.forfait.line"].search(
            [("component_id", "=", line.component_id.id), ("is_current", "=", True)]
        )
        self.assertEqual(in_force, correction)
        all_lines = line | reversal | correction
        self.assertEqual(sum(all_lines.mapped("amount_cents")), 700)
        # The next run bills the difference, and only it.
        february = self.new_run("2027-02-01", "2027-02-28")
        february.action_compute()
        self.assertEqual(february.line_ids, reversal | correction)
        february.action_validate()
        bill = february.sudo().move_ids
        self.assertEqual(bill.partner_id, self.csapa)
        self.assertEqual(bill.amount_total, 2.0)
        self.assertEqual(set((reversal | correction).mapped("state")), {"billed"})

    def test_correction_wizard(self):
        run = self.new_run()
        run.action_compute()
        run.action_validate()
        line = run.line_ids.filtered(lambda line: line.component_id.name == "Travel")
        wizard = (
            self.env["parcours.forfait.line.correct"]
            .with_user(self.accountant)
            .with_context(active_model="parcours.forfait.line", active_id=line.id)
            .create({"amount": 3, "reason": "Travel shared with another patient"})
        )
        wizard.action_confirm()
        correction = line.search([("reversal_of_id", "=", line.id), ("kind", "=", "correction")])
        self.assertEqual(correction.amount, 3.0)
        self.assertEqual(correction.reason, "Travel shared with another patient")
        self.assertEqual(correction.create_uid, self.accountant)
        february = self.new_run("2027-02-01", "2027-02-28")
        february.action_compute()
        february.action_validate()
        refund = february.sudo().move_ids
        self.assertEqual(refund.move_type, "in_refund")
        self.assertEqual(refund.amount_total, 2.0)

    def test_early_exit_prorates_the_administrative_coordination(self):
        with freeze_time("2026-07-05"):
            self.pathway.write(
                {
                    "state": "closed",
                    "end_date": "2026-07-04",
                    "end_reason_id": self.programme.end_reason_ids[0].id,
                }
            )
        run = self.new_run("2026-07-01", "2026-07-31")
        run.action_compute()
        admin = run.line_ids.filtered(
            lambda line: line.component_id.name == "Administrative coordination"
        )
        # 181 days followed out of 365: 38 x 181 / 365 = 18.84
        self.assertEqual(admin.amount, 18.84)
        self.assertEqual(sum(run.line_ids.mapped("amount_cents")), 52900)

    def test_exports(self):
        run = self.new_run()
        run.action_compute()
        action = run.action_export_declaration_csv()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        text = attachment.raw.decode("utf-8-sig")
        self.assertIn(self._ref(self.pathway), text)
        self.assertIn("529,00", text)
        self.assertNotIn(self.pathway.patient_id.birth_name, text)
        for method in ("action_export_declaration_xlsx", "action_export_statements"):
            action = getattr(run, method)()
            self.assertEqual(action["type"], "ir.actions.act_url")

    def test_budget_projection_against_accruals(self):
        run = self.new_run()
        run.action_compute()
        target = (
            self.env["parcours.budget.target"]
            .with_user(self.accountant)
            .create(
                {
                    "rule_id": self.rule.id,
                    "year": 2026,
                    "new_structures": 1,
                    "existing_structures": 0,
                    "first_year_target": 30,
                }
            )
        )
        self.assertEqual(target.expected_patients, 30)
        self.assertEqual(target.expected_amount, 15870.0)
        self.assertEqual(target.actual_amount, 529.0)
        self.assertEqual(target.variance_amount, 529.0 - 15870.0)

    def test_summary_preview(self):
        run = self.new_run()
        run.action_compute()
        self.assertIn("CSAPA Test", run.summary_html)
        self.assertEqual(run.total_amount, 529.0)

    def test_empty_preview_says_when_periods_end(self):
        run = self.new_run("2027-02-01", "2027-02-28")
        run.action_compute()
        self.assertFalse(run.line_ids)
        self.assertIn("o_parcours_payout_empty", run.summary_html)
        # The patient's next yearly period ends on 2028-01-04.
        self.assertIn("2028", run.summary_html)
        january = self.new_run()
        self.assertIn("o_parcours_payout_empty", january.summary_html)

    def test_bad_components_are_refused(self):
        with self.assertRefused(Exception, "more than the forfait"):
            self.rule.component_ids[0].amount = 1000
        with self.assertRefused(Exception, "semicolons"):
            self.rule.component_ids[0].schedule = "45; thirty"

    def _ref(self, pathway):
        return self.env["parcours.forfait.accrual"]._pseudonymous_refs(pathway.ids)[pathway.id]

    def test_one_forfait_per_programme_phase(self):
        programme = self.create_programme(
            "Phased programme",
            "PHASE",
            duration_policy="phased",
            phase_ids=[
                Command.create({"name": "Intervention", "duration": 12, "duration_unit": "weeks"}),
                Command.create({"name": "Remote", "duration": 40, "duration_unit": "weeks"}),
            ],
        )
        self.env["parcours.forfait.rule"].create(
            {
                "name": "Per phase",
                "programme_id": programme.id,
                "amount": 100,
                "period_kind": "phase",
                "component_ids": [
                    Command.create(
                        {
                            "name": "Coordination",
                            "computation": "remainder",
                            "beneficiary_kind": "organisation",
                        }
                    )
                ],
            }
        )
        self.included_pathway(programme=programme, consultations=0)
        run = self.new_run("2026-01-01", "2027-01-31", programme=programme)
        run.action_compute()
        self.assertEqual(
            [
                (str(line.period_start), str(line.period_end), line.amount)
                for line in run.line_ids.sorted("period_start")
            ],
            [("2026-01-05", "2026-03-29", 100.0), ("2026-03-30", "2027-01-03", 100.0)],
        )
