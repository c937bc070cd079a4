# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""With Odoo's Manufacturing and Purchase apps installed (they stay optional):
the production stage names the manufacturing and purchase orders an order
waits for, and the next possible date counts the BoM's manufacturing lead
time, the components' availability and the vendors' lead times.

These tests need ``mrp`` and ``purchase_stock``: they are skipped in a
database without them and run in CI's second database (``.ci/run``: the
addons' tests with mrp, purchase_stock and repair installed)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .test_fulfilment import O2cFulfilmentCommon
from .test_review import O2cReviewCommon


@tagged("post_install", "-at_install")
class TestO2cManufacturePurchase(O2cReviewCommon, O2cFulfilmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.apps_installed = "mrp.production" in cls.env and "purchase.order" in cls.env
        if not cls.apps_installed:
            return
        cls.company.security_lead = 1.0
        cls.mto_route = cls.env.ref("stock.route_warehouse0_mto")
        cls.mto_route.action_unarchive()
        cls.buy_route = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.manufacture_route = cls.env.ref("mrp.route_warehouse0_manufacture")
        cls.vendor = cls.env["res.partner"].create({"name": "Gehäusebau AG"})
        cls.housing = cls._create_product(
            name="Gehäuse", type="consu", is_storable=True, standard_price=40.0
        )
        cls.cabinet = cls._create_product(
            name="Schaltschrank", type="consu", is_storable=True, lst_price=900.0
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.cabinet.product_tmpl_id.id,
                "product_qty": 1.0,
                "produce_delay": 5,
                "company_id": cls.company.id,
                "bom_line_ids": [
                    Command.create({"product_id": cls.housing.id, "product_qty": 2.0})
                ],
            }
        )
        cls.bought = cls._create_product(
            name="Zukaufmotor", type="consu", is_storable=True, lst_price=300.0
        )
        cls.env["product.supplierinfo"].create(
            {
                "product_tmpl_id": cls.bought.product_tmpl_id.id,
                "partner_id": cls.vendor.id,
                "price": 180.0,
                "delay": 7,
            }
        )

    def setUp(self):
        super().setUp()
        if not self.apps_installed:
            self.skipTest("needs Odoo's mrp and purchase_stock (CI's second database)")
        # the time stands still at the database's day: the BoM overview reads
        # the stock forecast of a database view built on PostgreSQL's now()
        self.now = fields.Datetime.now()
        freezer = freeze_time(self.now)
        freezer.start()
        self.addCleanup(freezer.stop)

    def _routes(self, product, *routes):
        product.route_ids = [Command.set([route.id for route in routes])]

    def _promised(self, product, qty=1):
        order = self._create_order([(product, qty)])
        self._review(order)
        return order.o2c_promised_date

    # --- the next possible date ------------------------------------------------

    def test_manufactured_with_components_in_stock(self):
        """Components in stock: the BoM's manufacturing lead time (5 days)
        plus the company's safety day."""
        self._routes(self.cabinet, self.manufacture_route)
        self._put_in_stock(self.housing, 10)
        self.assertEqual(self._promised(self.cabinet, 2), self.now + timedelta(days=6))

    def test_manufactured_waits_for_components_bought_from_a_vendor(self):
        """Components short: they come first, after their vendor's lead time
        (10 days) and the purchase security lead time (2 days), then the
        manufacturing (5 days), then the safety day."""
        self._routes(self.cabinet, self.manufacture_route)
        self._routes(self.housing, self.buy_route)
        self.company.po_lead = 2.0
        self.env["product.supplierinfo"].create(
            {
                "product_tmpl_id": self.housing.product_tmpl_id.id,
                "partner_id": self.vendor.id,
                "delay": 10,
            }
        )
        self.assertEqual(self._promised(self.cabinet, 2), self.now + timedelta(days=18))
        # enough components arrive in 3 days: manufacturing starts then
        self._put_in_stock(self.housing, 1)
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock_location.id,
                "scheduled_date": self.now + timedelta(days=3),
                "move_ids": [
                    Command.create(
                        {
                            "name": self.housing.name,
                            "product_id": self.housing.id,
                            "product_uom_qty": 3,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(self._promised(self.cabinet, 2), self.now + timedelta(days=9))

    def test_manufactured_without_any_source_of_components_promises_nothing(self):
        self._routes(self.cabinet, self.manufacture_route)
        order = self._create_order([(self.cabinet, 1)])
        self._review(order)
        self.assertFalse(order.o2c_promised_date)
        finding = self._open(order)
        self.assertEqual(finding.check_type, "availability")
        self.assertIn("no delivery date can be promised", finding.message)

    def test_bought_counts_the_vendor_and_purchase_lead_times(self):
        """Vendor 7 days, purchase security lead time 2, days to purchase 1,
        safety day 1."""
        self._routes(self.bought, self.buy_route)
        self.company.write({"po_lead": 2.0, "days_to_purchase": 1.0})
        self.assertEqual(self._promised(self.bought), self.now + timedelta(days=11))

    # --- the production stage names what the order waits for -----------------

    def test_made_to_order_names_its_manufacturing_order(self):
        self._routes(self.cabinet, self.manufacture_route, self.mto_route)
        self._put_in_stock(self.housing, 10)
        order = self._create_order([(self.cabinet, 2)])
        self._confirm(order)
        production = self.env["mrp.production"].search(
            [("product_id", "=", self.cabinet.id), ("origin", "=", order.name)]
        )
        self.assertEqual(len(production), 1)
        order = order.with_user(self.salesman)
        self.assertEqual(order.o2c_stage, "production")
        self.assertIn(production.name, order.o2c_waiting_for)
        self.assertEqual(order.o2c_waiting_date, production.date_finished)

    def test_bought_to_order_names_its_purchase_order(self):
        self._routes(self.bought, self.buy_route, self.mto_route)
        order = self._create_order([(self.bought, 3)])
        self._confirm(order)
        purchase = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id)]
        )
        self.assertEqual(len(purchase), 1)
        self.assertIn(order.name, purchase.origin)
        order = order.with_user(self.salesman)
        self.assertEqual(order.o2c_stage, "production")
        self.assertEqual(order.o2c_waiting_for, purchase.name)
        self.assertEqual(order.o2c_waiting_date, purchase.order_line.date_planned)
        # the vendor confirms: the receipt is named beside the order
        purchase.button_confirm()
        order.invalidate_recordset()
        self.assertIn(purchase.name, order.o2c_waiting_for)
        self.assertIn(purchase.picking_ids.name, order.o2c_waiting_for)

    def test_taken_from_stock_names_the_purchase_it_waits_for(self):
        """Goods from stock (no procurement of their own): the order names the
        purchase whose receipt the forecast counts on, not later ones."""
        self._routes(self.bought, self.buy_route)
        purchases = self.env["purchase.order"]
        for days in (4, 20):
            purchase = self.env["purchase.order"].create(
                {
                    "partner_id": self.vendor.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.bought.id,
                                "product_qty": 5,
                                "date_planned": self.now + timedelta(days=days),
                            }
                        )
                    ],
                }
            )
            purchase.button_confirm()
            purchases |= purchase
        order = self._create_order([(self.bought, 3)])
        self._confirm(order)
        order = order.with_user(self.salesman)
        self.assertEqual(order.o2c_stage, "production")
        self.assertIn(purchases[0].name, order.o2c_waiting_for)
        self.assertNotIn(purchases[1].name, order.o2c_waiting_for)
        self.assertEqual(order.o2c_promised_date, self.now + timedelta(days=5))

    # --- a failed control reorders and claims through Purchase and Manufacturing

    def test_failed_control_buys_the_missing_goods_from_the_vendor(self):
        self._routes(self.bought, self.buy_route)
        self._put_in_stock(self.bought, 5)
        order = self._create_order([(self.bought, 3)])
        self._confirm(order)
        picking = self._picking(order)
        picking.action_o2c_control_fail(
            "Motor fehlt", missing=[{"product_id": self.bought.id, "qty": 1}]
        )
        followup = order.with_user(self.salesman).o2c_control_followup_ids
        self.assertEqual(followup.kind, "replenishment")
        self.assertEqual(followup.document_ref._name, "purchase.order")
        purchase = self.env["purchase.order"].browse(followup.document_ref.id)
        self.assertEqual(purchase.state, "draft")
        self.assertEqual(purchase.partner_id, self.vendor)
        self.assertIn(f"{order.name}, {picking.name}", purchase.origin)
        self.assertEqual(purchase.order_line.product_id, self.bought)
        self.assertEqual(purchase.order_line.product_qty, 1)
        # ordered today, expected after the vendor's lead time (7 days)
        self.assertEqual(followup.date_expected, self.now + timedelta(days=7))
        self.assertEqual(purchase.date_order, self.now)

    def test_failed_control_manufactures_the_missing_goods(self):
        self._routes(self.cabinet, self.manufacture_route)
        self._put_in_stock(self.cabinet, 2)
        self._put_in_stock(self.housing, 10)
        order = self._create_order([(self.cabinet, 2)])
        self._confirm(order)
        picking = self._picking(order)
        picking.action_o2c_control_fail(
            "Tür verbogen", missing=[{"product_id": self.cabinet.id, "qty": 1}]
        )
        production = order.o2c_control_followup_ids.document_ref
        self.assertEqual(production._name, "mrp.production")
        self.assertEqual(production.product_id, self.cabinet)
        self.assertEqual(production.product_qty, 1)
        self.assertEqual(production.bom_id, self.bom)
        self.assertIn(f"{order.name}, {picking.name}", production.origin)

    def test_failed_control_returns_defective_goods_to_the_vendor(self):
        """Goods bought on a purchase order and received: the defective ones
        go back to that vendor with core's return of the receipt."""
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create({"product_id": self.bought.id, "product_qty": 4})
                ],
            }
        )
        purchase.button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.write({"quantity": 4, "picked": True})
        receipt.button_validate()
        order = self._create_order([(self.bought, 2)])
        self._confirm(order)
        picking = self._picking(order)
        picking.action_o2c_control_fail(
            "Motor defekt", defective=[{"product_id": self.bought.id, "qty": 1}]
        )
        claim = order.o2c_control_followup_ids
        self.assertEqual(claim.kind, "claim")
        self.assertEqual(claim.vendor_id, self.vendor)
        returned = claim.document_ref
        self.assertEqual(returned.return_id, receipt)
        self.assertEqual(returned.partner_id, self.vendor)
        self.assertEqual(returned.move_ids.product_uom_qty, 1)
        self.assertIn(f"{order.name}, {picking.name}", returned.origin)
        # core links the return to the purchase: the vendor's bill is reduced
        self.assertEqual(returned.move_ids.purchase_line_id, purchase.order_line)

    # --- the promise follows the purchase and manufacturing orders ----------

    def _run_promise_check(self, order):
        """The daily check of promised dates as its scheduled action runs it
        (the superuser, mail tracking on as on a server); whether ``order``'s
        promise moved."""
        cron = (
            self.env["sale.order"]
            .with_context(tracking_disable=False, mail_notrack=False)
            .sudo()
        )
        moved = cron._o2c_cron_check_promised_dates()
        self._commit_stage_log()
        return order in moved

    def test_late_purchase_order_moves_the_promise_once(self):
        """Bought for the order: the vendor confirms a later arrival on the
        purchase order; the customer hears the new date once."""
        self._routes(self.bought, self.buy_route, self.mto_route)
        order = self._create_order([(self.bought, 2)])
        self._confirm(order)
        self._send_queued_mails()
        promised = order.o2c_promised_date
        # the vendor's 7 days and the safety day
        self.assertEqual(promised, self.now + timedelta(days=8))
        purchase = self.env["purchase.order"].search(
            [("partner_id", "=", self.vendor.id)]
        )
        purchase.button_confirm()
        self.assertFalse(self._run_promise_check(order))
        # purchasing records the vendor's later date on the purchase order
        # (core moves only the receipt's deadline, not its scheduled date)
        purchase.order_line.date_planned = self.now + timedelta(days=20)
        self.env.invalidate_all()
        with freeze_time(self.now + timedelta(days=1)):
            self.assertTrue(self._run_promise_check(order))
            self.assertFalse(self._run_promise_check(order))
        self.assertEqual(order.o2c_promised_date, self.now + timedelta(days=21))
        self.assertEqual(order.o2c_promised_date_previous, promised)
        self.assertEqual(order.o2c_promise_change_reason, "supply")
        notice = self._update_notices(order)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.partner_ids, self.customer)
