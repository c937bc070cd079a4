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

    Measured on Odoo 18.0: the reminder cron costs 44 queries per invoice
    (render the level's template, post the email in the chatter, notify the
    customer) plus a constant 44 per batch (3 -> 175, 6 -> 305, 12 -> 569);
    the invoicing cron 123 per order (create, post and send the invoice)
    plus about 90 per batch. Budgets are these plus a margin of 3.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.o2c_auto_invoice = True
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": f"Kunde {index}", "email": f"kunde{index}@example.com"}
                for index in range(12)
            ]
        )

    def _overdue_invoices(self, count, days=10):
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customers[index % len(self.customers)].id,
                    "invoice_date": TODAY - timedelta(days=days),
                    "invoice_payment_term_id": self.pay_terms_a.id,
                    "invoice_line_ids": [
                        Command.create({"name": "Posten", "price_unit": 100.0})
                    ],
                }
                for index in range(count)
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
        # warm up: caches of templates, access rules, sequences
        self._overdue_invoices(2)
        self._reminder_run()()

        self._overdue_invoices(3)
        queries_3 = self._count(self._reminder_run())
        self._overdue_invoices(12)
        queries_12 = self._count(self._reminder_run())
        self._overdue_invoices(6)
        queries_6 = self._count(self._reminder_run())

        per_invoice = (queries_12 - queries_3) / 9
        # constant per invoice: 6 invoices cost what the line through 3 and
        # 12 predicts (a query per invoice more would break it)
        self.assertAlmostEqual(queries_6, queries_3 + 3 * per_invoice, delta=3)
        self.assertLessEqual(per_invoice, 47)
        self.assertLessEqual(queries_3 - 3 * per_invoice, 48)
        # nothing left: a rerun is a few queries, whatever was sent before
        self.assertLessEqual(self._count(self._reminder_run()), 6)

    @freeze_time(TODAY)
    def test_query_budget_reminder_cron(self):
        self._overdue_invoices(2)
        self._reminder_run()()
        self._overdue_invoices(5)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(267):
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
        confirmed_order()
        run()
        for _index in range(3):
            confirmed_order()
        queries_3 = self._count(run)
        for _index in range(6):
            confirmed_order()
        queries_6 = self._count(run)
        per_order = (queries_6 - queries_3) / 3
        self.assertLessEqual(per_order, 126)
        self.assertLessEqual(queries_3 - 3 * per_order, 93)
        confirmed_order()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(194):
            run()
            self.env.flush_all()
