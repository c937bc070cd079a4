# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from itertools import pairwise

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import O2cCommon


@tagged("post_install", "-at_install")
class TestO2cStage(O2cCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 100)
        cls._put_in_stock(cls.goods_2, 100)

    def test_quotation_is_intake(self):
        order = self._create_order()
        self.assertEqual(order.o2c_stage, "intake")
        self.assertEqual(self._stages(order), ["intake"])
        log = order.o2c_stage_log_ids
        self.assertFalse(log.date_end)
        self.assertEqual(log.user_id, self.salesman)
        self.assertEqual(log.company_id, self.company)

    def test_full_lifecycle_with_goods_in_stock(self):
        with freeze_time("2026-03-02 08:00:00"):
            order = self._create_order([(self.goods, 5), (self.goods_2, 2)])
            self._commit_stage_log()
        with freeze_time("2026-03-02 10:30:00"):
            self._confirm(order)
            self.assertEqual(order.o2c_stage, "shipping")
            self._commit_stage_log()
        with freeze_time("2026-03-03 10:30:00"):
            # the warehouse validates the picking: the order is not touched
            self._deliver(order)
            self.assertEqual(order.o2c_stage, "invoicing")
            self._commit_stage_log()
        with freeze_time("2026-03-03 16:30:00"):
            invoice = self._invoice(order)
            self.assertEqual(order.o2c_stage, "payment")
            self._commit_stage_log()
        with freeze_time("2026-03-13 16:30:00"):
            self._pay(invoice)
            self.assertEqual(invoice.payment_state, "paid")
            self.assertEqual(order.o2c_stage, "done")
            self._commit_stage_log()

        logs = order.o2c_stage_log_ids.sorted(lambda log: (log.date_start, log.id))
        self.assertEqual(
            logs.mapped("stage"), ["intake", "shipping", "invoicing", "payment", "done"]
        )
        self.assertEqual(logs.mapped("duration_hours"), [2.5, 24.0, 6.0, 240.0, 0.0])
        self.assertEqual(
            [log.user_id for log in logs],
            [
                self.salesman,
                self.salesman,
                self.stock_user,
                self.invoice_user,
                self.invoice_user,
            ],
        )
        # every stage but the current one is closed, each where the next starts
        for previous, following in pairwise(logs):
            self.assertEqual(previous.date_end, following.date_start)
        self.assertFalse(logs[-1].date_end)
        self.assertTrue(logs[-1].is_current)
        self.assertEqual(order.o2c_stage_log_count, 5)

    def test_goods_to_procure_then_reserved(self):
        missing = self._create_product(
            name="Sonderteil", type="consu", is_storable=True, lst_price=99.0
        )
        order = self._create_order([(missing, 3)])
        self._confirm(order)
        self.assertEqual(order.picking_ids.state, "confirmed")
        self.assertEqual(order.o2c_stage, "production")
        # goods arrive and get reserved: the order moves on by itself
        self._put_in_stock(missing, 3)
        order.picking_ids.with_user(self.stock_user).action_assign()
        self.assertEqual(order.o2c_stage, "shipping")
        self.assertEqual(self._stages(order), ["intake", "production", "shipping"])

    def test_partial_delivery_with_backorder_stays_in_shipping(self):
        order = self._create_order([(self.goods, 10)])
        self._confirm(order)
        self._deliver(order, quantities={self.goods: 4}, backorder=True)
        self.assertEqual(len(order.picking_ids), 2)
        self.assertEqual(order.o2c_stage, "shipping")
        self._deliver(order)
        self.assertEqual(order.o2c_stage, "invoicing")

    def test_partial_delivery_without_backorder_completes_delivery(self):
        order = self._create_order([(self.goods, 10)])
        self._confirm(order)
        self._deliver(order, quantities={self.goods: 4}, backorder=False)
        self.assertEqual(order.o2c_stage, "invoicing")
        invoice = self._invoice(order)
        self.assertEqual(invoice.invoice_line_ids.quantity, 4)
        self._pay(invoice)
        self.assertEqual(order.o2c_stage, "done")

    def test_services_skip_shipping(self):
        order = self._create_order([(self.service, 2)])
        self._confirm(order)
        self.assertFalse(order.picking_ids)
        self.assertEqual(order.o2c_stage, "invoicing")
        invoice = self._invoice(order)
        self.assertEqual(order.o2c_stage, "payment")
        self._pay(invoice)
        self.assertEqual(order.o2c_stage, "done")
        self.assertEqual(
            self._stages(order), ["intake", "invoicing", "payment", "done"]
        )

    def test_draft_invoice_keeps_invoicing(self):
        order = self._create_order([(self.service, 1)])
        self._confirm(order)
        invoice = self._invoice(order, post=False)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(order.o2c_stage, "invoicing")
        invoice.action_post()
        self.assertEqual(order.o2c_stage, "payment")

    def test_partial_payment_stays_in_payment(self):
        order = self._create_order([(self.service, 1)])
        self._confirm(order)
        invoice = self._invoice(order)
        self._pay(invoice, amount=invoice.amount_total / 2)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(order.o2c_stage, "payment")
        self._pay(invoice)
        self.assertEqual(order.o2c_stage, "done")

    def test_credit_note_settles_the_rest(self):
        order = self._create_order([(self.service, 2)])
        self._confirm(order)
        invoice = self._invoice(order)
        self._pay(invoice, amount=invoice.amount_total / 2)
        # the customer is credited the other half instead of paying it
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Kulanz"})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        # a goodwill credit: the delivered quantity stays invoiced
        refund.invoice_line_ids.write(
            {"sale_line_ids": [Command.clear()], "price_unit": 90.0}
        )
        refund.action_post()
        (invoice + refund).line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        ).reconcile()
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(order.o2c_stage, "done")

    def test_cancel(self):
        order = self._create_order()
        self._confirm(order)
        order._action_cancel()
        self.assertEqual(order.o2c_stage, "cancelled")
        self.assertEqual(self._stages(order), ["intake", "shipping", "cancelled"])

    def test_return_does_not_reopen_delivery(self):
        order = self._create_order([(self.goods, 3)])
        self._confirm(order)
        picking = self._deliver(order)
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_model="stock.picking", active_id=picking.id)
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        wizard.action_create_returns()
        self.assertTrue(order.picking_ids.filtered("return_id"))
        self.assertEqual(order.o2c_stage, "invoicing")

    def test_stage_cannot_be_typed_in(self):
        order = self._create_order()
        with self.assertRaisesRegex(UserError, "derived"):
            order.write({"o2c_stage": "done"})
        with self.assertRaisesRegex(UserError, "derived"):
            self._create_order(o2c_stage="done")
        self.assertEqual(order.o2c_stage, "intake")

    def test_copy_restarts_at_intake(self):
        order = self._create_order([(self.service, 1)])
        self._confirm(order)
        self.assertEqual(order.o2c_stage, "invoicing")
        copy = order.copy()
        self.assertEqual(copy.o2c_stage, "intake")
        self.assertEqual(self._stages(copy), ["intake"])

    def test_log_is_read_only_for_staff(self):
        order = self._create_order()
        self._commit_stage_log()
        log = order.o2c_stage_log_ids.with_user(self.salesman)
        self.assertEqual(log.stage, "intake")
        # refused by the guard (even to administrators) or the access rights
        with self.assertRaises(UserError):  # AccessError is one too
            log.write({"stage": "done"})
        with self.assertRaises(AccessError):
            log.unlink()
        with self.assertRaises(UserError):  # AccessError is one too
            self.env["o2c.stage.log"].with_user(self.salesman).create(
                {"order_id": order.id, "stage": "done", "date_start": "2026-01-01"}
            )

    def test_stage_group_expand_shows_every_stage(self):
        groups = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .read_group([("id", "=", 0)], ["o2c_stage"], ["o2c_stage"])
        )
        self.assertEqual(
            [group["o2c_stage"] for group in groups],
            [
                key
                for key, _label in self.env["sale.order"]._fields["o2c_stage"].selection
            ],
        )
