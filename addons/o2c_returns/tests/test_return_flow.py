# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestReturnFlow(O2cReturnsCommon, MockEmail):
    """Each decision end to end, with the stock quantities checked."""

    def _received_return(self, order, lines):
        rma = self._create_return(order, lines)
        self._run(rma, "action_confirm")
        self._run(rma, "action_receive")
        return rma

    def test_confirm_creates_return_receipt_to_inspection(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 3)])
        self.assertTrue(rma.name.startswith("RMA/"))
        self._run(rma, "action_confirm")
        self.assertEqual(rma.state, "confirmed")
        receipt = rma.return_picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.picking_type_code, "incoming")
        # Odoo's return mechanism: a return of the delivery
        # (the order's transfers now hold the receipt too: in the same second
        # as the delivery, it would come first in their order)
        delivery = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
        )
        self.assertEqual(receipt.return_id, delivery)
        self.assertEqual(receipt.location_dest_id, self._inspection())
        self.assertEqual(receipt.move_ids.product_uom_qty, 3)
        self.assertTrue(receipt.move_ids.to_refund)
        self.assertEqual(
            receipt.move_ids.origin_returned_move_id.sale_line_id, order.order_line
        )

    def test_restock(self):
        order = self._delivered_order()
        sale_line = order.order_line
        stock_before = self._qty_at(self.goods, self.stock_location)
        rma = self._received_return(order, [(self.goods, 4, "restock")])
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.line_ids.qty_received, 4)
        self.assertEqual(self._qty_at(self.goods, self._inspection()), 4)
        # the return reduces what the order delivered
        self.assertEqual(sale_line.qty_delivered, 6)
        self._run(rma, "action_inspect")
        self.assertEqual(rma.state, "inspected")
        self.assertEqual(self._qty_at(self.goods, self._inspection()), 0)
        self.assertEqual(
            self._qty_at(self.goods, self.stock_location), stock_before + 4
        )
        self.assertEqual(rma.line_ids.restock_move_id.state, "done")
        restock = rma.line_ids.restock_move_id.picking_id
        self.assertEqual(restock.state, "done")
        self.assertFalse(
            self.env["stock.picking"].search([("backorder_id", "=", restock.id)])
        )
        # not invoiced yet: no credit note, the invoice bills what was kept
        self._run(rma, "action_done", user=self.returns_manager)
        self.assertEqual(rma.state, "done")
        self.assertFalse(rma.credit_note_ids)
        self.assertEqual(sale_line.qty_to_invoice, 6)

    def test_scrap(self):
        order = self._delivered_order()
        stock_before = self._qty_at(self.goods, self.stock_location)
        rma = self._received_return(order, [(self.goods, 2, "scrap")])
        self._run(rma, "action_inspect")
        scrap = rma.line_ids.scrap_id
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_qty, 2)
        self.assertEqual(self._qty_at(self.goods, self._inspection()), 0)
        self.assertEqual(self._qty_at(self.goods, scrap.scrap_location_id), 2)
        self.assertEqual(self._qty_at(self.goods, self.stock_location), stock_before)

    def test_repair_without_repair_app_schedules_activity(self):
        if "repair.order" in self.env:
            self.skipTest("the repair app is installed: a repair order is made")
        order = self._delivered_order()
        rma = self._received_return(order, [(self.goods, 1, "repair")])
        self._run(rma, "action_inspect")
        activity = rma.activity_ids.filtered(lambda a: "Repair" in (a.summary or ""))
        self.assertEqual(len(activity), 1)
        self.assertIn(self.goods.name, activity.summary)
        self.assertTrue(rma.line_ids.repair_done)
        # the goods wait at the inspection location for the repair
        self.assertEqual(self._qty_at(self.goods, self._inspection()), 1)
        self.assertFalse(rma.line_ids.refund)

    def test_repair_with_repair_app_creates_repair_order(self):
        """With Odoo's Repair app (CI's second database): the inspection's
        repair decision opens a repair order of the returned goods where they
        wait, linked to the sale order; inspecting again makes no second."""
        if "repair.order" not in self.env:
            self.skipTest("needs Odoo's repair app (CI's second database)")
        order = self._delivered_order()
        rma = self._received_return(order, [(self.goods, 2, "repair")])
        self._run(rma, "action_inspect")
        repair = self.env["repair.order"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.product_id, self.goods)
        self.assertEqual(repair.product_qty, 2)
        self.assertEqual(repair.partner_id, order.partner_id)
        self.assertEqual(repair.location_id, self._inspection())
        self.assertEqual(repair.picking_type_id, self.warehouse.repair_type_id)
        self.assertEqual(repair.state, "draft")
        self.assertIn(rma.name, repair.internal_notes)
        self.assertTrue(rma.line_ids.repair_done)
        self.assertIn(repair.name, rma.message_ids[:1].body)
        # no activity: the repair order is the work item
        self.assertFalse(
            rma.activity_ids.filtered(lambda a: "Repair" in (a.summary or ""))
        )
        self.assertEqual(self._qty_at(self.goods, self._inspection()), 2)
        self.env["o2c.return.inspection"]._repair(rma.line_ids)
        self.assertEqual(
            self.env["repair.order"].search_count([("sale_order_id", "=", order.id)]),
            1,
        )

    def test_replace_delivers_again_at_no_charge(self):
        order = self._delivered_order(invoice=True)
        sale_line = order.order_line
        self._commit_stage_log()
        stage = order.o2c_stage
        rma = self._received_return(order, [(self.goods, 3, "replace")])
        self.assertEqual(sale_line.qty_delivered, 7)
        self._run(rma, "action_inspect")
        replacement = rma.line_ids.replacement_move_id.picking_id
        self.assertEqual(replacement.picking_type_code, "outgoing")
        self.assertEqual(replacement.move_ids.product_uom_qty, 3)
        self.assertEqual(replacement.move_ids.sale_line_id, sale_line)
        self.assertIn(replacement, order.picking_ids)
        # a replacement leaves for the customer: it meets the shipment control
        self.assertTrue(replacement.o2c_control_required)
        self.assertEqual(replacement.o2c_control_state, "todo")
        # an open replacement does not reopen the order's lifecycle
        self._commit_stage_log()
        self.assertEqual(order.o2c_stage, stage)
        stock_before = self._qty_at(self.goods, self.stock_location)
        self._deliver(order)
        self.assertEqual(replacement.state, "done")
        self.assertEqual(
            self._qty_at(self.goods, self.stock_location), stock_before - 3
        )
        # delivered whole again, nothing more to invoice: no charge
        self.assertEqual(sale_line.qty_delivered, 10)
        self.assertEqual(sale_line.qty_invoiced, 10)
        self.assertEqual(sale_line.qty_to_invoice, 0)
        self._run(rma, "action_done")
        self.assertFalse(rma.credit_note_ids)
        self._commit_stage_log()
        self.assertEqual(order.o2c_stage, stage)

    def test_refund_only_credit_note_linked_to_order_line(self):
        order = self._delivered_order(invoice=True)
        invoice = order.invoice_ids
        self._pay(invoice)
        self._commit_stage_log()
        self.assertEqual(order.o2c_stage, "done")
        sale_line = order.order_line
        rma = self._received_return(order, [(self.goods, 2, "refund_only")])
        self.assertTrue(rma.line_ids.refund)
        self._run(rma, "action_inspect")
        # goods stay at the inspection location
        self.assertEqual(self._qty_at(self.goods, self._inspection()), 2)
        with self.assertRaises(AccessError):
            self._run(rma, "action_done")  # refunds are a manager's decision
        self._run(rma, "action_done", user=self.returns_manager)
        credit_note = rma.credit_note_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.invoice_line_ids.sale_line_ids, sale_line)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 2)
        self.assertEqual(credit_note.invoice_line_ids.price_unit, sale_line.price_unit)
        self.assertEqual(rma.line_ids.credit_note_id, credit_note)
        self.assertIn(credit_note, order.invoice_ids)
        # the order's quantities agree: 8 delivered, 8 invoiced
        self.assertEqual(sale_line.qty_delivered, 8)
        self.assertEqual(sale_line.qty_invoiced, 8)
        self.assertEqual(sale_line.qty_to_invoice, 0)
        self.env(user=self.invoice_user)["account.move"].browse(
            credit_note.ids
        ).action_post()
        # the return's credit note does not reopen the paid order
        self._commit_stage_log()
        self.assertEqual(order.o2c_stage, "done")

    def test_restock_of_invoiced_goods_is_credited(self):
        order = self._delivered_order(invoice=True)
        rma = self._received_return(order, [(self.goods, 4, "restock")])
        self._run(rma, "action_inspect")
        self._run(rma, "action_done", user=self.returns_manager)
        self.assertEqual(rma.credit_note_ids.invoice_line_ids.quantity, 4)
        self.assertEqual(order.order_line.qty_invoiced, 6)
        rma_as_manager = rma.with_user(self.returns_manager)
        for action, model, records in (
            (
                rma_as_manager.action_view_pickings(),
                "stock.picking",
                rma.return_picking_ids,
            ),
            (
                rma_as_manager.action_view_credit_notes(),
                "account.move",
                rma.credit_note_ids,
            ),
        ):
            self.assertEqual(action["res_model"], model)
            self.assertEqual(action["context"], {"create": False})
            self.assertEqual(self.env[model].search(action["domain"]), records)
        self.assertEqual(order.order_line.qty_to_invoice, 0)

    def test_receipt_confirmation_mail_once(self):
        self.customer.lang = "en_US"
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 2)])
        self._run(rma, "action_confirm")
        self.assertFalse(rma.receipt_mail_sent)
        with self.mock_mail_gateway():
            self._receive_partially(rma, 2)
        self.assertEqual(rma.state, "received")
        self.assertTrue(rma.receipt_mail_sent)
        messages = rma.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertEqual(len(messages), 1)
        self.assertIn(rma.name, messages.subject)
        self.assertIn(self.goods.name, messages.body)
        self.assertEqual(
            len(self._new_mails.filtered(lambda m: rma.name in m.subject)), 1
        )
        # a second receive does nothing, and sends nothing
        self._run(rma, "action_receive")
        self.assertEqual(
            len(rma.message_ids.filtered(lambda m: self.customer in m.partner_ids)), 1
        )

    def test_receipt_confirmation_in_german(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"].search(
            [("name", "=", "o2c_returns")]
        )._load_module_terms(["o2c_returns"], ["de_DE"], overwrite=True)
        self.customer.lang = "de_DE"
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        self._run(rma, "action_confirm")
        self._run(rma, "action_receive")
        message = rma.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertIn("Wir haben Ihre Retoure", message.subject)
        self.assertIn("Wir prüfen die Ware jetzt", message.body)

    def test_back_in_stock_notice_once(self):
        waiting_customer = self.env["res.partner"].create(
            {"name": "Wartend AG", "email": "wartend@example.com"}
        )
        rare = self._create_product(
            name="Sonderteil", type="consu", is_storable=True, invoice_policy="delivery"
        )
        self._put_in_stock(rare, 5)
        order = self._delivered_order(lines=[(rare, 5)])
        waiting = self._create_order([(rare, 2)], partner=waiting_customer)
        self._confirm(waiting)
        self.assertEqual(waiting.picking_ids.state, "confirmed")
        rma = self._received_return(order, [(rare, 1, "restock")])
        self._run(rma, "action_inspect")
        notices = waiting.message_ids.filtered(
            lambda m: m.message_type == "comment" and waiting_customer in m.partner_ids
        )
        self.assertEqual(len(notices), 1)
        self.assertIn(rare.name, notices.body)
        self.assertTrue(waiting.order_line.o2c_back_in_stock_notified)
        self.assertEqual(waiting.picking_ids.move_ids.quantity, 1)
        # the next restock completes the delivery but tells nobody twice
        rma_2 = self._received_return(order, [(rare, 1, "restock")])
        self._run(rma_2, "action_inspect")
        self.assertEqual(waiting.picking_ids.state, "assigned")
        notices = waiting.message_ids.filtered(
            lambda m: m.message_type == "comment" and waiting_customer in m.partner_ids
        )
        self.assertEqual(len(notices), 1)
        # the customer whose return it was is not told anything
        self.assertFalse(order.order_line.o2c_back_in_stock_notified)

    def test_cancel_before_receipt_frees_quantity(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 10)])
        self._run(rma, "action_confirm")
        self._run(rma, "action_cancel")
        self.assertEqual(rma.state, "cancelled")
        self.assertEqual(rma.return_picking_ids.state, "cancel")
        again = self._create_return(order, [(self.goods, 10)])
        self.assertEqual(again.line_ids.qty, 10)
