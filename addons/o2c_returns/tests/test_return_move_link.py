# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The link of a stock move to the return line it receives
(``stock.move.o2c_return_line_id``) counts the goods received for the line,
so for its refund. Only the return's confirmation sets it; the part of a
return receipt's move left for a backorder keeps it (the same goods, still
expected); any other copy of a move (a duplicated transfer, a return of the
return) is no receipt of the line. Attacks as a warehouse user without any
returns right, the least-privileged user who writes stock moves."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import O2cReturnsCommon

REFUSED = "cannot be set by hand"


@tagged("post_install", "-at_install")
class TestReturnMoveLink(O2cReturnsCommon):
    def _confirmed_return(self, qty=4):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, qty, "restock")])
        self._run(rma, "action_confirm")
        return rma

    def _incoming_move_vals(self):
        return {
            "name": "Anything",
            "product_id": self.goods.id,
            "product_uom": self.goods.uom_id.id,
            "product_uom_qty": 3,
            "location_id": self.customer.property_stock_customer.id,
            "location_dest_id": self._inspection().id,
        }

    def test_stock_user_cannot_link_a_move(self):
        rma = self._confirmed_return()
        line = rma.line_ids
        Move = self.env(user=self.stock_user)["stock.move"]
        other = Move.create(self._incoming_move_vals())
        for field in ("o2c_return_line_id", "o2c_restock_line_id"):
            with self.subTest(field=field):
                with self.assertRaisesText(UserError, REFUSED):
                    other.write({field: line.id})
                with self.assertRaisesText(UserError, REFUSED):
                    Move.create(dict(self._incoming_move_vals(), **{field: line.id}))
                moved = Move.with_context(**{f"default_{field}": line.id}).create(
                    self._incoming_move_vals()
                )
                self.assertFalse(moved[field])
        # nor through the transfer's lines
        picking = self.env(user=self.stock_user)["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.customer.property_stock_customer.id,
                "location_dest_id": self._inspection().id,
            }
        )
        with self.assertRaisesText(UserError, REFUSED):
            picking.write(
                {
                    "move_ids": [
                        Command.create(
                            dict(self._incoming_move_vals(), o2c_return_line_id=line.id)
                        )
                    ]
                }
            )
        self.assertEqual(line.move_ids, rma.return_picking_ids.move_ids)

    def test_duplicated_receipt_is_no_receipt_of_the_line(self):
        rma = self._confirmed_return()
        line = rma.line_ids
        receipt = self.env(user=self.stock_user)["stock.picking"].browse(
            rma.return_picking_ids.id
        )
        copy = receipt.copy()
        self.assertTrue(copy.move_ids)
        self.assertFalse(copy.move_ids.o2c_return_line_id)
        self.assertFalse(copy.o2c_return_id)
        copy.action_confirm()
        copy.move_ids.quantity = 4
        copy.move_ids.picked = True
        copy.button_validate()
        self.assertEqual(copy.state, "done")
        self.assertEqual(line.qty_received, 0)
        self.assertEqual(line.move_ids, receipt.move_ids)
        self.assertEqual(rma.state, "confirmed")

    def test_backorder_keeps_the_line_a_return_of_the_return_does_not(self):
        rma = self._confirmed_return(qty=5)
        line = rma.line_ids
        self._receive_partially(rma, 2, backorder=True)
        backorder = rma.return_picking_ids.filtered(lambda p: p.state != "done")
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.move_ids.o2c_return_line_id, line)
        self.assertEqual(line.qty_received, 2)
        self._run(rma, "action_receive")
        self.assertEqual(line.qty_received, 5)
        self.assertEqual(len(line.move_ids), 2)
        # the warehouse sends received goods back with Odoo's return wizard:
        # not a receipt of the line, which keeps what it received
        wizard = (
            self.env(user=self.stock_user)["stock.return.picking"]
            .with_context(active_id=backorder.id, active_model="stock.picking")
            .create({"picking_id": backorder.id})
        )
        wizard.product_return_moves.quantity = 3
        back = wizard._create_return()
        self.assertFalse(back.move_ids.o2c_return_line_id)
        self.assertFalse(back.o2c_return_id)
        self.assertEqual(line.qty_received, 5)
