# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import O2cCommon

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestO2cPaymentPerformance(O2cCommon):
    """Query budgets of the invoicing and reminder crons, measured warm.

    Measured on Odoo 18.0: the reminder cron costs 45 queries per invoice
    (render the level's template, post the email in the chatter, notify the
    customer) plus 23 per batch (1 -> 68, 3 -> 158, 12 -> 563, 24 -> 1103,
    5 -> 248);
    the invoicing cron 123 per order (create, post and send the invoice)
    plus about 90 per batch. Budgets are these plus a margin of 3.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.o2c_auto_invoice = True

    def _overdue_invoices(self, count, days=10):
        """``count`` overdue invoices, each of a new customer, so that every
        run renders and notifies alike."""
        customers = self.env["res.partner"].create(
            [
                {"name": f"Kunde {index}", "email": f"kunde{index}@example.com"}
                for index in range(count)
            ]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": TODAY - timedelta(days=days),
                    "invoice_payment_term_id": self.pay_terms_a.id,
                    "invoice_line_ids": [
                        Command.create({"name": "Posten", "price_unit": 100.0})
                    ],
                }
                for customer in customers
            ]
        )
        moves.action_post()
        return moves

    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def _reminder_run(self):
        return (
            self.env["account.move"]
            .with_user(self.invoice_user)
            ._o2c_cron_send_reminders
        )

    @freeze_time(TODAY)
    def test_reminder_cron_queries_per_invoice_constant(self):
        # warm up with every batch size measured: the first runs fill caches
        # (templates, access rules, sequences, mail settings)
        for count in (2, 1):
            self._overdue_invoices(count)
            self._count(self._reminder_run())

        counts = {}
        for count in (1, 3, 12):
            self._overdue_invoices(count)
            counts[count] = self._count(self._reminder_run())

        # the cost is linear: a constant per invoice plus a constant per
        # batch, the same from 1 to 3 and from 3 to 12 invoices
        per_invoice = (counts[12] - counts[3]) / 9
        self.assertEqual((counts[3] - counts[1]) / 2, per_invoice)
        self.assertLessEqual(per_invoice, 48)
        self.assertLessEqual(counts[1] - per_invoice, 26)
        # nothing left: a rerun is a few queries, whatever was sent before
        self.assertLessEqual(self._count(self._reminder_run()), 6)

    @freeze_time(TODAY)
    def test_query_budget_reminder_cron(self):
        for count in (2, 1):
            self._overdue_invoices(count)
            self._count(self._reminder_run())
        self._overdue_invoices(5)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(251):
            self._reminder_run()()
            self.env.flush_all()

    def test_query_budget_invoicing_cron(self):
        def confirmed_order():
            order = self._create_order([(self.service, 1), (self.goods, 1)])
            order.order_line.filtered(
                lambda line: line.product_id == self.goods
            ).unlink()
            self._confirm(order)
            return order

        run = self.env["sale.order"].with_user(self.invoice_user)._o2c_cron_auto_invoice
        for _index in range(2):
            confirmed_order()
            self._count(run)
        for _index in range(3):
            confirmed_order()
        queries_3 = self._count(run)
        for _index in range(6):
            confirmed_order()
        queries_6 = self._count(run)
        per_order = (queries_6 - queries_3) / 3
        self.assertLessEqual(per_order, 130)
        self.assertLessEqual(queries_3 - 3 * per_order, 93)
        confirmed_order()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(186):  # 183 measured
            run()
            self.env.flush_all()
