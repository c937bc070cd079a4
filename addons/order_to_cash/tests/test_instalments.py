# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import O2cCommon


@tagged("post_install", "-at_install")
class TestO2cInstalments(O2cCommon):
    """Multi-line payment terms end to end, with the order's schedule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.two_instalments = cls.env["account.payment.term"].create(
            {
                "name": "50% sofort, 50% in 30 Tagen",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 30}
                    ),
                ],
            }
        )
        cls._put_in_stock(cls.goods, 100)

    @freeze_time("2026-04-01")
    def test_two_instalments_paid_in_two_steps(self):
        order = self._create_order(
            [(self.goods, 8, 25.0)], payment_term_id=self.two_instalments.id
        )
        self._confirm(order)
        self._deliver(order)
        invoice = self._invoice(order)
        self.assertEqual(invoice.invoice_payment_term_id, self.two_instalments)
        total = invoice.amount_total

        schedule = order.with_user(self.salesman).o2c_instalment_line_ids
        self.assertEqual(
            schedule.mapped("date_maturity"), [date(2026, 4, 1), date(2026, 5, 1)]
        )
        self.assertEqual(schedule.mapped("amount_currency"), [total / 2, total / 2])
        self.assertEqual(schedule.mapped("o2c_instalment_state"), ["open", "open"])
        self.assertEqual(order.o2c_amount_open, total)
        self.assertEqual(order.o2c_stage, "payment")

        # the first instalment is paid: still waiting for the second
        self._pay(invoice, amount=total / 2, date=date(2026, 4, 3))
        order.invalidate_recordset()
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(order.o2c_stage, "payment")
        self.assertEqual(
            order.o2c_instalment_line_ids.mapped("o2c_instalment_state"),
            ["paid", "open"],
        )
        self.assertEqual(order.o2c_amount_open, total / 2)

        # the second instalment falls due and is overdue until paid
        with freeze_time("2026-05-10"):
            order.o2c_instalment_line_ids.invalidate_recordset()
            self.assertEqual(
                order.o2c_instalment_line_ids.mapped("o2c_instalment_state"),
                ["paid", "overdue"],
            )
            self.assertEqual(invoice.o2c_days_overdue, 9)
            self._pay(invoice, amount=total / 2, date=date(2026, 5, 10))
        order.invalidate_recordset()
        self.assertEqual(order.o2c_stage, "done")
        self.assertEqual(
            order.o2c_instalment_line_ids.mapped("o2c_instalment_state"),
            ["paid", "paid"],
        )
        self.assertEqual(order.o2c_amount_open, 0.0)
        self.assertEqual(
            self._stages(order),
            ["intake", "shipping", "invoicing", "payment", "done"],
        )

    @freeze_time("2026-04-01")
    def test_partial_instalment_and_credit_note(self):
        """A credit note settles what it covers; done only when nothing is open."""
        order = self._create_order(
            [(self.service, 2, 100.0)], payment_term_id=self.two_instalments.id
        )
        self._confirm(order)
        invoice = self._invoice(order)
        total = invoice.amount_total
        self._pay(invoice, amount=total / 4)
        order.invalidate_recordset()
        self.assertEqual(
            order.o2c_instalment_line_ids.mapped("o2c_instalment_state"),
            ["partial", "open"],
        )
        self.assertEqual(order.o2c_stage, "payment")

        # a goodwill credit note settles the rest: the order is done
        refund = (
            self.env["account.move"]
            .with_user(self.invoice_user)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer.id,
                    "invoice_date": date(2026, 4, 1),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Kulanz",
                                "price_unit": invoice.amount_residual,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
        )
        refund.action_post()
        (refund | invoice).line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
        ).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        order.invalidate_recordset()
        self.assertEqual(order.o2c_stage, "done")
        self.assertEqual(order.o2c_amount_open, 0.0)

    @freeze_time("2026-04-01")
    def test_open_amount_follows_payments_in_the_same_transaction(self):
        """What is open follows a payment and its undoing at once, within
        the transaction that reads it (the figure is computed from the
        residuals and dropped from the cache by each reconciliation)."""
        order = self._create_order(
            [(self.service, 2, 100.0)], payment_term_id=self.two_instalments.id
        )
        self._confirm(order)
        invoice = self._invoice(order)
        total = invoice.amount_total
        order = order.with_user(self.invoice_user)
        self.assertEqual(order.o2c_amount_open, total)
        self.assertEqual(
            order.o2c_instalment_line_ids.mapped("o2c_instalment_state"),
            ["open", "open"],
        )
        payment = self._pay(invoice, amount=total / 2)
        self.assertEqual(order.o2c_amount_open, total / 2)
        self.assertEqual(
            order.o2c_instalment_line_ids.mapped("o2c_instalment_state"),
            ["paid", "open"],
        )
        # the payment taken back: everything is open again
        payment.move_id.line_ids.with_user(self.invoice_user).remove_move_reconcile()
        self.assertEqual(order.o2c_amount_open, total)
        self.assertEqual(
            order.o2c_instalment_line_ids.mapped("o2c_instalment_state"),
            ["open", "open"],
        )

    def test_instalments_view_loads(self):
        order = self._create_order([(self.service, 1)])
        for user in (self.salesman, self.invoice_user):
            result = self.env["sale.order"].with_user(user).get_views([(False, "form")])
            arch = result["views"]["form"]["arch"]
            self.assertIn("o2c_instalment_line_ids", arch)
            order.with_user(user).read(["o2c_instalment_line_ids", "o2c_amount_open"])
