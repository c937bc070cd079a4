# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fields of a return that only its actions change (its status, the
receipt, the transfers and credit notes, the inspection's results) are
refused to write() and create() from anyone else, default_* context keys
cannot give them a value, and no context key lets a caller around that:
attacks as the least-privileged users who could try, then the actions still
doing their job."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.order_to_cash.models.o2c_guard import o2c_action_scope

from .common import O2cReturnsCommon

REFUSED = "cannot be set by hand"


@tagged("post_install", "-at_install")
class TestReturnGuardCommon(O2cReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # returns user and nothing else: records, receives and inspects
        cls.returns_user = cls._company_user(
            login="o2c_guard_returns_user",
            name="Rudi Retoure",
            groups="stock.group_stock_user,o2c_returns.group_o2c_returns_user",
        )

    def _assert_refused(self, field, call):
        """``call`` is refused by the guard, naming ``field``."""
        with self.assertRaises(UserError) as catcher:
            call()
        self.assertNotIsInstance(catcher.exception, AccessError)
        message = str(catcher.exception)
        self.assertIn(REFUSED, message)
        self.assertIn(f"({field})", message)

    def _received_return(self, decision="restock", invoice=False):
        order = self._delivered_order([(self.goods, 4)], invoice=invoice)
        rma = self._create_return(order, [(self.goods, 2, decision)])
        self._run(rma, "action_confirm")
        self._run(rma, "action_receive")
        self.assertEqual(rma.state, "received")
        return rma


@tagged("post_install", "-at_install")
class TestReturnFieldsGuard(TestReturnGuardCommon):
    def _return_values(self, other):
        """A value for every protected field of o2c.return."""
        return {
            "state": "done",
            "date_received": "2026-03-01 10:00:00",
            "receipt_mail_sent": True,
            "origin": "portal",
            "return_picking_ids": [Command.link(other.return_picking_ids[:1].id)],
            "credit_note_ids": [Command.set([])],
        }

    def test_write_refused(self):
        other = self._received_return()
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        for user in (self.returns_user, self.salesman):
            for field, value in self._return_values(other).items():
                with self.subTest(user=user.login, field=field):
                    self._assert_refused(
                        field,
                        lambda u=user, f=field, v=value: rma.with_user(u).write({f: v}),
                    )
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.origin, "staff")
        self.assertFalse(rma.return_picking_ids)
        self.assertEqual(len(other.return_picking_ids), 1)

    def test_create_refused(self):
        other = self._received_return()
        order = self._delivered_order()
        before = self.env["o2c.return"].search_count([])
        for field, value in self._return_values(other).items():
            with self.subTest(field=field):
                self._assert_refused(
                    field,
                    lambda f=field, v=value: self.env(user=self.salesman)[
                        "o2c.return"
                    ].create(
                        {
                            "order_id": order.id,
                            "line_ids": [
                                Command.create({"product_id": self.goods.id, "qty": 1})
                            ],
                            f: v,
                        }
                    ),
                )
        self.assertEqual(self.env["o2c.return"].search_count([]), before)

    def test_default_context_keys_ignored(self):
        other = self._received_return()
        order = self._delivered_order()
        defaults = {
            f"default_{field}": value
            for field, value in self._return_values(other).items()
        }
        defaults["default_return_picking_ids"] = [
            Command.set(other.return_picking_ids.ids)
        ]
        rma = (
            self.env(user=self.salesman, context=defaults)["o2c.return"]
            .create(
                {
                    "order_id": order.id,
                    "line_ids": [
                        Command.create({"product_id": self.goods.id, "qty": 1})
                    ],
                }
            )
            .with_env(self.env)
        )
        self.assertEqual(rma.state, "draft")
        self.assertFalse(rma.date_received)
        self.assertFalse(rma.receipt_mail_sent)
        self.assertEqual(rma.origin, "staff")
        self.assertFalse(rma.return_picking_ids)
        self.assertEqual(other.return_picking_ids.o2c_return_id, other)

    def test_old_state_context_key_has_no_effect(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        env = self.env(user=self.returns_user, context={"o2c_return_set_state": True})
        self._assert_refused(
            "state", lambda: env["o2c.return"].browse(rma.ids).write({"state": "done"})
        )
        self._assert_refused(
            "state",
            lambda: env["o2c.return"].create(
                {"order_id": order.id, "state": "received"}
            ),
        )
        self.assertEqual(rma.state, "draft")

    def test_mail_gateway_entry_refuses_protected_values(self):
        """message_new is public: an RPC caller cannot pass protected values
        through it; the e-mail origin is still set by the gateway."""
        Return = self.env(user=self.returns_user)["o2c.return"]
        msg = {
            "subject": "Retoure",
            "author_id": self.customer.id,
            "email_from": self.customer.email,
            "body": "Bitte zurücknehmen",
        }
        for field, value in (("state", "done"), ("origin", "portal")):
            with self.subTest(field=field):
                self._assert_refused(
                    field,
                    lambda f=field, v=value: Return.message_new(dict(msg), {f: v}),
                )
        rma = Return.message_new(dict(msg))
        self.assertEqual(rma.origin, "email")
        self.assertEqual(rma.state, "draft")


@tagged("post_install", "-at_install")
class TestReturnLineFieldsGuard(TestReturnGuardCommon):
    def _line_values(self, rma):
        move = rma.return_picking_ids.move_ids[:1]
        scrap = self.env["stock.scrap"].create(
            {"product_id": self.goods.id, "scrap_qty": 1}
        )
        invoice = self.env["account.move"].search(
            [("move_type", "=", "out_invoice")], limit=1
        )
        return {
            "qty_received": 7,
            "sale_line_id": rma.order_id.order_line[:1].id,
            "move_ids": [Command.link(move.id)],
            "restock_move_id": move.id,
            "scrap_id": scrap.id,
            "replacement_move_id": move.id,
            "repair_done": True,
            "credit_note_id": invoice.id,
        }

    def test_write_refused(self):
        rma = self._received_return()
        values = self._line_values(rma)
        line = rma.line_ids
        for user in (self.returns_user, self.salesman):
            for field, value in values.items():
                with self.subTest(user=user.login, field=field):
                    self._assert_refused(
                        field,
                        lambda u=user, f=field, v=value: line.with_user(u).write(
                            {f: v}
                        ),
                    )
                    # nor through the return's lines
                    self._assert_refused(
                        field,
                        lambda u=user, f=field, v=value: rma.with_user(u).write(
                            {"line_ids": [Command.update(line.id, {f: v})]}
                        ),
                    )
        self.assertEqual(line.qty_received, 2)
        self.assertFalse(line.restock_move_id | line.replacement_move_id)
        self.assertFalse(line.scrap_id or line.repair_done or line.credit_note_id)

    def test_create_refused(self):
        rma = self._received_return()
        values = self._line_values(rma)
        order = self._delivered_order()
        draft = self._create_return(order, [(self.goods, 1)])
        for field, value in values.items():
            with self.subTest(field=field):
                self._assert_refused(
                    field,
                    lambda f=field, v=value: self.env(user=self.returns_user)[
                        "o2c.return.line"
                    ].create(
                        {
                            "return_id": draft.id,
                            "product_id": self.goods.id,
                            "qty": 1,
                            f: v,
                        }
                    ),
                )
        self.assertEqual(len(draft.line_ids), 1)

    def test_default_context_keys_ignored(self):
        rma = self._received_return()
        values = self._line_values(rma)
        defaults = {f"default_{field}": value for field, value in values.items()}
        order = self._delivered_order()
        draft = self._create_return(order, [(self.goods, 1)])
        line = (
            self.env(user=self.returns_user, context=defaults)["o2c.return.line"]
            .create({"return_id": draft.id, "product_id": self.goods.id, "qty": 2})
            .with_env(self.env)
        )
        self.assertFalse(line.qty_received)
        self.assertFalse(line.move_ids)
        self.assertFalse(line.restock_move_id | line.replacement_move_id)
        self.assertFalse(line.scrap_id or line.repair_done or line.credit_note_id)
        self.assertEqual(line.sale_line_id, order.order_line)

    def test_inspector_inputs_only_until_inspected(self):
        """decision, refund and note are the inspector's: written while the
        return is received, final once it is inspected."""
        rma = self._received_return(decision="repair")
        line = rma.line_ids.with_user(self.returns_user)
        line.write({"decision": "scrap", "note": "Lager rau", "refund": False})
        self.assertEqual(rma.line_ids.decision, "scrap")
        self._run(rma, "action_inspect", user=self.returns_user)
        self.assertEqual(rma.state, "inspected")
        self.assertTrue(rma.line_ids.scrap_id)
        for field, value in (
            ("decision", "restock"),
            ("refund", True),
            ("note", "doch gut"),
        ):
            with self.subTest(field=field), self.assertRaises(UserError):
                line.write({field: value})
        self.assertEqual(rma.line_ids.decision, "scrap")
        self.assertEqual(rma.line_ids.note, "Lager rau")


@tagged("post_install", "-at_install")
class TestReturnLinksGuard(TestReturnGuardCommon):
    """stock.picking and account.move: the link to the return is set by the
    return's actions only."""

    def test_picking_link_refused(self):
        rma = self._received_return()
        order = self._delivered_order()
        delivery = order.picking_ids.with_user(self.returns_user)
        receipt = rma.return_picking_ids.with_user(self.returns_user)
        self._assert_refused(
            "o2c_return_id", lambda: delivery.write({"o2c_return_id": rma.id})
        )
        self._assert_refused(
            "o2c_return_id", lambda: receipt.write({"o2c_return_id": False})
        )
        Picking = self.env(user=self.returns_user)["stock.picking"]
        picking_vals = {
            "picking_type_id": self.warehouse.in_type_id.id,
            "location_id": self.env.ref("stock.stock_location_customers").id,
            "location_dest_id": self.warehouse.lot_stock_id.id,
        }
        self._assert_refused(
            "o2c_return_id",
            lambda: Picking.create(dict(picking_vals, o2c_return_id=rma.id)),
        )
        self._assert_refused(
            "o2c_return_id", lambda: delivery.copy({"o2c_return_id": rma.id})
        )
        picking = Picking.with_context(default_o2c_return_id=rma.id).create(
            picking_vals
        )
        self.assertFalse(picking.o2c_return_id)
        self.assertEqual(rma.return_picking_ids, receipt)

    def test_credit_note_link_refused(self):
        rma = self._received_return()
        order = self._delivered_order(invoice=True)
        invoice = order.invoice_ids.with_user(self.invoice_user)
        self._assert_refused(
            "o2c_return_id", lambda: invoice.write({"o2c_return_id": rma.id})
        )
        Move = self.env(user=self.invoice_user)["account.move"]
        vals = {"move_type": "out_refund", "partner_id": self.customer.id}
        self._assert_refused(
            "o2c_return_id", lambda: Move.create(dict(vals, o2c_return_id=rma.id))
        )
        refund = Move.with_context(default_o2c_return_id=rma.id).create(vals)
        self.assertFalse(refund.o2c_return_id)
        self.assertFalse(rma.credit_note_ids)


@tagged("post_install", "-at_install")
class TestReturnWizardGuard(TestReturnGuardCommon):
    """Odoo's return wizard cannot attach a transfer to a return nor send it
    to the return's inspection location: neither by context keys nor by the
    wizard's own fields, which only the return's confirmation sets."""

    def _delivery(self, order):
        return order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")

    def _wizard(self, delivery, context=None, **values):
        env = self.env(user=self.returns_user, context=context or {})
        return env["stock.return.picking"].create({"picking_id": delivery.id, **values})

    def test_old_context_keys_have_no_effect(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 2)])
        self._run(rma, "action_confirm")
        receipts_before = rma.return_picking_ids
        line = rma.line_ids
        wizard = self._wizard(
            self._delivery(order),
            context={
                "o2c_return_id": rma.id,
                "o2c_inspection_location_id": self._inspection().id,
                "default_o2c_return_id": rma.id,
                "default_o2c_location_dest_id": self._inspection().id,
            },
        )
        wizard.product_return_moves.quantity = 1
        action = wizard.action_create_returns()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        self.assertFalse(receipt.o2c_return_id)
        self.assertNotEqual(receipt.location_dest_id, self._inspection())
        self.assertFalse(receipt.move_ids.o2c_return_line_id)
        self.assertEqual(rma.return_picking_ids, receipts_before)
        receipt.move_ids.quantity = 1
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(line.qty_received, 0)
        self.assertEqual(rma.state, "confirmed")

    def test_wizard_fields_refused(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 2)])
        self._run(rma, "action_confirm")
        delivery = self._delivery(order)
        self._assert_refused(
            "o2c_return_id", lambda: self._wizard(delivery, o2c_return_id=rma.id)
        )
        self._assert_refused(
            "o2c_location_dest_id",
            lambda: self._wizard(delivery, o2c_location_dest_id=self._inspection().id),
        )
        wizard = self._wizard(delivery)
        self._assert_refused(
            "o2c_return_id", lambda: wizard.write({"o2c_return_id": rma.id})
        )
        wizard_line = wizard.product_return_moves
        self._assert_refused(
            "o2c_return_line_id",
            lambda: wizard_line.write({"o2c_return_line_id": rma.line_ids.id}),
        )
        self._assert_refused(
            "o2c_return_line_id",
            lambda: wizard.write(
                {
                    "product_return_moves": [
                        Command.update(
                            wizard_line.id, {"o2c_return_line_id": rma.line_ids.id}
                        )
                    ]
                }
            ),
        )
        # a default for the line's link is refused or has no effect
        try:
            wizard = self._wizard(
                delivery, context={"default_o2c_return_line_id": rma.line_ids.id}
            )
        except UserError as error:
            self.assertIn(REFUSED, str(error))
        else:
            self.assertFalse(wizard.product_return_moves.o2c_return_line_id)
        self.assertEqual(len(rma.return_picking_ids), 1)

    def test_confirmation_still_creates_linked_receipts(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 3, "restock")])
        self._run(rma, "action_confirm", user=self.returns_user)
        receipt = rma.return_picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.o2c_return_id, rma)
        self.assertEqual(receipt.location_dest_id, self._inspection())
        self.assertEqual(receipt.move_ids.o2c_return_line_id, rma.line_ids)
        # the wizard is gone with its links: nothing left to run again
        self.assertFalse(
            self.env["stock.return.picking"].search([("o2c_return_id", "=", rma.id)])
        )
        # had one been left, its public buttons would refuse to run it
        with o2c_action_scope("stock.return.picking"):
            wizard = self._wizard(self._delivery(order), o2c_return_id=rma.id)
        with self.assertRaisesText(UserError, "by confirming the return"):
            wizard.action_create_returns_all()
        self.assertEqual(rma.return_picking_ids, receipt)
        self._run(rma, "action_receive", user=self.returns_user)
        self.assertEqual(rma.state, "received")
        self.assertTrue(rma.date_received)
        self.assertTrue(rma.receipt_mail_sent)
        self.assertEqual(rma.line_ids.qty_received, 3)


@tagged("post_install", "-at_install")
class TestReturnActionsStillWork(TestReturnGuardCommon):
    def test_whole_flow_with_refund(self):
        rma = self._received_return(decision="restock", invoice=True)
        self._run(rma, "action_inspect", user=self.returns_user)
        self.assertEqual(rma.state, "inspected")
        self.assertTrue(rma.line_ids.restock_move_id)
        self.assertEqual(rma.line_ids.restock_move_id.picking_id.o2c_return_id, rma)
        self._run(rma, "action_done", user=self.returns_manager)
        self.assertEqual(rma.state, "done")
        self.assertEqual(len(rma.credit_note_ids), 1)
        self.assertEqual(rma.line_ids.credit_note_id, rma.credit_note_ids)
        # the warehouse, without accounting rights, still reads the return
        [read] = rma.with_user(self.stock_user).read(["state", "credit_note_count"])
        self.assertEqual(read["credit_note_count"], 1)

    def test_replace_and_repair(self):
        rma = self._received_return(decision="replace")
        self._run(rma, "action_inspect", user=self.returns_user)
        self.assertEqual(rma.line_ids.replacement_move_id.picking_id.o2c_return_id, rma)
        other = self._received_return(decision="repair")
        self._run(other, "action_inspect", user=self.returns_user)
        self.assertTrue(other.line_ids.repair_done)

    def test_cancel(self):
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        self._run(rma, "action_confirm", user=self.returns_user)
        self._run(rma, "action_cancel", user=self.returns_user)
        self.assertEqual(rma.state, "cancelled")
        self.assertEqual(rma.return_picking_ids.state, "cancel")
