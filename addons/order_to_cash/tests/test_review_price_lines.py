# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The price review only compares lines Odoo prices from the pricelist, in
the line's own unit: lines meant to cost nothing, or priced otherwise, are
no price findings (as the salesperson, the least-privileged user who
reviews)."""

from odoo import Command
from odoo.tests import tagged

from .test_review import O2cReviewCommon


@tagged("post_install", "-at_install")
class TestO2cReviewPriceLines(O2cReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.shipping_product = cls._create_product(
            name="Versand Spedition",
            type="service",
            lst_price=25.0,
            invoice_policy="order",
        )
        cls.carrier_real_cost = cls.env["delivery.carrier"].create(
            {
                "name": "Spedition (Istkosten)",
                "delivery_type": "fixed",
                "fixed_price": 25.0,
                "invoice_policy": "real",
                "product_id": cls.shipping_product.id,
            }
        )
        # a menu of two combos (12.50 and 40.00 on their own) for 40.00: each
        # item is priced less than on its own
        combos = cls.env["product.combo"].create(
            [
                {
                    "name": name,
                    "combo_item_ids": [Command.create({"product_id": product.id})],
                }
                for name, product in (("Lager", cls.goods), ("Welle", cls.goods_2))
            ]
        )
        cls.combo_product = cls._create_product(
            name="Antriebspaket",
            type="combo",
            lst_price=40.0,
            combo_ids=[Command.set(combos.ids)],
        )
        cls.combos = combos
        cls.free_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Muster gratis",
                "company_id": cls.company.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.goods.id,
                            "compute_price": "fixed",
                            "fixed_price": 0.0,
                        }
                    )
                ],
            }
        )

    def _price_findings(self, order):
        results = self._review(order)
        self.assertIn("price", {check_type for check_type, _result in results})
        return order.o2c_check_ids.filtered(
            lambda c: c.check_type == "price" and c.result != "ok"
        )

    def _add_lines(self, order, values_list):
        """Add lines to the quotation as the salesperson."""
        self.env["sale.order"].with_user(self.salesman).browse(order.ids).write(
            {"order_line": [Command.create(values) for values in values_list]}
        )
        self.env.flush_all()

    def test_price_far_below_the_pricelist_is_a_finding(self):
        """The check the exemptions below are measured against."""
        order = self._create_order([(self.goods, 5, 5.0)])
        findings = self._price_findings(order)
        self.assertEqual(findings.line_id, order.order_line)
        self.assertEqual(findings.result, "blocking")

    def test_down_payment_line_is_no_finding(self):
        order = self._create_order([(self.goods, 5)])
        self._add_lines(
            order,
            [
                {
                    "product_id": self.service.id,
                    "name": "Anzahlung",
                    "product_uom_qty": 1.0,
                    "price_unit": 0.0,
                    "is_downpayment": True,
                }
            ],
        )
        self.assertFalse(self._price_findings(order))
        self.assertEqual(order.o2c_stage, "intake")

    def test_delivery_at_real_cost_is_no_finding(self):
        """Charged at the real cost: 0 until delivered."""
        order = self._create_order([(self.goods, 5)])
        order.with_user(self.salesman).set_delivery_line(self.carrier_real_cost, 25.0)
        delivery_line = order.order_line.filtered("is_delivery")
        self.assertEqual(delivery_line.price_unit, 0.0)
        self.assertFalse(self._price_findings(order))

    def test_sections_and_notes_are_no_findings(self):
        order = self._create_order([(self.goods, 5)])
        self._add_lines(
            order,
            [
                {"display_type": "line_section", "name": "Ersatzteile"},
                {"display_type": "line_note", "name": "Lieferung frei Haus"},
            ],
        )
        findings = self._price_findings(order)
        self.assertFalse(findings)
        self.assertEqual(
            order.o2c_check_ids.filtered(lambda c: c.check_type == "price").result,
            "ok",
        )

    def _combo_order(self, item_prices=None):
        """A quotation of two menus, its items priced by the menu (Odoo's
        share of the menu price) unless ``item_prices`` are given."""
        order = self._create_order(
            [], order_line=[Command.create({"product_id": self.combo_product.id})]
        )
        combo_line = order.order_line
        combo_line.with_user(self.salesman).product_uom_qty = 2.0
        self._add_lines(
            order,
            [
                {
                    "product_id": combo.combo_item_ids.product_id.id,
                    "product_uom_qty": 2.0,
                    "combo_item_id": combo.combo_item_ids.id,
                    "linked_line_id": combo_line.id,
                    **(
                        {"price_unit": item_prices[index]}
                        if item_prices is not None
                        else {}
                    ),
                }
                for index, combo in enumerate(self.combos)
            ],
        )
        return order, combo_line

    def test_combo_priced_by_the_combo_is_no_finding(self):
        order, combo_line = self._combo_order()
        items = order.order_line - combo_line
        # Odoo prices the menu's line 0 and its items a share of the menu
        # (less than each item costs on its own)
        self.assertEqual(combo_line.price_unit, 0.0)
        self.assertAlmostEqual(sum(items.mapped("price_unit")), 40.0)
        self.assertLess(items[0].price_unit, self.goods.lst_price * 0.9)
        self.assertLess(items[1].price_unit, self.goods_2.lst_price * 0.9)
        self.assertFalse(self._price_findings(order))

    def test_combo_given_away_is_a_finding_of_the_combo(self):
        order, combo_line = self._combo_order(item_prices=[5.0, 15.0])
        findings = self._price_findings(order)
        self.assertEqual(findings.line_id, combo_line)
        self.assertIn("40.00", findings.message)

    def test_manual_price_per_dozen_compared_per_dozen(self):
        # 12.50 a unit: 150.00 a dozen; 140.00 is within the allowed 10 %
        order = self._create_order([])
        self._add_lines(
            order,
            [
                {
                    "product_id": self.goods.id,
                    "product_uom_qty": 2.0,
                    "product_uom": self.uom_dozen.id,
                    "price_unit": 140.0,
                }
            ],
        )
        self.assertFalse(self._price_findings(order))
        order.order_line.with_user(self.salesman).price_unit = 100.0
        findings = self._price_findings(order)
        self.assertEqual(findings.line_id, order.order_line)
        self.assertIn("150.00", findings.message)

    def test_free_by_the_pricelist_is_no_finding(self):
        order = self._create_order(
            [(self.goods, 5)], pricelist_id=self.free_pricelist.id
        )
        self.assertEqual(order.order_line.price_unit, 0.0)
        self.assertFalse(self._price_findings(order))
        # the same free line under the company's pricelist is a finding
        order = self._create_order([(self.goods, 5, 0.0)])
        self.assertTrue(self._price_findings(order))
