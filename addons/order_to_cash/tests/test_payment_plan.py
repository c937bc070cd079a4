# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import O2cCommon

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestO2cPaymentPlan(O2cCommon):
    """Payment plans: the open amount of a customer's invoices in
    instalments; reminders paused while the plan is kept, one reminder per
    missed instalment, the plan broken after too many."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"o2c_payment_plan_grace_days": 5, "o2c_payment_plan_max_missed": 2}
        )
        cls.plans = cls.env["o2c.payment.plan"]

    def _overdue(self, amount, days=30, partner=None):
        return self._posted_invoice(
            partner or self.customer, TODAY - timedelta(days=days), amount
        )

    def _create(self, moves, instalments, user=None, note=False):
        moves = moves.with_user(user or self.invoice_user)
        plan_id = moves.action_o2c_create_payment_plan(instalments, note)
        self.env.flush_all()
        return self.plans.browse(plan_id)

    def _monthly(self, *amounts, start=None):
        start = start or TODAY + timedelta(days=10)
        return [
            {"date": (start + timedelta(days=30 * index)).isoformat(), "amount": amount}
            for index, amount in enumerate(amounts)
        ]

    def _run(self, day):
        with freeze_time(day):
            plans = self.plans.with_user(self.invoice_user)._o2c_cron_payment_plans()
            self.env.flush_all()
        self.env.invalidate_all()
        return plans

    def _reminders(self, plan):
        return plan.message_ids.filtered(
            lambda message: (
                message.message_type == "comment"
                and "not received" in (message.subject or "")
            )
        )

    # ------------------------------------------------------------------
    @freeze_time(TODAY)
    def test_wizard_splits_and_pauses_beyond_a_year(self):
        first = self._overdue(600.0)
        second = self._overdue(400.0, days=10)
        wizard_form = Form(
            self.env["o2c.payment.plan.wizard"]
            .with_user(self.invoice_user)
            .with_context(active_model="account.move", active_ids=(first | second).ids)
        )
        self.assertEqual(wizard_form.amount_open, 1000.0)
        wizard_form.instalment_count = 15
        wizard_form.first_date = date(2026, 7, 1)
        wizard_form.interval_months = 1
        wizard_form.note = "Ratenzahlung telefonisch vereinbart"
        wizard = wizard_form.save()
        action = wizard.action_create()
        plan = self.plans.browse(action["res_id"])
        self.assertEqual(plan.state, "running")
        self.assertEqual(plan.partner_id, self.customer)
        self.assertEqual(plan.move_ids, first | second)
        self.assertEqual(plan.amount_total, 1000.0)
        self.assertEqual(len(plan.line_ids), 15)
        # 1000 / 15 = 66.67, the last takes the rest: 14 * 66.67 = 933.38
        self.assertEqual(set(plan.line_ids[:14].mapped("amount")), {66.67})
        self.assertAlmostEqual(plan.line_ids[14].amount, 66.62)
        self.assertEqual(plan.line_ids[0].date_due, date(2026, 7, 1))
        self.assertEqual(plan.line_ids[14].date_due, date(2027, 9, 1))
        self.assertEqual(plan.line_ids.mapped("state"), ["open"] * 15)
        # paused beyond the year a person may pause for: last date + grace
        self.assertEqual(plan.pause_until, date(2027, 9, 6))
        for move in first | second:
            self.assertEqual(move.o2c_reminder_paused_until, date(2027, 9, 6))
            self.assertEqual(move.o2c_reminder_pause_reason, "agreement")
            self.assertIn(plan.name, move.o2c_reminder_pause_note)
            self.assertEqual(move.o2c_payment_plan_ids, plan)
        self.assertFalse(
            self.env["account.move"]
            .with_user(self.invoice_user)
            ._o2c_cron_send_reminders()
        )

    @freeze_time(TODAY)
    def test_wizard_from_partner_takes_overdue_invoices(self):
        overdue = self._overdue(300.0)
        self._posted_invoice(self.customer, TODAY + timedelta(days=1), 50.0)
        other = self.env["res.partner"].create({"name": "Andere AG"})
        self._overdue(70.0, partner=other)
        wizard = (
            self.env["o2c.payment.plan.wizard"]
            .with_user(self.invoice_user)
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create({"instalment_count": 2})
        )
        self.assertEqual(wizard.move_ids, overdue)
        for values, field in (
            ({"instalment_count": 0}, "Number of Instalments"),
            ({"instalment_count": 2, "interval_months": 0}, "Every"),
        ):
            wizard.write(values)
            with self.assertRaisesRegex(ValidationError, field):
                wizard.action_create()
        wizard.interval_months = 1
        plan = self.plans.browse(wizard.action_create()["res_id"])
        self.assertEqual(plan.line_ids.mapped("amount"), [150.0, 150.0])

    @freeze_time(TODAY)
    def test_bad_instalments_refused_naming_the_fault(self):
        invoice = self._overdue(100.0)
        cases = [
            (self._monthly(50.0, 40.0), "difference"),
            ([], "instalments"),
            ([{"date": "morgen", "amount": 100.0}], r"instalments\[0\]\.date"),
            (
                [{"date": (TODAY - timedelta(days=1)).isoformat(), "amount": 100.0}],
                r"instalments\[0\]\.date",
            ),
            (self._monthly(100.0, 0.0), r"instalments\[1\]\.amount"),
            (self._monthly(float("nan"), 100.0), r"instalments\[0\]\.amount"),
            (list(reversed(self._monthly(50.0, 50.0))), r"instalments\[1\]\.date"),
            ([{"date": TODAY.isoformat(), "amount": 100, "x": 1}], r"instalments\[0\]"),
        ]
        for instalments, pattern in cases:
            with (
                self.subTest(pattern=pattern),
                self.assertRaisesRegex(ValidationError, pattern),
            ):
                self._create(invoice, instalments)
        with self.assertRaisesRegex(ValidationError, "10.00"):
            self._create(invoice, self._monthly(50.0, 40.0))
        self.assertFalse(self.plans.search([]))
        self.assertFalse(invoice.o2c_reminder_paused_until)

    @freeze_time(TODAY)
    def test_refused_invoices_and_users(self):
        invoice = self._overdue(100.0)
        other = self._overdue(
            50.0, partner=self.env["res.partner"].create({"name": "Andere AG"})
        )
        with self.assertRaisesRegex(UserError, "one customer"):
            self._create(invoice | other, self._monthly(150.0))
        # attack: a salesperson cannot agree a plan, nor cancel one
        with self.assertRaises(AccessError):
            self._create(invoice, self._monthly(100.0), user=self.salesman)
        plan = self._create(invoice, self._monthly(100.0))
        with self.assertRaisesRegex(UserError, "running payment plan"):
            self._create(invoice, self._monthly(100.0))
        with self.assertRaises(AccessError):
            plan.with_user(self.salesman).action_cancel()
        # attack: the plan's fields and instalments only change by actions
        with self.assertRaisesRegex(UserError, "state"):
            plan.with_user(self.invoice_user).write({"state": "done"})
        with self.assertRaisesRegex(UserError, "amount"):
            plan.line_ids.with_user(self.invoice_user).write({"amount": 1.0})
        with self.assertRaisesRegex(UserError, "partner_id"):
            self.plans.with_user(self.invoice_user).create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "currency_id": self.company.currency_id.id,
                }
            )
        self.assertEqual(plan.state, "running")
        paid = self._posted_invoice(self.customer, TODAY, 10.0)
        self._pay(paid)
        with self.assertRaisesRegex(UserError, "not fully paid"):
            self._create(paid, self._monthly(10.0))

    @freeze_time(TODAY)
    def test_paid_amounts_follow_payments_in_the_same_transaction(self):
        """The plan's paid and open amounts and its instalments' states
        follow a payment and its undoing within the transaction that reads
        them."""
        invoice = self._overdue(300.0)
        plan = self._create(invoice, self._monthly(100.0, 200.0))
        self.assertEqual((plan.amount_paid, plan.amount_open), (0.0, 300.0))
        self.assertEqual(plan.line_ids.mapped("state"), ["open", "open"])
        payment = self._pay(invoice, amount=100.0)
        self.assertEqual((plan.amount_paid, plan.amount_open), (100.0, 200.0))
        self.assertEqual(plan.line_ids.mapped("state"), ["paid", "open"])
        payment.move_id.line_ids.with_user(self.invoice_user).remove_move_reconcile()
        self.assertEqual((plan.amount_paid, plan.amount_open), (0.0, 300.0))
        self.assertEqual(plan.line_ids.mapped("state"), ["open", "open"])

    @freeze_time(TODAY)
    def test_missed_instalments_reminded_once_then_plan_breaks(self):
        invoice = self._overdue(300.0)
        plan = self._create(invoice, self._monthly(100.0, 100.0, 100.0))
        first, second, third = plan.line_ids
        # the first instalment paid (late, but within the grace days)
        with freeze_time(first.date_due + timedelta(days=2)):
            self._pay(invoice, amount=100.0)
        self._run(first.date_due + timedelta(days=5))
        self.assertFalse(first.outcome)
        self._run(first.date_due + timedelta(days=6))
        self.assertEqual(first.outcome, "kept")
        with freeze_time(first.date_due + timedelta(days=6)):
            self.assertEqual(plan.amount_paid, 100.0)
            self.assertEqual(plan.line_ids.mapped("state"), ["paid", "open", "open"])
        # the second is missed: one reminder, none on a rerun
        missed_day = second.date_due + timedelta(days=6)
        self.assertEqual(self._run(missed_day), plan)
        self.assertFalse(self._run(missed_day))
        self.assertEqual(second.outcome, "missed")
        reminders = self._reminders(plan)
        self.assertEqual(len(reminders), 1)
        self.assertIn(self.customer, reminders.partner_ids)
        self.assertIn(plan.name, reminders.subject)
        self.assertIn("100.00", str(reminders.body))
        with freeze_time(missed_day):
            self.assertEqual(plan.line_ids.mapped("state"), ["paid", "missed", "open"])
        self.assertEqual(plan.state, "running")
        self.assertTrue(invoice.o2c_reminder_paused_until)
        # the third missed too: the plan breaks, the reminders resume
        broken_day = third.date_due + timedelta(days=6)
        self._run(broken_day)
        self.assertEqual(len(self._reminders(plan)), 2)
        self.assertEqual(plan.state, "broken")
        self.assertFalse(invoice.o2c_reminder_paused_until)
        self.assertFalse(invoice.o2c_reminder_pause_reason)
        with freeze_time(broken_day):
            sent = (
                self.env["account.move"]
                .with_user(self.invoice_user)
                ._o2c_cron_send_reminders()
            )
        self.assertEqual(sent, invoice)
        self.assertFalse(self._run(broken_day + timedelta(days=1)))

    @freeze_time(TODAY)
    def test_done_when_paid_and_cancel_lifts_pauses(self):
        paid_invoice = self._overdue(200.0)
        plan = self._create(paid_invoice, self._monthly(100.0, 100.0))
        # an invoice reset to draft is being corrected: its plan runs on
        draft = self._overdue(50.0)
        draft_plan = self._create(draft, self._monthly(50.0))
        draft.with_user(self.invoice_user).button_draft()
        self._pay(paid_invoice)
        self.assertEqual(self._run(TODAY + timedelta(days=1)), plan)
        self.assertEqual(plan.state, "done")
        self.assertEqual(plan.line_ids.mapped("state"), ["paid", "paid"])
        self.assertEqual(draft_plan.state, "running")

        invoice = self._overdue(80.0)
        # a pause of its own after the plan's is left alone at the end
        kept = self._overdue(20.0)
        plan = self._create(invoice | kept, self._monthly(100.0))
        kept.with_user(self.invoice_user).action_o2c_pause_reminders(
            (TODAY + timedelta(days=20)).isoformat(), "dispute"
        )
        self.assertTrue(plan.with_user(self.invoice_user).can_cancel)
        self.assertFalse(plan.with_user(self.salesman).can_cancel)
        self.assertIs(plan.with_user(self.invoice_user).action_cancel(), True)
        self.assertEqual(plan.state, "cancelled")
        self.assertFalse(invoice.o2c_reminder_paused_until)
        self.assertEqual(kept.o2c_reminder_pause_reason, "dispute")
        # only the plan of the draft invoice is followed up still
        self.assertEqual(self._run(TODAY + timedelta(days=60)), draft_plan)
        with self.assertRaisesRegex(UserError, "running"):
            plan.with_user(self.invoice_user).action_cancel()
        # the invoice may get a new plan now
        self._create(invoice, self._monthly(80.0))

    @freeze_time(TODAY)
    def test_customer_without_email_shown_to_a_person(self):
        customer = self.env["res.partner"].create({"name": "Ohne Mail KG"})
        invoice = self._overdue(100.0, partner=customer)
        plan = self._create(invoice, self._monthly(50.0, 50.0))
        self._run(plan.line_ids[0].date_due + timedelta(days=6))
        self.assertEqual(plan.line_ids[0].outcome, "missed")
        self.assertIn("email", plan.line_ids[0].reminder_error)
        self.assertEqual(len(plan.activity_ids), 1)
        self._run(plan.line_ids[0].date_due + timedelta(days=7))
        self.assertEqual(len(plan.activity_ids), 1)

    @freeze_time(TODAY)
    def test_cron_query_budget(self):
        def plans_missing(count):
            for _index in range(count):
                self._create(self._overdue(100.0), self._monthly(50.0, 50.0))

        def count(day):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(day):
                self.plans.with_user(self.invoice_user)._o2c_cron_payment_plans()
                self.env.flush_all()
            return self.env.cr.sql_log_count - before

        # a missed instalment per plan: judged, reminded; the same for more
        # plans costs the same per plan (nothing per plan read twice)
        plans_missing(1)
        count(TODAY + timedelta(days=16))
        plans_missing(2)
        queries_2 = count(TODAY + timedelta(days=16))
        plans_missing(4)
        queries_4 = count(TODAY + timedelta(days=16))
        per_plan = (queries_4 - queries_2) / 2
        # 32 per plan measured under pytest-odoo, 55 under Odoo's runner
        # (demo data installed; the fixed part then 6 instead of 20)
        self.assertLessEqual(per_plan, 58)
        self.assertLessEqual(queries_2 - 2 * per_plan, 24)
        # nothing to do: a few queries
        self.assertLessEqual(count(TODAY + timedelta(days=17)), 5)  # 4 measured
        plans_missing(4)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(230), freeze_time(TODAY + timedelta(days=16)):
            self.plans.with_user(self.invoice_user)._o2c_cron_payment_plans()
            # 147 measured under pytest-odoo, 226 under Odoo's runner
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestO2cPaymentPlanAccess(O2cCommon):
    """Who reads which plans: the companies one works in; a salesperson of
    their own documents only the plans of their invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Zweigwerk B GmbH")["company"]
        cls.user_b = cls._company_user(
            login="o2c_plan_b",
            groups="account.group_account_invoice,sales_team.group_sale_salesman",
            company=cls.company_b,
        )
        cls.other_salesman = cls._company_user(
            login="o2c_plan_sales_2", groups="sales_team.group_sale_salesman"
        )

    @freeze_time(TODAY)
    def test_record_rules(self):
        invoice = self._posted_invoice(self.customer, TODAY - timedelta(days=20), 90.0)
        invoice.invoice_user_id = self.salesman
        moves = invoice.with_user(self.invoice_user)
        plan_id = moves.action_o2c_create_payment_plan(
            [{"date": (TODAY + timedelta(days=5)).isoformat(), "amount": 90.0}]
        )
        plans = self.env["o2c.payment.plan"]
        lines = self.env["o2c.payment.plan.line"]
        self.assertEqual(plans.with_user(self.salesman).search([]).ids, [plan_id])
        self.assertEqual(len(lines.with_user(self.salesman).search([])), 1)
        # attack: another salesperson, another company's staff see nothing
        for user in (self.other_salesman, self.user_b):
            self.assertFalse(plans.with_user(user).search([]))
            self.assertFalse(lines.with_user(user).search([]))
            with self.assertRaises(AccessError):
                plans.with_user(user).browse(plan_id).read(["name"])
        # attack: another company's accountant cannot agree a plan on the
        # invoice, nor cancel the plan
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_b).action_o2c_create_payment_plan(
                [{"date": (TODAY + timedelta(days=5)).isoformat(), "amount": 90.0}]
            )
        with self.assertRaises(AccessError):
            plans.with_user(self.user_b).browse(plan_id).action_cancel()
        self.assertEqual(plans.browse(plan_id).state, "running")
        # a salesperson reads the plan but does not write its note
        with self.assertRaises(AccessError):
            plans.with_user(self.salesman).browse(plan_id).write({"note": "x"})
