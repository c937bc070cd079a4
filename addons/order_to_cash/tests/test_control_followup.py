# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_fulfilment import O2cFulfilmentCommon


@tagged("post_install", "-at_install")
class TestO2cControlFollowup(O2cFulfilmentCommon):
    """A failed control reorders the missing goods and claims the defective
    ones from the vendor (without purchase or manufacturing installed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # goods missing in stock are fetched from the reserve store
        cls.reserve = cls.env["stock.location"].create(
            {
                "name": "Reservelager",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
                "company_id": cls.company.id,
            }
        )
        cls.route = cls.env["stock.route"].create(
            {
                "name": "Nachschub aus dem Reservelager",
                "product_selectable": True,
                "company_id": cls.company.id,
                "rule_ids": [
                    Command.create(
                        {
                            "name": "Reservelager → Lager",
                            "action": "pull",
                            "procure_method": "make_to_stock",
                            "location_src_id": cls.reserve.id,
                            "location_dest_id": cls.stock_location.id,
                            "picking_type_id": cls.warehouse.int_type_id.id,
                            "company_id": cls.company.id,
                        }
                    )
                ],
            }
        )
        cls.goods.route_ids = [Command.link(cls.route.id)]
        cls.vendor = cls.env["res.partner"].create({"name": "Wälzlager AG"})
        cls.Followup = cls.env["o2c.control.followup"]

    def _receive(self, product, qty):
        """A done receipt of ``qty`` from the vendor."""
        receipt = self._receipt(product, qty, partner=self.vendor)
        receipt.action_confirm()
        receipt.move_ids.write({"quantity": qty, "picked": True})
        receipt.button_validate()
        self.assertEqual(receipt.state, "done")
        return receipt

    def _assert_refill_from_the_reserve(self, refill, order, picking, origin):
        """The missing unit of the goods with a route is a replenishment: an
        internal transfer from the reserve store, named after the order and
        the delivery, not a delivery of the order."""
        self.assertEqual(refill.kind, "replenishment")
        self.assertEqual(refill.qty, 2)
        self.assertEqual(refill.picking_id, picking)
        self.assertEqual(refill.origin, origin)
        # an internal transfer from the reserve store, named after the
        # order and the delivery, not a delivery of the order
        transfer = refill.document_ref
        self.assertEqual(transfer._name, "stock.picking")
        self.assertEqual(transfer.origin, origin)
        self.assertEqual(transfer.location_id, self.reserve)
        self.assertEqual(transfer.move_ids.product_uom_qty, 2)
        self.assertNotIn(transfer, order.picking_ids)
        self.assertEqual(refill.date_expected, transfer.scheduled_date)
        self.assertFalse(refill.note)

    def _assert_other_by_the_reception(self, other, origin):
        """The other product has no route of its own: the warehouse's
        reception; where Purchase is installed, the warehouse buys, and a
        product without a vendor is left to a person, named in the note."""
        if "purchase.order" in self.env:
            self.assertFalse(other.document_ref)
            self.assertIn("Could not reorder 1 Units [WE-20] Welle", other.note)
            self.assertIn(self.goods_2.display_name, other.note)
            self.assertIn("vendor", other.note)
        else:
            receipt = other.document_ref
            self.assertEqual(receipt.picking_type_id, self.warehouse.in_type_id)
            self.assertEqual(receipt.origin, origin)
            self.assertEqual(receipt.move_ids.product_uom_qty, 1)
            self.assertFalse(receipt.partner_id)

    def test_missing_goods_are_reordered_once(self):
        order = self._confirmed_order([(self.goods, 5), (self.goods_2, 2)])
        picking = self._picking(order)
        origin = f"{order.name}, {picking.name}"
        picking.action_o2c_control_fail(
            "Karton fehlt",
            missing=[
                {"product_id": self.goods.id, "qty": 2},
                {"product_id": self.goods_2.id, "qty": 1},
            ],
        )
        self.assertEqual(picking.o2c_control_state, "failed")
        followups = order.with_user(self.salesman).o2c_control_followup_ids
        self.assertEqual(order.o2c_control_followup_count, 2)
        refill = followups.filtered(lambda f: f.product_id == self.goods)
        self._assert_refill_from_the_reserve(refill, order, picking, origin)
        self._assert_other_by_the_reception(followups - refill, origin)

        # failed again for the same goods: nothing reordered twice; one
        # more missing unit is reordered alone
        picking.action_o2c_control_fail(
            "Immer noch", missing=[{"product_id": self.goods.id, "qty": 2}]
        )
        self.assertEqual(order.o2c_control_followup_count, 2)
        picking.action_o2c_control_fail(
            "Noch eins", missing=[{"product_id": self.goods.id, "qty": 3}]
        )
        new = order.o2c_control_followup_ids - followups
        self.assertEqual(new.qty, 1)
        self.assertEqual(new.document_ref.move_ids.product_uom_qty, 1)
        # the order's smart button lists them
        action = order.with_user(self.salesman).action_view_o2c_control_followups()
        self.assertEqual(
            self.Followup.with_user(self.salesman).search(action["domain"]),
            order.o2c_control_followup_ids,
        )

    def test_missing_goods_without_rule_go_to_a_person(self):
        self.warehouse.reception_route_id.active = False
        order = self._confirmed_order([(self.goods_2, 2)])
        picking = self._picking(order)
        picking.action_o2c_control_fail(
            "Fehlt", missing=[{"product_id": self.goods_2.id, "qty": 1}]
        )
        by_hand = order.o2c_control_followup_ids
        self.assertFalse(by_hand.document_ref)
        self.assertFalse(by_hand.date_expected)
        self.assertIn("Could not reorder 1 Units [WE-20] Welle", by_hand.note)
        self.assertIn(f"{order.name}, {picking.name}", by_hand.note)
        # the control's activity names the quantity to reorder
        self.assertIn("reorder them by hand", picking.activity_ids.note)
        self.assertIn("1 Units [WE-20] Welle 20 mm", picking.activity_ids.note)

    def test_defective_goods_are_returned_to_the_vendor(self):
        receipt = self._receive(self.goods, 10)
        self.goods_2.seller_ids = [Command.create({"partner_id": self.vendor.id})]
        order = self._confirmed_order([(self.goods, 5), (self.goods_2, 2)])
        picking = self._picking(order)
        picking.action_o2c_control_fail(
            "Lager defekt",
            defective=[
                {"product_id": self.goods.id, "qty": 1},
                {"product_id": self.goods_2.id, "qty": 2},
            ],
        )
        claims = order.o2c_control_followup_ids
        self.assertEqual(set(claims.mapped("kind")), {"claim"})
        claim = claims.filtered(lambda f: f.product_id == self.goods)
        returned = claim.document_ref
        self.assertEqual(returned.return_id, receipt)
        self.assertEqual(returned.picking_type_id.code, "outgoing")
        self.assertEqual(returned.move_ids.product_uom_qty, 1)
        self.assertIn(order.name, returned.origin)
        self.assertIn(picking.name, returned.origin)
        self.assertIn(receipt.name, returned.origin)
        self.assertEqual(claim.vendor_id, self.vendor)
        # never received: the vendor of the product is named to a person
        other = claims - claim
        self.assertFalse(other.document_ref)
        self.assertEqual(other.vendor_id, self.vendor)
        self.assertIn("Wälzlager AG", picking.activity_ids.note)
        # failed again: no second return
        picking.action_o2c_control_fail(
            "Lager defekt", defective=[{"product_id": self.goods.id, "qty": 1}]
        )
        self.assertEqual(order.o2c_control_followup_ids, claims)
        self.assertEqual(
            self.env["stock.picking"].search_count([("return_id", "=", receipt.id)]),
            1,
        )

    def test_wizard_lines_are_prefilled_and_followed_up(self):
        order = self._confirmed_order([(self.goods, 5), (self.goods_2, 2)])
        picking = self._picking(order)
        Wizard = self.env["o2c.control.fail.wizard"].with_user(self.stock_user)
        wizard = Wizard.create(
            {"picking_ids": [Command.set(picking.ids)], "reason": "Fehlt"}
        )
        self.assertEqual(wizard.line_ids.product_id, self.goods | self.goods_2)
        self.assertEqual(wizard.line_ids.picking_id, picking)
        wizard.line_ids.filtered(lambda x: x.product_id == self.goods).qty_missing = 2
        wizard.action_confirm()
        self.assertEqual(picking.o2c_control_state, "failed")
        self.assertEqual(order.o2c_control_followup_ids.qty, 2)
        self.assertIn("Missing: 2 Units", picking.o2c_control_reason)
        # too much: refused naming the field, nothing done
        wizard = Wizard.create(
            {"picking_ids": [Command.set(picking.ids)], "reason": "Fehlt"}
        )
        wizard.line_ids.filtered(lambda x: x.product_id == self.goods).qty_missing = 9
        with self.assertRaisesRegex(ValidationError, r"missing\[0\]\.qty"):
            wizard.action_confirm()

    def test_salesman_cannot_fail_or_reorder(self):
        order = self._confirmed_order()
        picking = order.picking_ids.with_user(self.salesman)
        groups = self.env["procurement.group"].search_count([])
        with self.assertRaises(AccessError):
            picking.action_o2c_control_fail(
                "Fehlt", missing=[{"product_id": self.goods.id, "qty": 1}]
            )
        self.assertEqual(self.env["procurement.group"].search_count([]), groups)
        self.assertFalse(order.o2c_control_followup_ids)
        vals = {
            "picking_id": picking.id,
            "order_id": order.id,
            "company_id": self.company.id,
            "kind": "replenishment",
            "product_id": self.goods.id,
            "qty": 1,
        }
        # nobody records a follow-up by hand, not even the warehouse
        for user in (self.salesman, self.stock_user):
            with self.assertRaises(AccessError):
                self.Followup.with_user(user).create(vals)
        self._picking(order).action_o2c_control_fail(
            "Fehlt", missing=[{"product_id": self.goods.id, "qty": 1}]
        )
        followup = order.o2c_control_followup_ids
        for user in (self.salesman, self.stock_user):
            with self.assertRaises(AccessError):
                followup.with_user(user).write({"qty": 0})
        # another salesperson with personal orders does not see them
        other = self._company_user(
            login="o2c_salesman_2", groups="sales_team.group_sale_salesman"
        )
        self.assertFalse(self.Followup.with_user(other).search([]))
        self.assertEqual(self.Followup.with_user(self.salesman).search([]), followup)

    def test_bad_goods_are_refused_naming_them(self):
        order = self._confirmed_order()
        picking = self._picking(order)
        for items, text in (
            ([{"product_id": 999999999, "qty": 1}], r"missing\[0\]\.product_id"),
            ([{"product_id": self.goods_2.id, "qty": 1}], r"missing\[0\]\.product_id"),
            ([{"product_id": self.goods.id, "qty": 0}], r"missing\[0\]\.qty"),
            ([{"product_id": self.goods.id, "qty": -1}], r"missing\[0\]\.qty"),
            ([{"product_id": self.goods.id, "qty": 6}], r"missing\[0\]\.qty"),
            (
                [{"product_id": self.goods.id, "qty": 3}] * 2,
                (
                    r"missing\[1\]\.qty: \[KL-6204\] Kugellager 6204 is given "
                    r"more than once, 6 in all, more than the 5"
                ),
            ),
        ):
            with (
                self.subTest(items=items),
                self.assertRaisesRegex(ValidationError, text),
            ):
                picking.action_o2c_control_fail("Fehlt", missing=items)
        with self.assertRaisesRegex(ValidationError, r"defective\[0\]\.qty"):
            picking.action_o2c_control_fail(
                "Kaputt", defective=[{"product_id": self.goods.id, "qty": "viel"}]
            )
        self.assertEqual(picking.o2c_control_state, "todo")
        self.assertFalse(order.o2c_control_followup_ids)

    def test_followup_query_budget(self):
        """Failing a control of two products (one reordered, one claimed)
        stays within its budget; failed again it creates nothing."""
        self._receive(self.goods_2, 10)
        warmup = self._picking(self._confirmed_order([(self.goods, 1)]))
        warmup.action_o2c_control_fail(
            "Fehlt", missing=[{"product_id": self.goods.id, "qty": 1}]
        )
        order = self._confirmed_order([(self.goods, 5), (self.goods_2, 2)])
        picking = self._picking(order)
        items = {
            "missing": [{"product_id": self.goods.id, "qty": 2}],
            "defective": [{"product_id": self.goods_2.id, "qty": 1}],
        }
        self.env.flush_all()
        self.env.invalidate_all()
        # 201 measured (226 under Odoo's runner, demo data installed): the
        # control's record, note and activity (73, see below), the
        # replenishment's lead time (the product's rules at the warehouse),
        # an internal transfer from the reserve store (procurement,
        # confirmed) and a return to the vendor (core's return wizard:
        # copied receipt, confirmed, reserved)
        with self.assertQueryCount(230):
            picking.action_o2c_control_fail("Fehlt", **items)
            self.env.flush_all()
        self.assertEqual(len(order.o2c_control_followup_ids), 2)
        self.env.invalidate_all()
        # 73 measured (87 under Odoo's runner): nothing followed up twice
        # (one search of the follow-ups besides the control's record, note
        # and activity, and the order's promise checked against the
        # forecast and the replenishment's lead time: the product's rules
        # at the warehouse, about 11)
        with self.assertQueryCount(90):
            picking.action_o2c_control_fail("Fehlt", **items)
            self.env.flush_all()
        self.assertEqual(len(order.o2c_control_followup_ids), 2)
