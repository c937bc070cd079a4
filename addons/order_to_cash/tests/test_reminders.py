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
    """Payment reminders: one letter per customer a run, each overdue
    invoice gets the next level once, in order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.friendly = cls.env.ref("order_to_cash.reminder_level_friendly")
        cls.second = cls.env.ref("order_to_cash.reminder_level_second")
        cls.final = cls.env.ref("order_to_cash.reminder_level_final")
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Schmidt & Söhne KG", "email": "buchhaltung@schmidt.example.com"}
        )
        # the PDF letter is rendered in one test (test_letter_pdf)
        cls.company.o2c_reminder_letter_pdf = False

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
        """Levels the invoice was reminded at, in order (letter lines)."""
        lines = self.env["o2c.reminder.letter.line"].search(
            [("move_id", "=", invoice.id)], order="id"
        )
        return list(lines.level_id)

    def _letters(self, partner=None):
        return self.env["o2c.reminder.letter"].search(
            [("partner_id", "=", (partner or self.customer).commercial_partner_id.id)],
            order="id",
        )

    def test_levels_out_of_the_box(self):
        levels = self.env["o2c.reminder.level"].search([])
        self.assertEqual(levels, self.friendly | self.second | self.final)
        self.assertEqual(levels.mapped("days_overdue"), [7, 21, 35])
        self.assertEqual(levels.mapped("is_final"), [False, False, True])
        for level in levels:
            self.assertEqual(level.mail_template_id.model, "o2c.reminder.letter")
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

    def _arrange_10_25_60_days(self):
        """The issue's scenario: a business customer with invoices 10, 25
        and 60 days overdue, one not yet due, one 3 days overdue (before
        the first level), one paused until next month, and a person with one
        invoice 30 days overdue. Returns the invoices by name."""
        self.customer.is_company = True
        self.company.write(
            {
                "o2c_reminder_base_rate": 1.27,
                "o2c_reminder_points_b2b": 9.0,
                "o2c_reminder_flat_fee_b2b": 40.0,
            }
        )
        self.friendly.fee_amount = 5.0
        self.second.fee_amount = 10.0
        invoices = {
            "10": self._overdue_invoice(10),
            "25": self._overdue_invoice(25),
            "60": self._overdue_invoice(60, amount=365.0),
            "not_due": self._overdue_invoice(0),
            "just_due": self._overdue_invoice(3),
            "paused": self._overdue_invoice(40),
        }
        invoices["paused"].with_user(self.invoice_user).action_o2c_pause_reminders(
            "2026-07-15", "promise"
        )
        invoices["other"] = self._overdue_invoice(30, partner=self.customer_2)
        return invoices

    def _assert_first_letter(self, letter, invoice_10, invoice_25, invoice_60):
        """The first letter to the customer: earliest due first, with the
        fee of the level, interest per day overdue (1.27 + 9 points) and the
        flat fee of businesses per invoice."""
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.level_id, self.friendly)
        self.assertEqual(letter.date, TODAY)
        self.assertEqual(
            letter.line_ids.move_id.ids, [invoice_60.id, invoice_25.id, invoice_10.id]
        )
        line_60 = letter.line_ids[0]
        self.assertEqual(line_60.days_overdue, 60)
        self.assertEqual(line_60.date_due, TODAY - timedelta(days=60))
        self.assertEqual(line_60.amount_residual, 365.0)
        self.assertAlmostEqual(line_60.interest_rate, 10.27)
        # 365 * 10.27 % * 60 / 365
        self.assertAlmostEqual(line_60.interest_amount, 6.16)
        self.assertEqual(letter.line_ids.mapped("flat_fee_amount"), [40.0] * 3)
        self.assertEqual(letter.fee_amount, 5.0)
        self.assertAlmostEqual(
            letter.amount_total,
            565.0 + 120.0 + 5.0 + sum(letter.line_ids.mapped("interest_amount")),
        )
        self.assertEqual(letter.amount_residual, 565.0)

    def _assert_first_run(self, sent, inv):
        """The first run: the three overdue invoices at the first level in
        one letter and one message, the others left out; the person's
        letter without flat fee at 5 points; no fee invoice."""
        reminded = (inv["10"], inv["25"], inv["60"])
        # the first reminder is the first level, whatever the days overdue
        self.assertEqual(sent, inv["10"] | inv["25"] | inv["60"] | inv["other"])
        for invoice in reminded:
            self.assertEqual(invoice.o2c_reminder_level_id, self.friendly)
            self.assertEqual(invoice.o2c_last_reminder_date, TODAY)
            self.assertEqual(self._reminders(invoice), [self.friendly])
        for invoice in (inv["not_due"], inv["just_due"], inv["paused"]):
            self.assertFalse(invoice.o2c_reminder_level_id)
            self.assertFalse(self._reminders(invoice))
        letter = self._letters().with_user(self.invoice_user)
        self._assert_first_letter(letter, *reminded)
        # one message to the customer listing the three invoices and totals
        messages = letter.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(messages), 1)
        self.assertIn(self.customer, messages.partner_ids)
        self.assertIn(letter.name, messages.subject)
        for invoice in reminded:
            self.assertIn(invoice.name, str(messages.body))
        self.assertNotIn(inv["paused"].name, str(messages.body))
        self.assertEqual(len(self._letters(self.customer_2)), 1)
        # the other customer is a person: no flat fee, 5 points
        other_line = self._letters(self.customer_2).line_ids
        self.assertEqual(other_line.flat_fee_amount, 0.0)
        self.assertAlmostEqual(other_line.interest_rate, 6.27)
        # no fee invoice unless the company books them
        self.assertFalse(letter.fee_move_id)

    def _assert_second_level(self, inv):
        """Two weeks after the first run: each of the three invoices moved
        on by one level, once, in one letter of the second level without
        the flat fee again; the invoices first reminded a week later stay
        at the first level."""
        for invoice in (inv["10"], inv["25"], inv["60"]):
            self.assertEqual(invoice.o2c_reminder_level_id, self.second)
            self.assertEqual(self._reminders(invoice), [self.friendly, self.second])
            self.assertEqual(invoice.o2c_last_reminder_date, TODAY + timedelta(days=14))
        second = self._letters()[-1]
        self.assertEqual(second.level_id, self.second)
        self.assertEqual(second.fee_amount, 10.0)
        self.assertEqual(len(second.line_ids), 3)
        self.assertEqual(second.amount_flat_fee, 0.0)
        self.assertEqual(second.line_ids[0].days_overdue, 74)
        self.assertAlmostEqual(second.line_ids[0].interest_amount, 7.60)
        self.assertAlmostEqual(second.line_ids[0].interest_booked, 7.60 - 6.16)
        self.assertEqual(inv["just_due"].o2c_reminder_level_id, self.friendly)
        self.assertEqual(inv["not_due"].o2c_reminder_level_id, self.friendly)
        self.assertEqual(
            inv["not_due"].o2c_last_reminder_date, TODAY + timedelta(days=7)
        )

    @freeze_time(TODAY)
    def test_one_letter_per_customer_10_25_60_days_and_rerun(self):
        """The issue's scenario: three overdue invoices (10, 25, 60 days)
        get one first-level letter with fees and interest; a rerun the same
        day sends nothing; after the level's interval the second level goes
        out; an invoice paused until next month is left out."""
        inv = self._arrange_10_25_60_days()
        paused = inv["paused"]

        self._assert_first_run(self._run_cron(), inv)

        # a rerun the same day sends nothing
        self.assertFalse(self._run_cron())
        self.assertEqual(len(self._letters()), 1)

        # a week later: the days between the first and the second level (14)
        # have not passed since the first reminder
        with freeze_time(TODAY + timedelta(days=7)):
            self.assertEqual(self._run_cron(), inv["not_due"] | inv["just_due"])
        self.assertEqual(len(self._letters()), 2)
        # two weeks later each invoice moves on by one level, once, in one
        # letter of the second level; the flat fee is not charged again
        with freeze_time(TODAY + timedelta(days=14)):
            sent = self._run_cron()
            self.assertEqual(sent, inv["10"] | inv["25"] | inv["60"] | inv["other"])
            self.assertFalse(self._run_cron())
        self._assert_second_level(inv)
        # the paused invoice waits for the end of its pause, then starts at
        # the first level
        self.assertFalse(paused.o2c_reminder_level_id)
        with freeze_time(date(2026, 7, 15)):
            self.assertIn(paused, self._run_cron())
        self.assertEqual(paused.o2c_reminder_level_id, self.friendly)
        # the customer's letter of that day is the final notice (the other
        # invoices), the paused invoice in it at its first level
        final = self._letters()[-1]
        self.assertEqual(final.level_id, self.final)
        self.assertEqual(
            final.line_ids.filtered(lambda line: line.move_id == paused).level_id,
            self.friendly,
        )

    @freeze_time(TODAY)
    def test_fee_invoice_booked_when_company_wants_it(self):
        self.company.o2c_reminder_fee_invoice = True
        self.customer.is_company = False
        self.friendly.fee_amount = 5.0
        invoice = self._overdue_invoice(73, amount=1000.0)
        self._run_cron()
        letter = self._letters()
        fee_move = letter.fee_move_id
        self.assertTrue(fee_move)
        self.assertEqual(fee_move.state, "posted")
        self.assertEqual(fee_move.partner_id, self.customer)
        self.assertFalse(fee_move.invoice_line_ids.tax_ids)
        # 5.00 fee + 1000 * (0 + 5 points) % * 73 / 365 = 10.00 interest
        self.assertEqual(letter.line_ids.interest_amount, 10.0)
        self.assertEqual(fee_move.amount_total, 15.0)
        self.assertIn(invoice.name, " ".join(fee_move.invoice_line_ids.mapped("name")))
        # the fee invoice is not reminded in the letter of today
        self.assertNotIn(fee_move, letter.line_ids.move_id)

    @freeze_time(TODAY)
    def test_letter_pdf(self):
        """The letter is rendered by the report engine and attached to the
        email. (Odoo renders reports as HTML in test mode; wkhtmltopdf
        cannot render inside a test transaction, it fetches the assets from
        the server: the real PDF is checked over XML-RPC, in
        tests/test_rpc_reminder_letters.py.)"""
        self.company.o2c_reminder_letter_pdf = True
        self._overdue_invoice(10)
        self.env["account.move"].with_user(self.invoice_user)._o2c_cron_send_reminders()
        letter = self._letters()
        message = letter.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        self.assertIn(letter.name, message.attachment_ids.raw.decode())

    def test_interest_settings_refused(self):
        for values in (
            {"o2c_reminder_base_rate": 80.0},
            {"o2c_reminder_points_b2b": -1.0},
            {"o2c_reminder_flat_fee_b2b": -40.0},
        ):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.company.write(values)

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
            self.assertEqual(self._reminders(invoice), [self.friendly])

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

    @freeze_time(TODAY)
    def test_send_reminders_of_one_customer(self):
        """An accountant runs the reminders of one customer now; a salesman
        cannot, nor read the letters."""
        invoices = self._overdue_invoice(10) | self._overdue_invoice(40)
        other = self._overdue_invoice(10, partner=self.customer_2)
        contact = self.env["res.partner"].create(
            {"name": "Frau Weber", "parent_id": self.customer.id}
        )
        # least privileged: invoicing rights only; a contact stands for its
        # company
        partner = contact.with_user(self.invoice_user)
        letter_ids = partner.action_o2c_send_reminders()
        self.assertEqual(len(letter_ids), 1)
        letter = self.env["o2c.reminder.letter"].browse(letter_ids)
        self.assertEqual(letter.partner_id, self.customer)
        self.assertEqual(letter.line_ids.move_id, invoices)
        self.assertEqual(invoices.o2c_reminder_level_id, self.friendly)
        self.assertFalse(other.o2c_reminder_level_id)
        # nothing due any more: an empty list, the cron leaves it alone
        self.assertEqual(partner.action_o2c_send_reminders(), [])
        self.assertEqual(self._run_cron(), other)
        # the form's button shows the letters sent
        action = self.customer_2.with_user(
            self.invoice_user
        ).action_o2c_send_reminders_open()
        self.assertEqual(action["tag"], "display_notification")

        # attack: a salesman may neither send reminders nor read letters
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesman).action_o2c_send_reminders()
        with self.assertRaises(AccessError):
            letter.with_user(self.salesman).read(["amount_total"])
        # nor may an accountant write a letter
        with self.assertRaises(AccessError):
            letter.with_user(self.invoice_user).write({"fee_amount": 0.0})

    @freeze_time(TODAY)
    def test_letters_of_other_companies_hidden(self):
        company_b = self.setup_other_company(name="Mahnwerk B GmbH")["company"]
        company_b.o2c_reminder_start_date = "2000-01-01"
        accountant_b = self._company_user(
            "o2c_dunning_b", "account.group_account_invoice", company=company_b
        )
        self._overdue_invoice(10)
        self._run_cron()
        letter = self._letters()
        self.assertEqual(letter.company_id, self.company)
        with self.assertRaises(AccessError):
            letter.with_user(accountant_b).read(["amount_total"])
        with self.assertRaises(AccessError):
            letter.line_ids.with_user(accountant_b).read(["interest_amount"])
        self.assertFalse(
            self.env["o2c.reminder.letter"].with_user(accountant_b).search([])
        )
        # an accountant of B runs B's reminders only: A's invoices stay
        self.assertEqual(
            self.customer.with_user(accountant_b).action_o2c_send_reminders(), []
        )
