# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import O2cCommon

TODAY = date(2026, 6, 15)
PAUSE_FIELDS = (
    "o2c_reminder_paused_until",
    "o2c_reminder_pause_reason",
    "o2c_reminder_pause_note",
)


@tagged("post_install", "-at_install")
class TestO2cReminderPause(O2cCommon):
    """Pausing payment reminders: the run skips a paused invoice until its
    date, then goes on at the level where it stopped."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.friendly = cls.env.ref("order_to_cash.reminder_level_friendly")
        cls.second = cls.env.ref("order_to_cash.reminder_level_second")
        cls.final = cls.env.ref("order_to_cash.reminder_level_final")

    def _overdue_invoice(self, days, move_type="out_invoice"):
        """A posted invoice due ``days`` days before TODAY."""
        return self._posted_invoice(
            self.customer, TODAY - timedelta(days=days), 100.0, move_type=move_type
        )

    def _run_cron(self):
        moves = self.env["account.move"].with_user(self.invoice_user)
        sent = moves._o2c_cron_send_reminders()
        self.env.flush_all()
        return sent

    def _pause(self, invoice, until, reason="promise", note=False, user=None):
        invoice = invoice.with_user(user or self.invoice_user)
        return invoice.action_o2c_pause_reminders(until, reason, note)

    def _notes(self, invoice, text):
        """Chatter notes of the invoice containing ``text``."""
        return invoice.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("mail.mt_note") and text in str(m.body)
            )
        )

    @freeze_time(TODAY)
    def test_pause_skips_run_and_resumes_at_same_level(self):
        paused = self._overdue_invoice(40)
        other = self._overdue_invoice(40)
        self.assertEqual(self._run_cron(), paused | other)
        self.assertEqual(paused.o2c_reminder_level_id, self.friendly)

        until = TODAY + timedelta(days=30)
        self.assertIs(
            self._pause(paused, until.isoformat(), "promise", "Zahlt am Monatsende"),
            True,
        )
        self.assertEqual(paused.o2c_reminder_paused_until, until)
        self.assertEqual(paused.o2c_reminder_pause_reason, "promise")
        self.assertEqual(paused.o2c_reminder_pause_note, "Zahlt am Monatsende")
        self.assertTrue(paused.o2c_reminder_paused)
        note = self._notes(paused, "paused until")
        self.assertEqual(len(note), 1)
        self.assertIn("Promise to Pay", str(note.body))
        self.assertIn("Zahlt am Monatsende", str(note.body))
        self.assertEqual(note.author_id, self.invoice_user.partner_id)

        # two weeks later the other invoice gets the second level, the
        # paused one nothing
        with freeze_time(TODAY + timedelta(days=14)):
            self.assertEqual(self._run_cron(), other)
        self.assertEqual(paused.o2c_reminder_level_id, self.friendly)
        self.assertEqual(paused.o2c_last_reminder_date, TODAY)
        # the day before the pause ends: still nothing
        with freeze_time(until - timedelta(days=1)):
            self.assertFalse(self._run_cron() & paused)
        # on the pause's date: the next level, not the final one although
        # 70 days overdue; a second run the same day sends nothing
        with freeze_time(until):
            self.assertEqual(self._run_cron(), paused)
            self.assertFalse(self._run_cron())
            paused.invalidate_recordset(["o2c_reminder_paused"])
            self.assertFalse(paused.o2c_reminder_paused)
        self.assertEqual(paused.o2c_reminder_level_id, self.second)
        self.assertEqual(paused.o2c_last_reminder_date, until)
        # then the levels go on as usual (14 days between second and final)
        with freeze_time(until + timedelta(days=13)):
            self.assertFalse(self._run_cron() & paused)
        with freeze_time(until + timedelta(days=14)):
            self.assertEqual(self._run_cron(), paused)
        self.assertEqual(paused.o2c_reminder_level_id, self.final)

    @freeze_time(TODAY)
    def test_pause_before_first_reminder_and_resume(self):
        invoice = self._overdue_invoice(10)
        self._pause(invoice, TODAY + timedelta(days=5), "dispute")
        self.assertFalse(self._run_cron())
        self.assertFalse(invoice.o2c_reminder_level_id)
        # a new pause replaces the previous one
        self._pause(invoice, TODAY + timedelta(days=60), "agreement", "Ratenplan")
        self.assertEqual(invoice.o2c_reminder_pause_reason, "agreement")
        self.assertEqual(invoice.o2c_reminder_paused_until, TODAY + timedelta(days=60))
        self.assertTrue(invoice.with_user(self.invoice_user).o2c_can_resume_reminders)

        self.assertIs(
            invoice.with_user(self.invoice_user).action_o2c_resume_reminders(), True
        )
        for name in PAUSE_FIELDS:
            self.assertFalse(invoice[name], name)
        self.assertEqual(len(self._notes(invoice, "resumed")), 1)
        self.assertEqual(self._run_cron(), invoice)
        self.assertEqual(invoice.o2c_reminder_level_id, self.friendly)
        # resuming an invoice not paused does nothing
        invoice.with_user(self.invoice_user).action_o2c_resume_reminders()
        self.assertEqual(len(self._notes(invoice, "resumed")), 1)

    @freeze_time(TODAY)
    def test_queue_filters_and_flags(self):
        promise_soon = self._overdue_invoice(10)
        promise_late = self._overdue_invoice(10)
        dispute_soon = self._overdue_invoice(10)
        expired = self._overdue_invoice(10)
        not_paused = self._overdue_invoice(10)
        self._pause(promise_soon, TODAY + timedelta(days=7), "promise")
        self._pause(promise_late, TODAY + timedelta(days=8), "promise")
        self._pause(dispute_soon, TODAY + timedelta(days=3), "dispute")
        self._pause(expired, TODAY + timedelta(days=2), "promise")
        invoices = promise_soon | promise_late | dispute_soon | expired | not_paused
        moves = self.env["account.move"].with_user(self.invoice_user)
        domain = [("id", "in", invoices.ids)]

        with freeze_time(TODAY + timedelta(days=2)):
            self.assertEqual(
                moves.search([*domain, ("o2c_reminder_paused", "=", True)]),
                promise_soon | promise_late | dispute_soon,
            )
            self.assertEqual(
                moves.search([*domain, ("o2c_reminder_paused", "=", False)]),
                expired | not_paused,
            )
            self.assertEqual(
                moves.search([*domain, ("o2c_reminder_promise_expiring", "=", True)]),
                promise_soon | promise_late,
            )
            self.assertEqual(
                moves.search([*domain, ("o2c_reminder_promise_expiring", "!=", True)]),
                dispute_soon | expired | not_paused,
            )
            invoices.invalidate_recordset()
            self.assertEqual(
                invoices.filtered("o2c_reminder_promise_expiring"),
                promise_soon | promise_late,
            )
        # the filters of the overdue payments queue
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_to_cash.action_o2c_queue_overdue"
        )
        search_view = moves.get_views([(action["search_view_id"][0], "search")])
        arch = search_view["views"]["search"]["arch"]
        self.assertIn('name="o2c_reminder_paused"', arch)
        self.assertIn('name="o2c_reminder_promise_expiring"', arch)
        # the invoice form's buttons, driven by the flags
        form = moves.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_o2c_resume_reminders", form)
        self.assertIn("not o2c_can_pause_reminders", form)

        # buttons: accountants on open customer invoices, not salespeople
        as_accountant = invoices.with_user(self.invoice_user)
        self.assertTrue(all(as_accountant.mapped("o2c_can_pause_reminders")))
        self.assertEqual(
            as_accountant.filtered("o2c_can_resume_reminders"), invoices - not_paused
        )
        self.assertFalse(
            self.env["account.move"].with_user(self.salesman)._o2c_may_pause_reminders()
        )

    @freeze_time(TODAY)
    def test_fields_refused_to_write_and_create(self):
        invoice = self._overdue_invoice(10)
        values = {
            "o2c_reminder_paused_until": TODAY + timedelta(days=10),
            "o2c_reminder_pause_reason": "dispute",
            "o2c_reminder_pause_note": "von Hand",
        }
        for name, value in values.items():
            for move in (invoice.with_user(self.invoice_user), invoice.sudo()):
                with (
                    self.subTest(field=name, sudo=move.env.su),
                    self.assertRaisesRegex(UserError, name),
                ):
                    move.write({name: value})
        with self.assertRaisesRegex(UserError, "action_o2c_pause_reminders"):
            self.env["account.move"].sudo().create(
                {"move_type": "out_invoice", "partner_id": self.customer.id, **values}
            )
        for name in PAUSE_FIELDS:
            self.assertFalse(invoice[name])

    @freeze_time(TODAY)
    def test_salesperson_refused(self):
        invoice = self._overdue_invoice(10)
        with self.assertRaises(AccessError):
            self._pause(invoice, TODAY + timedelta(days=10), user=self.salesman)
        self._pause(invoice, TODAY + timedelta(days=10))
        with self.assertRaises(AccessError):
            invoice.with_user(self.salesman).action_o2c_resume_reminders()
        self.assertEqual(invoice.o2c_reminder_paused_until, TODAY + timedelta(days=10))

    @freeze_time(TODAY)
    def test_bad_input_refused_and_nothing_written(self):
        invoice = self._overdue_invoice(10)
        tomorrow = TODAY + timedelta(days=1)
        cases = [
            ("nächste Woche", "promise", False, ValidationError, "until"),
            ("2026-13-01", "promise", False, ValidationError, "until"),
            (20260701, "promise", False, ValidationError, "until"),
            (False, "promise", False, ValidationError, "until"),
            (TODAY.isoformat(), "promise", False, ValidationError, "until"),
            ("2026-06-01", "promise", False, ValidationError, "until"),
            ("2027-06-17", "promise", False, ValidationError, "until"),
            (tomorrow, "holiday", False, ValidationError, "reason"),
            (tomorrow, False, False, ValidationError, "reason"),
            (tomorrow, ["promise"], False, ValidationError, "reason"),
            (tomorrow, "promise", "Zahlt\x00 bald", ValidationError, "note"),
            (tomorrow, "promise", "x" * 2001, ValidationError, "note"),
            (tomorrow, "promise", 42, ValidationError, "note"),
        ]
        for until, reason, note, error, field in cases:
            with (
                self.subTest(until=until, reason=reason, note=str(note)[:20]),
                self.assertRaisesRegex(error, field),
            ):
                self._pause(invoice, until, reason, note)
        draft = invoice.copy()
        bill = self._overdue_invoice(10, move_type="in_invoice")
        refund = self._overdue_invoice(10, move_type="out_refund")
        for move in (draft, bill, refund, invoice | bill):
            with (
                self.subTest(move=move.mapped("display_name")),
                self.assertRaisesRegex(UserError, "posted customer invoices"),
            ):
                self._pause(move, tomorrow)
        for move in invoice | draft | bill | refund:
            for name in PAUSE_FIELDS:
                self.assertFalse(move[name], name)
            self.assertFalse(self._notes(move, "paused"))
        # the limits themselves are allowed: tomorrow and a year ahead
        self._pause(invoice, tomorrow)
        self._pause(invoice, "2027-06-16")
        self.assertEqual(invoice.o2c_reminder_paused_until, date(2027, 6, 16))

    @freeze_time(TODAY)
    def test_paid_invoice_refused(self):
        invoice = self._overdue_invoice(10)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": TODAY})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(invoice.with_user(self.invoice_user).o2c_can_pause_reminders)
        with self.assertRaisesRegex(UserError, "not fully paid"):
            self._pause(invoice, TODAY + timedelta(days=3))

    @freeze_time(TODAY)
    def test_wizard(self):
        invoices = self._overdue_invoice(10) | self._overdue_invoice(20)
        wizard_model = (
            self.env["o2c.reminder.pause.wizard"]
            .with_user(self.invoice_user)
            .with_context(active_model="account.move", active_ids=invoices.ids)
        )
        with Form(wizard_model) as form:
            self.assertEqual(form.until, TODAY + timedelta(days=14))
            form.reason = "agreement"
            form.note = "Ratenzahlung vereinbart"
        form.record.action_pause()
        for invoice in invoices:
            self.assertEqual(invoice.o2c_reminder_pause_reason, "agreement")
            self.assertEqual(
                invoice.o2c_reminder_paused_until, TODAY + timedelta(days=14)
            )
        self.assertFalse(self._run_cron())

    @freeze_time(TODAY)
    def test_install_report_and_history(self):
        """The install report counts what the run would remind today
        (paused invoices not); a paused invoice of the history is still
        history (left alone for its date)."""
        company = self.company
        paused = self._overdue_invoice(40)
        reminded = self._overdue_invoice(40)
        self._pause(paused, TODAY + timedelta(days=10))
        count, _earliest = company._o2c_history(company._o2c_reminder_report_query())
        self.assertEqual(count, 1)
        company.o2c_reminder_start_date = TODAY
        count, _earliest = company._o2c_history(company._o2c_reminder_history_query())
        self.assertEqual(count, 2)
        company.o2c_reminder_start_date = "2000-01-01"
        self.assertEqual(self._run_cron(), reminded)


@tagged("post_install", "-at_install")
class TestO2cReminderPauseMultiCompany(O2cCommon):
    """An accountant pauses the invoices of the companies they work in only,
    also through the wizard filled with other ids."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Zweigwerk B GmbH")["company"]

    @freeze_time(TODAY)
    def test_other_company_refused(self):
        invoice_b = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": self.company_b.id,
                "partner_id": self.customer.id,
                "invoice_date": TODAY - timedelta(days=10),
                "invoice_line_ids": [
                    Command.create({"name": "Welle", "price_unit": 50.0, "tax_ids": []})
                ],
            }
        )
        invoice_b.action_post()
        self.assertEqual(invoice_b.company_id, self.company_b)
        until = TODAY + timedelta(days=10)
        moves = self.env["account.move"].with_user(self.invoice_user)
        with self.assertRaises(AccessError):
            moves.browse(invoice_b.ids).action_o2c_pause_reminders(until, "dispute")
        wizard = (
            self.env["o2c.reminder.pause.wizard"]
            .with_user(self.invoice_user)
            .with_context(active_model="account.move", active_ids=invoice_b.ids)
            .create({"until": until, "reason": "dispute"})
        )
        # refused by the record rules (or, filtered out by them, no invoice
        # is left to pause): either way an error, nothing written
        with self.assertRaises(UserError):
            wizard.action_pause()
        self.assertFalse(invoice_b.o2c_reminder_paused_until)
