# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import O2cCommon


@tagged("post_install", "-at_install")
class TestO2cInvoicingAutomation(O2cCommon):
    """The invoicing cron invoices, posts and emails what is invoiceable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.o2c_auto_invoice = True
        cls._put_in_stock(cls.goods, 100)
        cls._put_in_stock(cls.goods_2, 100)

    def _run_cron(self, batch_size=20):
        orders = self.env["sale.order"].with_user(self.invoice_user)
        invoices = orders._o2c_cron_auto_invoice(batch_size=batch_size)
        self.env.flush_all()
        return invoices.with_env(self.env)

    def _invoices(self, order):
        return order.invoice_ids.filtered(lambda move: move.state != "cancel")

    def test_cron_twice_makes_one_invoice(self):
        order = self._create_order([(self.goods, 5), (self.goods_2, 2)])
        self._confirm(order)
        self._deliver(order)
        self.assertEqual(order.invoice_status, "to invoice")

        invoices = self._run_cron()

        self.assertEqual(invoices, self._invoices(order))
        self.assertEqual(len(invoices), 1)
        self.assertEqual(invoices.state, "posted")
        self.assertEqual(invoices.amount_untaxed, 5 * 12.5 + 2 * 40.0)
        self.assertTrue(invoices.amount_tax, "taxes are invoiced")
        self.assertTrue(invoices.is_move_sent)
        sent = invoices.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(sent), 1)
        self.assertIn(self.customer, sent.partner_ids)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(order.o2c_stage, "payment")

        # a rerun invoices nothing twice
        self.assertFalse(self._run_cron())
        self.assertEqual(self._invoices(order), invoices)

    def test_invoicing_policies(self):
        """Ordered quantities are invoiced at once, delivered ones when shipped."""
        order = self._create_order([(self.service, 1), (self.goods, 4)])
        self._confirm(order)

        first = self._run_cron()
        self.assertEqual(first.invoice_line_ids.product_id, self.service)
        self.assertFalse(self._run_cron())

        self._deliver(order, quantities={self.goods: 3}, backorder=True)
        second = self._run_cron()
        self.assertEqual(second.invoice_line_ids.product_id, self.goods)
        self.assertEqual(second.invoice_line_ids.quantity, 3)
        self.assertFalse(self._run_cron())

        self._deliver(order)
        third = self._run_cron()
        self.assertEqual(third.invoice_line_ids.quantity, 1)
        self.assertEqual(self._invoices(order), first | second | third)
        self.assertEqual(order.invoice_status, "invoiced")

    def test_setting_is_per_company(self):
        self.company.o2c_auto_invoice = False
        order = self._create_order([(self.service, 1)])
        self._confirm(order)
        self.assertFalse(self._run_cron())
        self.assertFalse(order.invoice_ids)

        settings = self.env["res.config.settings"].create({"o2c_auto_invoice": True})
        settings.execute()
        self.assertTrue(self.company.o2c_auto_invoice)
        self.assertEqual(self._run_cron(), order.invoice_ids)

    def test_manual_invoicing_still_works(self):
        order = self._create_order([(self.goods, 2)])
        self._confirm(order)
        self._deliver(order)
        invoice = self._invoice(order)
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(self._run_cron())
        self.assertEqual(order.invoice_ids, invoice)

    def test_failing_order_gets_activity_and_batch_goes_on(self):
        deprecated = self.company_data["default_account_revenue"].copy(
            {"code": "OLD400", "deprecated": True}
        )
        legacy = self._create_product(
            name="Altbestand",
            type="service",
            lst_price=30.0,
            invoice_policy="order",
            property_account_income_id=deprecated.id,
        )
        failing = self._create_order([(legacy, 1)])
        working = self._create_order([(self.service, 1)])
        self._confirm(failing)
        self._confirm(working)

        invoices = self._run_cron()

        self.assertEqual(invoices, working.invoice_ids)
        self.assertFalse(failing.invoice_ids, "nothing half-done is left")
        self.assertIn("deprecated", failing.o2c_invoice_error)
        activity = failing.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("deprecated", str(activity.note))

        # the rerun skips the order until someone retries it
        self.assertFalse(self._run_cron())
        self.assertEqual(len(failing.activity_ids), 1)
        with self.assertRaises(AccessError):
            failing.with_user(self.salesman).action_o2c_retry_auto_invoice()
        legacy.property_account_income_id = self.company_data["default_account_revenue"]
        failing.with_user(self.invoice_user).action_o2c_retry_auto_invoice()
        self.assertFalse(failing.o2c_invoice_error)
        self.assertEqual(self._run_cron(), failing.invoice_ids)

    def test_batches_report_progress(self):
        orders = self.env["sale.order"]
        for _index in range(3):
            order = self._create_order([(self.service, 1)])
            self._confirm(order)
            orders |= order
        cron = self.env.ref("order_to_cash.ir_cron_o2c_auto_invoice")
        cron, progress = cron._add_progress()
        model = self.env["sale.order"].with_context(ir_cron_progress_id=progress.id)
        model.with_user(self.invoice_user)._o2c_cron_auto_invoice(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        model.with_user(self.invoice_user)._o2c_cron_auto_invoice(batch_size=2)
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertTrue(all(order.invoice_ids for order in orders))

    def test_sending_without_pdf_renderer(self):
        """Without wkhtmltopdf the invoice email goes out without the PDF."""
        order = self._create_order([(self.service, 1)])
        self._confirm(order)
        with patch.object(
            type(self.env["account.move"]), "_o2c_can_render_pdf", return_value=False
        ):
            invoice = self._run_cron()
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(invoice.is_move_sent)
        sent = invoice.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(sent), 1)
        self.assertIn(self.customer, sent.partner_ids)
        self.assertIn(invoice.name, sent.subject)
        self.assertFalse(sent.attachment_ids)


@tagged("post_install", "-at_install")
class TestO2cCreateInvoices(O2cCommon):
    """action_o2c_create_invoices: what is deliverable now, for integrations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 100)

    def _create_invoices(self, order, user=None):
        orders = self.env["sale.order"].with_user(user or self.invoice_user)
        result = orders.browse(order.ids).action_o2c_create_invoices()
        self.env.flush_all()
        return result

    def test_invoices_what_is_delivered_and_returns_the_ids(self):
        order = self._create_order([(self.service, 1), (self.goods, 4)])
        self._confirm(order)
        first = self._create_invoices(order)
        self.assertIsInstance(first, list)
        self.assertEqual(len(first), 1)
        self.assertIsInstance(first[0], int)
        invoice = self.env["account.move"].browse(first)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.invoice_line_ids.product_id, self.service)
        # nothing more until the goods are delivered
        self.assertEqual(self._create_invoices(order), [])

        self._deliver(order, quantities={self.goods: 3}, backorder=True)
        second = self.env["account.move"].browse(self._create_invoices(order))
        self.assertEqual(second.invoice_line_ids.product_id, self.goods)
        self.assertEqual(second.invoice_line_ids.quantity, 3)
        self.assertEqual(order.invoice_ids, invoice | second)
        self.assertEqual(self._create_invoices(order), [])

    def test_several_orders_and_nothing_to_invoice(self):
        delivered = self._create_order([(self.goods, 2)])
        waiting = self._create_order([(self.goods, 1)])
        for order in delivered | waiting:
            self._confirm(order)
        self._deliver(delivered)
        result = self._create_invoices(delivered | waiting)
        self.assertEqual(result, delivered.invoice_ids.ids)
        self.assertFalse(waiting.invoice_ids)

    def test_refused_for_quotations_and_without_invoicing_rights(self):
        quotation = self._create_order([(self.service, 1)])
        confirmed = self._create_order([(self.service, 1)])
        self._confirm(confirmed)
        with self.assertRaisesRegex(UserError, quotation.name):
            self._create_invoices(quotation | confirmed)
        with self.assertRaisesRegex(UserError, "Select the orders"):
            self._create_invoices(self.env["sale.order"])
        for user in (self.salesman, self.stock_user):
            with self.assertRaisesRegex(AccessError, "accounting staff"):
                self._create_invoices(confirmed, user=user)
        self.assertFalse(quotation.invoice_ids | confirmed.invoice_ids)
