# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.modules.module import get_manifest
from odoo.tests import tagged

from ..history import o2c_init_control_fields
from .common import O2cCommon

TODAY = date(2026, 6, 15)
START = date(2026, 6, 1)


@tagged("post_install", "-at_install")
class TestO2cHistory(O2cCommon):
    """The automations leave the company's history alone until a person
    includes it; reminders start at the first level; installing writes no
    chatter on past transfers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "o2c_auto_invoice": True,
                "o2c_auto_invoice_start_date": START,
                "o2c_reminder_start_date": START,
            }
        )
        cls.friendly = cls.env.ref("order_to_cash.reminder_level_friendly")
        cls.second = cls.env.ref("order_to_cash.reminder_level_second")
        cls.final = cls.env.ref("order_to_cash.reminder_level_final")
        cls.company.o2c_reminder_letter_pdf = False
        cls._put_in_stock(cls.goods, 100)
        # who manages the settings, and an order-to-cash and accounting
        # manager who sees the settings but does not manage them
        cls.settings_admin = cls._company_user(
            login="o2c_settings_admin", groups="base.group_system"
        )
        cls.o2c_manager = cls._company_user(
            login="o2c_history_manager",
            groups="order_to_cash.group_o2c_manager,account.group_account_manager",
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _invoice_dated(self, invoice_date, partner=None):
        """A posted invoice dated and due on ``invoice_date``."""
        return self._posted_invoice(partner or self.customer, invoice_date, 100.0)

    def _run_reminders(self):
        moves = self.env["account.move"].with_user(self.invoice_user)
        sent = moves._o2c_cron_send_reminders()
        self.env.flush_all()
        return sent.with_env(self.env)

    def _run_invoicing(self):
        orders = self.env["sale.order"].with_user(self.invoice_user)
        invoices = orders._o2c_cron_auto_invoice()
        self.env.flush_all()
        return invoices.with_env(self.env)

    def _settings(self, user):
        return (
            self.env["res.config.settings"]
            .with_user(self.settings_admin)
            .create({})
            .with_user(user)
        )

    def _reminder_mails(self, invoice):
        """The reminder letters that listed the invoice (one email each)."""
        return (
            self.env["o2c.reminder.letter.line"]
            .search([("move_id", "=", invoice.id)])
            .letter_id
        )

    # ------------------------------------------------------------------
    # payment reminders
    # ------------------------------------------------------------------
    def test_new_company_starts_today(self):
        with freeze_time("2026-03-04"):
            company = self.env["res.company"].create({"name": "Neu GmbH"})
        self.assertEqual(company.o2c_reminder_start_date, date(2026, 3, 4))
        self.assertEqual(company.o2c_auto_invoice_start_date, date(2026, 3, 4))

    def test_order_confirmed_late_in_the_utc_day_of_install_is_invoiced(self):
        """Created at 23:30 UTC by a user in Berlin (already the next day
        there), a company that invoices automatically still invoices the
        order confirmed a minute later: the start day is the UTC day the
        selection compares the orders' date_order (UTC) in."""
        with freeze_time("2026-03-04 23:30:00"):
            company = (
                self.env["res.company"]
                .with_context(tz="Europe/Berlin")
                .create({"name": "Spät GmbH", "o2c_auto_invoice": True})
            )
        self.assertEqual(company.o2c_auto_invoice_start_date, date(2026, 3, 4))
        self.company.o2c_auto_invoice_start_date = company.o2c_auto_invoice_start_date
        order = self._delivered_order("2026-03-04 23:31:00")
        self.assertEqual(order.date_order.date(), date(2026, 3, 4))
        with freeze_time("2026-03-04 23:32:00"):
            invoices = self._run_invoicing()
        self.assertEqual(invoices.line_ids.sale_line_ids.order_id, order)

    @freeze_time(TODAY)
    def test_reminders_leave_history_alone_until_included(self):
        old = self._invoice_dated(date(2026, 5, 1))  # 45 days overdue
        new = self._invoice_dated(date(2026, 6, 5))  # 10 days overdue
        # reminded before the start date was set: the run goes on with it
        reminded = self._invoice_dated(date(2026, 4, 1))
        reminded._o2c_action_write(
            {
                "o2c_reminder_level_id": self.friendly.id,
                "o2c_last_reminder_date": date(2026, 5, 25),
            }
        )
        # another company's history is not counted here
        other = self.env["res.company"].create(
            {"name": "Andere GmbH", "o2c_reminder_start_date": START}
        )

        self.assertEqual(self._run_reminders(), new | reminded)
        self.assertEqual(new.o2c_reminder_level_id, self.friendly)
        self.assertEqual(reminded.o2c_reminder_level_id, self.second)
        self.assertFalse(old.o2c_reminder_level_id)
        self.assertFalse(self._reminder_mails(old))
        self.assertFalse(self._run_reminders())

        settings = self._settings(self.settings_admin)
        self.assertEqual(settings.o2c_reminder_history_count, 1)
        self.assertIn(
            "Include the 1 overdue invoices", settings.o2c_reminder_history_text
        )
        self.assertEqual(other._o2c_history(other._o2c_reminder_history_query())[0], 0)

        # who does not manage the settings cannot include them
        with self.assertRaises(AccessError):
            settings.with_user(self.o2c_manager).action_o2c_include_reminder_history()
        with self.assertRaises(AccessError):
            settings.with_user(self.invoice_user).action_o2c_include_reminder_history()
        self.assertEqual(self.company.o2c_reminder_start_date, START)
        self.assertFalse(self._run_reminders())

        settings.action_o2c_include_reminder_history()
        self.assertEqual(self.company.o2c_reminder_start_date, date(2026, 5, 1))
        self.assertEqual(other.o2c_reminder_start_date, START)
        self.assertEqual(
            settings.with_user(self.settings_admin).o2c_reminder_history_count, 0
        )
        # the old invoice gets the first level, not the one of its 45 days
        self.assertEqual(self._run_reminders(), old)
        self.assertEqual(old.o2c_reminder_level_id, self.friendly)
        self.assertEqual(len(self._reminder_mails(old)), 1)
        self.assertFalse(self._run_reminders())

    @freeze_time(TODAY)
    def test_reminder_levels_never_start_later_nor_skip(self):
        very_late = self._invoice_dated(TODAY - timedelta(days=100))
        late = self._invoice_dated(TODAY - timedelta(days=25))
        self.company.o2c_reminder_start_date = TODAY - timedelta(days=365)

        self.assertEqual(self._run_reminders(), very_late | late)
        self.assertEqual(very_late.o2c_reminder_level_id, self.friendly)
        self.assertEqual(late.o2c_reminder_level_id, self.friendly)
        # the next level waits for the days between the two levels (14)
        for days in (1, 13):
            with freeze_time(TODAY + timedelta(days=days)):
                self.assertFalse(self._run_reminders())
        with freeze_time(TODAY + timedelta(days=14)):
            self.assertEqual(self._run_reminders(), very_late | late)
        self.assertEqual(very_late.o2c_reminder_level_id, self.second)
        with freeze_time(TODAY + timedelta(days=28)):
            self.assertEqual(self._run_reminders(), very_late | late)
            self.assertFalse(self._run_reminders())
        self.assertEqual(very_late.o2c_reminder_level_id, self.final)
        self.assertEqual(late.o2c_reminder_level_id, self.final)
        self.assertEqual(len(self._reminder_mails(very_late)), 3)

    # ------------------------------------------------------------------
    # automatic invoicing
    # ------------------------------------------------------------------
    def _delivered_order(self, day):
        with freeze_time(day):
            order = self._create_order([(self.goods, 2)])
            self._confirm(order)
            self._deliver(order)
        self.assertEqual(order.invoice_status, "to invoice")
        return order

    def test_auto_invoice_leaves_history_alone_until_included(self):
        old = self._delivered_order("2026-05-20 10:00:00")
        with freeze_time(TODAY):
            new = self._delivered_order("2026-06-02 10:00:00")
            invoices = self._run_invoicing()
            self.assertEqual(invoices.invoice_line_ids.sale_line_ids.order_id, new)
            self.assertFalse(old.invoice_ids)
            self.assertFalse(self._run_invoicing())

            settings = self._settings(self.settings_admin)
            self.assertEqual(settings.o2c_auto_invoice_history_count, 1)
            self.assertIn(
                "Include the 1 orders to invoice",
                settings.o2c_auto_invoice_history_text,
            )
            with self.assertRaises(AccessError):
                settings.with_user(
                    self.o2c_manager
                ).action_o2c_include_auto_invoice_history()
            self.assertEqual(self.company.o2c_auto_invoice_start_date, START)
            self.assertFalse(self._run_invoicing())

            settings.action_o2c_include_auto_invoice_history()
            self.assertEqual(
                self.company.o2c_auto_invoice_start_date, date(2026, 5, 20)
            )
            invoices = self._run_invoicing()
            self.assertEqual(invoices.invoice_line_ids.sale_line_ids.order_id, old)
            self.assertEqual(old.invoice_status, "invoiced")
            self.assertFalse(self._run_invoicing())

    def test_include_refused_for_a_company_of_someone_else(self):
        other = self.env["res.company"].create({"name": "Fremd GmbH"})
        settings = self.env["res.config.settings"].create({"company_id": other.id})
        with self.assertRaises(AccessError):
            settings.with_user(
                self.settings_admin
            ).action_o2c_include_reminder_history()

    # ------------------------------------------------------------------
    # install: no chatter on past transfers
    # ------------------------------------------------------------------
    def _pickings_as_before_install(self):
        """A done delivery (control required) and a receipt (no control)
        whose control columns hold nothing, as before the install."""
        order = self._create_order([(self.goods, 2)])
        self._confirm(order)
        [delivery] = self._deliver(order)
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock_location.id,
            }
        )
        pickings = delivery | receipt
        self.env.flush_all()
        # as before the install: the columns hold nothing
        self.env.cr.execute(
            "UPDATE stock_picking SET o2c_control_required = NULL,"
            " o2c_control_state = NULL WHERE id IN %s",
            [tuple(pickings.ids)],
        )
        pickings.invalidate_recordset()
        return delivery, receipt

    def _assert_same_as_orm_computation(self, delivery):
        """The ORM's computation gives the delivery the value the install
        derived in SQL (which does it for a whole history in one statement,
        without loading the transfers)."""
        self.env.cr.execute(
            "UPDATE stock_picking SET o2c_control_state = NULL WHERE id = %s",
            [delivery.id],
        )
        delivery.invalidate_recordset()
        self.env.add_to_compute(delivery._fields["o2c_control_state"], delivery)
        self.env.flush_all()
        self.assertEqual(delivery.o2c_control_state, "todo")

    def test_install_derives_control_without_chatter(self):
        self.assertEqual(
            get_manifest("order_to_cash")["pre_init_hook"], "pre_init_hook"
        )
        delivery, receipt = self._pickings_as_before_install()
        pickings = delivery | receipt
        messages = self.env["mail.message"].search_count(
            [("model", "=", "stock.picking"), ("res_id", "in", pickings.ids)]
        )

        o2c_init_control_fields(self.env.cr, pickings.ids)
        self.env.cr.precommit.run()  # where tracking would be written

        pickings.invalidate_recordset()
        self.assertTrue(delivery.o2c_control_required)
        self.assertEqual(delivery.o2c_control_state, "todo")
        self.assertFalse(receipt.o2c_control_required)
        self.assertFalse(receipt.o2c_control_state)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "stock.picking"), ("res_id", "in", pickings.ids)]
            ),
            messages,
        )
        # the same values as the ORM's computation
        self._assert_same_as_orm_computation(delivery)
