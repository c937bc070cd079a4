# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import O2cCommon

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestO2cReminders(O2cCommon):
    """Payment reminders: each overdue invoice gets the next level once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.friendly = cls.env.ref("order_to_cash.reminder_level_friendly")
        cls.second = cls.env.ref("order_to_cash.reminder_level_second")
        cls.final = cls.env.ref("order_to_cash.reminder_level_final")
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Schmidt & Söhne KG", "email": "buchhaltung@schmidt.example.com"}
        )

    def _overdue_invoice(self, days, partner=None, amount=100.0):
        """A posted customer invoice due ``days`` days before TODAY."""
        invoice = self._posted_invoice(
            partner or self.customer, TODAY - timedelta(days=days), amount
        )
        self.assertEqual(invoice.invoice_date_due, TODAY - timedelta(days=days))
        return invoice

    def _run_cron(self, batch_size=100):
        moves = self.env["account.move"].with_user(self.invoice_user)
        result = moves._o2c_cron_send_reminders(batch_size=batch_size)
        self.env.flush_all()
        return result

    def _reminders(self, invoice):
        """Reminder emails posted on the invoice (chatter comments)."""
        templates = (self.friendly | self.second | self.final).mail_template_id
        subjects = {
            template: template._render_field("subject", invoice.ids)[invoice.id]
            for template in templates
        }
        messages = invoice.message_ids.filtered(
            lambda m: (
                m.message_type == "comment"
                and m.subtype_id == self.env.ref("mail.mt_comment")
            )
        )
        return [
            template
            for message in messages.sorted("id")
            for template, subject in subjects.items()
            if message.subject == subject
        ]

    def test_levels_out_of_the_box(self):
        levels = self.env["o2c.reminder.level"].search([])
        self.assertEqual(levels, self.friendly | self.second | self.final)
        self.assertEqual(levels.mapped("days_overdue"), [7, 21, 35])
        self.assertEqual(levels.mapped("is_final"), [False, False, True])
        for level in levels:
            self.assertEqual(level.mail_template_id.model, "account.move")
        # one level per number of days and company
        with self.assertRaises(ValidationError):
            self.friendly.copy({"name": "Noch eine Erinnerung"})
        own = self.friendly.copy({"name": "Erinnerung", "company_id": self.company.id})
        self.assertEqual(own.days_overdue, 7)
        own.days_overdue = 60
        self.assertEqual(
            self.env["o2c.reminder.level"]._o2c_levels_for_company(self.company)[-1],
            own,
        )

    @freeze_time(TODAY)
    def test_reminders_10_25_40_days_overdue_and_rerun(self):
        invoice_10 = self._overdue_invoice(10)
        invoice_25 = self._overdue_invoice(25)
        invoice_40 = self._overdue_invoice(40)
        not_due = self._overdue_invoice(0)
        just_due = self._overdue_invoice(3)

        sent = self._run_cron()

        # the first reminder is the first level, whatever the days overdue
        self.assertEqual(sent, invoice_10 | invoice_25 | invoice_40)
        for invoice in (invoice_10, invoice_25, invoice_40):
            self.assertEqual(invoice.o2c_reminder_level_id, self.friendly)
            self.assertEqual(invoice.o2c_last_reminder_date, TODAY)
            self.assertEqual(self._reminders(invoice), [self.friendly.mail_template_id])
        for invoice in (not_due, just_due):
            self.assertFalse(invoice.o2c_reminder_level_id)
            self.assertFalse(self._reminders(invoice))
        # the email reaches the customer and lists the open items
        message = invoice_10.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertIn(self.customer.commercial_partner_id, message.partner_ids)
        for invoice in (invoice_10, invoice_25, invoice_40):
            self.assertIn(invoice.name, str(message.body))

        # a rerun the same day sends nothing
        self.assertFalse(self._run_cron())
        self.assertEqual(len(self._reminders(invoice_10)), 1)
        self.assertEqual(len(self._reminders(invoice_25)), 1)
        self.assertEqual(len(self._reminders(invoice_40)), 1)

        # a week later: the days between the first and the second level (14)
        # have not passed since the first reminder
        with freeze_time(TODAY + timedelta(days=7)):
            self.assertEqual(self._run_cron(), not_due | just_due)
        # two weeks later each invoice moves on by one level, once
        with freeze_time(TODAY + timedelta(days=14)):
            sent = self._run_cron()
            self.assertEqual(sent, invoice_10 | invoice_25 | invoice_40)
            self.assertFalse(self._run_cron())
        for invoice in (invoice_10, invoice_25, invoice_40):
            self.assertEqual(invoice.o2c_reminder_level_id, self.second)
            self.assertEqual(
                self._reminders(invoice),
                [self.friendly.mail_template_id, self.second.mail_template_id],
            )
            self.assertEqual(invoice.o2c_last_reminder_date, TODAY + timedelta(days=14))
        self.assertEqual(just_due.o2c_reminder_level_id, self.friendly)
        self.assertEqual(not_due.o2c_reminder_level_id, self.friendly)
        self.assertEqual(not_due.o2c_last_reminder_date, TODAY + timedelta(days=7))

    @freeze_time(TODAY)
    def test_excluded_customer_gets_no_reminder(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Frau Weber",
                "email": "weber@mueller.example.com",
                "parent_id": self.customer.id,
            }
        )
        self.customer.o2c_reminder_excluded = True
        self.assertTrue(contact.o2c_reminder_excluded)
        excluded = self._overdue_invoice(40, partner=contact)
        other = self._overdue_invoice(40, partner=self.customer_2)
        self.assertEqual(self._run_cron(), other)
        self.assertFalse(excluded.o2c_reminder_level_id)
        self.assertFalse(self._reminders(excluded))

    @freeze_time(TODAY)
    def test_paid_invoice_gets_no_reminder(self):
        paid = self._overdue_invoice(25)
        partly_paid = self._overdue_invoice(25)
        self._pay(paid, date=TODAY - timedelta(days=1))
        self._pay(partly_paid, amount=40.0, date=TODAY - timedelta(days=1))
        self.assertIn(paid.payment_state, ("paid", "in_payment"))
        self.assertEqual(partly_paid.payment_state, "partial")
        self.assertEqual(self._run_cron(), partly_paid)
        self.assertFalse(paid.o2c_reminder_level_id)
        self.assertFalse(self._reminders(paid))

        # once paid, the reminders stop
        self._pay(partly_paid)
        with freeze_time(TODAY + timedelta(days=20)):
            self.assertFalse(self._run_cron())
        self.assertEqual(partly_paid.o2c_reminder_level_id, self.friendly)

    @freeze_time(TODAY)
    def test_failing_invoice_gets_activity_and_batch_goes_on(self):
        no_email = self.env["res.partner"].create({"name": "Ohne Mail GmbH"})
        failing = self._overdue_invoice(10, partner=no_email)
        working = self._overdue_invoice(10, partner=self.customer_2)

        self.assertEqual(self._run_cron(), working)

        self.assertFalse(failing.o2c_reminder_level_id)
        self.assertFalse(self._reminders(failing))
        self.assertIn("no email address", failing.o2c_reminder_error)
        activity = failing.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn(self.friendly.name, activity.summary)
        self.assertIn("no email address", str(activity.note))
        self.assertEqual(working.o2c_reminder_level_id, self.friendly)

        # a rerun skips the failed invoice: no second activity
        self.assertFalse(self._run_cron())
        self.assertEqual(len(failing.activity_ids), 1)

        # once fixed, a person retries and the reminder goes out
        no_email.email = "info@ohne-mail.example.com"
        with self.assertRaises(AccessError):
            failing.with_user(self.stock_user).action_o2c_retry_reminder()
        failing.with_user(self.invoice_user).action_o2c_retry_reminder()
        self.assertEqual(self._run_cron(), failing)
        self.assertEqual(failing.o2c_reminder_level_id, self.friendly)

    @freeze_time(TODAY)
    def test_batches_and_crash_never_send_twice(self):
        invoices = self._overdue_invoice(10) | self._overdue_invoice(10)
        invoices |= self._overdue_invoice(10, partner=self.customer_2)

        # a crash after the reminders were queued rolls back level and email
        # together: the next run sends each level once
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self._run_cron()
            self.assertTrue(all(invoices.mapped("o2c_reminder_level_id")))
            raise RuntimeError("worker killed")
        self.env.invalidate_all()
        self.assertFalse(any(invoices.mapped("o2c_reminder_level_id")))
        self.assertFalse(any(self._reminders(invoice) for invoice in invoices))

        # batches of two: the cron reports what is left and goes on
        first = self._run_cron(batch_size=2)
        self.assertEqual(len(first), 2)
        second = self._run_cron(batch_size=2)
        self.assertEqual(first | second, invoices)
        self.assertFalse(self._run_cron(batch_size=2))
        for invoice in invoices:
            self.assertEqual(self._reminders(invoice), [self.friendly.mail_template_id])

    @freeze_time(TODAY)
    def test_final_notice_blocks_credit(self):
        partner = self.customer.with_user(self.salesman)
        invoice = self._overdue_invoice(25)
        self._run_cron()
        with freeze_time(TODAY + timedelta(days=14)):
            self._run_cron()
        self.assertEqual(invoice.o2c_reminder_level_id, self.second)
        self.assertEqual(partner._o2c_reminder_block_reasons(), [])

        with freeze_time(TODAY + timedelta(days=28)):
            self._run_cron()
        self.assertEqual(invoice.o2c_reminder_level_id, self.final)
        reasons = partner._o2c_reminder_block_reasons()
        self.assertEqual(len(reasons), 1)
        self.assertIn(invoice.name, reasons[0])
        self.assertIn(reasons[0], partner._o2c_credit_block_reasons())
        # a contact of the customer is blocked as well
        contact = self.env["res.partner"].create(
            {"name": "Herr Roth", "parent_id": self.customer.id}
        )
        self.assertEqual(
            contact.with_user(self.salesman)._o2c_reminder_block_reasons(), reasons
        )

        # paying the invoice lifts the block
        self._pay(invoice)
        self.assertEqual(partner._o2c_reminder_block_reasons(), [])
