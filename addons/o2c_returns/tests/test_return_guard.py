# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnQuantityGuard(O2cReturnsCommon):
    """Never more than delivered minus already returned, per product and
    order, across all returns, partial receipts included."""

    def _count(self):
        return (
            self.env["o2c.return"].search_count([]),
            self.env["o2c.return.line"].search_count([]),
        )

    def test_several_returns_never_exceed_delivered(self):
        order = self._delivered_order()
        self._create_return(order, [(self.goods, 4)])
        before = self._count()
        with self.assertRaisesText(ValidationError, "only 6"):
            self._create_return(order, [(self.goods, 7)])
        self.assertEqual(self._count(), before)
        second = self._create_return(order, [(self.goods, 6)])
        self._run(second, "action_confirm")
        with self.assertRaisesText(ValidationError, "only 0"):
            self._create_return(order, [(self.goods, 1)])
        # two lines of the same product in one return add up
        other = self._delivered_order()
        with self.assertRaises(ValidationError):
            self._create_return(other, [(self.goods, 6), (self.goods, 5)])

    def test_partial_delivery_limits_the_return(self):
        order = self._create_order([(self.goods, 10)])
        self._confirm(order)
        self._deliver(order, quantities={self.goods: 4}, backorder=True)
        with self.assertRaisesText(ValidationError, "only 4"):
            self._create_return(order, [(self.goods, 5)])
        self._create_return(order, [(self.goods, 4)])

    def test_editing_a_draft_line_is_guarded(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 4)])
        line = rma.line_ids.with_user(self.stock_user)
        with self.assertRaises(ValidationError):
            line.qty = 11
        line.qty = 10
        self._run(rma, "action_confirm")
        with self.assertRaises(UserError):
            line.qty = 9

    def test_partial_receipt_without_backorder_frees_the_rest(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 5)])
        self._run(rma, "action_confirm")
        self._receive_partially(rma, 3)
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.line_ids.qty_received, 3)
        self.assertEqual(order.order_line.qty_delivered, 7)
        # 10 delivered, 3 came back: 7 may still be returned, not 8
        with self.assertRaisesText(ValidationError, "only 7"):
            self._create_return(order, [(self.goods, 8)])
        self._create_return(order, [(self.goods, 7)])

    def test_partial_receipt_with_backorder_keeps_the_rest_claimed(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 5)])
        self._run(rma, "action_confirm")
        self._receive_partially(rma, 2, backorder=True)
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(len(rma.return_picking_ids), 2)
        self.assertEqual(rma.line_ids.qty_received, 2)
        with self.assertRaisesText(ValidationError, "only 5"):
            self._create_return(order, [(self.goods, 6)])
        self._run(rma, "action_receive")
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.line_ids.qty_received, 5)
        self.assertEqual(order.order_line.qty_delivered, 5)

    def test_returns_made_with_odoo_wizard_count(self):
        order = self._delivered_order()
        delivery = order.picking_ids
        wizard = (
            self.env["stock.return.picking"]
            .with_user(self.stock_user)
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({"picking_id": delivery.id})
        )
        wizard.product_return_moves.quantity = 6
        receipt = wizard._create_return()
        receipt.move_ids.quantity = 6
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertFalse(receipt.o2c_return_id)
        with self.assertRaisesText(ValidationError, "only 4"):
            self._create_return(order, [(self.goods, 5)])

    def test_several_deliveries_are_returned_from_each(self):
        order = self._create_order([(self.goods, 10)])
        self._confirm(order)
        self._deliver(order, quantities={self.goods: 4}, backorder=True)
        self._deliver(order)
        rma = self._create_return(order, [(self.goods, 8)])
        self._run(rma, "action_confirm")
        receipts = rma.return_picking_ids
        self.assertEqual(len(receipts), 2)
        self.assertEqual(sum(receipts.move_ids.mapped("product_uom_qty")), 8)
        self._run(rma, "action_receive")
        self.assertEqual(order.order_line.qty_delivered, 2)

    def test_return_limited_to_its_delivery(self):
        order = self._create_order([(self.goods, 10)])
        self._confirm(order)
        first = self._deliver(order, quantities={self.goods: 4}, backorder=True)
        self._deliver(order)
        with self.assertRaisesText(ValidationError, "only 4"):
            self._create_return(order, [(self.goods, 5)], picking_id=first.id)
        rma = self._create_return(order, [(self.goods, 4)], picking_id=first.id)
        self._run(rma, "action_confirm")
        self.assertEqual(rma.return_picking_ids.return_id, first)


@tagged("post_install", "-at_install")
class TestReturnBadInput(O2cReturnsCommon):
    """Bad input is refused, naming what is wrong, and leaves nothing."""

    def _count(self):
        return (
            self.env["o2c.return"].search_count([]),
            self.env["stock.picking"].search_count([]),
        )

    def test_product_not_on_order(self):
        order = self._delivered_order()
        before = self._count()
        with self.assertRaisesText(ValidationError, "is not on order"):
            self._create_return(order, [(self.goods_2, 1)])
        with self.assertRaises(ValidationError):
            self._create_return(order, [(self.goods, -1)])
        self.assertEqual(self._count(), before)

    def test_order_not_delivered(self):
        order = self._create_order([(self.goods, 3)])
        self._confirm(order)
        with self.assertRaisesText(ValidationError, "only 0"):
            self._create_return(order, [(self.goods, 1)])

    def test_confirm_needs_order_and_lines(self):
        env = self.env(user=self.stock_user)
        rma = env["o2c.return"].create({"partner_id": self.customer.id})
        with self.assertRaisesText(UserError, "no sales order"):
            rma.action_confirm()
        order = self._delivered_order()
        rma.order_id = order
        with self.assertRaisesText(UserError, "no lines"):
            rma.action_confirm()
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.return_picking_ids)

    def test_state_cannot_be_written(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        with self.assertRaises(UserError):
            rma.with_user(self.stock_user).write({"state": "done"})
        with self.assertRaises(UserError):
            self.env(user=self.stock_user)["o2c.return"].create(
                {"order_id": order.id, "state": "received"}
            )
        self.assertEqual(rma.state, "draft")

    def test_inspection_needs_decisions(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        self._run(rma, "action_confirm")
        with self.assertRaisesText(UserError, "must be received"):
            self._run(rma, "action_inspect")
        self._run(rma, "action_receive")
        with self.assertRaisesText(UserError, "Decide what happens"):
            self._run(rma, "action_inspect")
        self.assertEqual(rma.state, "received")

    def test_salesman_records_but_does_not_confirm(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)], user=self.salesman)
        with self.assertRaises(AccessError):
            self._run(rma, "action_confirm", user=self.salesman)
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.return_picking_ids)

    def test_other_company_order_refused(self):
        other_company = self.env["res.company"].create({"name": "Andere GmbH"})
        order = self._delivered_order()
        env = self.env(user=self.stock_user)
        with self.assertRaises(UserError):  # access, company or validation
            env["o2c.return"].create(
                {
                    "order_id": order.id,
                    "company_id": other_company.id,
                    "line_ids": [
                        Command.create({"product_id": self.goods.id, "qty": 1})
                    ],
                }
            )


@tagged("post_install", "-at_install")
class TestReturnMultiCompany(O2cReturnsCommon):
    def test_returns_of_another_company_stay_hidden(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        other_company = self.env["res.company"].create({"name": "Zweigwerk GmbH"})
        other_user = new_test_user(
            self.env,
            login="o2c_other_stock",
            groups="stock.group_stock_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        Return = self.env(user=other_user)["o2c.return"]
        self.assertFalse(Return.search([("id", "=", rma.id)]))
        self.assertFalse(
            self.env(user=other_user)["o2c.return.line"].search(
                [("id", "in", rma.line_ids.ids)]
            )
        )
        with self.assertRaises(AccessError):
            Return.browse(rma.id).read(["name"])
        report = self.env(user=other_user)["o2c.return.report"]
        self.assertFalse(report.search([("order_id", "=", order.id)]))
