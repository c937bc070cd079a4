# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnPortal(O2cReturnsCommon):
    """Customers see and request returns of their own delivered orders only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="o2c_portal_kunde",
            name="Kunde Müller",
            groups="base.group_portal",
            company_id=cls.company.id,
        )
        cls.portal_user.partner_id.parent_id = cls.customer
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Fremd KG", "email": "fremd@example.com"}
        )

    def _portal(self):
        return self.env(user=self.portal_user)["o2c.return"]

    def test_portal_user_creates_and_sees_own_returns(self):
        order = self._delivered_order()
        result = self._portal().portal_create_return(
            order.id,
            [
                {
                    "product_id": self.goods.id,
                    "qty": 2,
                    "reason_id": self.reason_defect.id,
                }
            ],
            "Lager klemmt",
        )
        self.assertEqual(set(result), {"id", "name"})
        rma = self.env["o2c.return"].browse(result["id"])
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.origin, "portal")
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.line_ids.reason, "Defekt")
        self.assertEqual(rma.line_ids.decision, "scrap")
        self.assertTrue(rma.activity_ids)
        # the staff's own return of another customer stays hidden
        foreign = self._delivered_order(partner=self.other_customer)
        foreign_rma = self._create_return(foreign, [(self.goods, 1)])
        visible = self._portal().search([])
        self.assertEqual(visible, rma.with_user(self.portal_user))
        with self.assertRaises(AccessError):
            foreign_rma.with_user(self.portal_user).read(["name"])
        self.assertEqual(visible.line_ids.read(["qty"])[0]["qty"], 2)

    def test_portal_user_cannot_return_foreign_orders(self):
        foreign = self._delivered_order(partner=self.other_customer)
        before = self.env["o2c.return"].search_count([])
        with self.assertRaises(AccessError):
            self._portal().portal_create_return(
                foreign.id, [{"product_id": self.goods.id, "qty": 1}]
            )
        self.assertEqual(self.env["o2c.return"].search_count([]), before)

    def test_portal_quantity_guard_and_bad_input(self):
        order = self._delivered_order()
        before = self.env["o2c.return"].search_count([])
        bad_calls = [
            ("x", [{"product_id": self.goods.id, "qty": 1}]),
            (order.id, []),
            (order.id, "goods"),
            (order.id, [{"product_id": self.goods.id, "qty": "1"}]),
            (order.id, [{"product_id": self.goods.id, "qty": 0}]),
            (order.id, [{"product_id": True, "qty": 1}]),
            (order.id, [{"product_id": self.goods_2.id, "qty": 1}]),
            (order.id, [{"product_id": self.goods.id, "qty": 1, "reason_id": 0.5}]),
            (order.id, [{"product_id": self.goods.id, "qty": 11}]),
            (999999999, [{"product_id": self.goods.id, "qty": 1}]),
        ]
        for order_id, lines in bad_calls:
            with (
                self.subTest(order_id=order_id, lines=lines),
                self.assertRaises(ValidationError),
            ):
                self._portal().portal_create_return(order_id, lines)
        self.assertEqual(self.env["o2c.return"].search_count([]), before)

    def test_portal_cannot_write_or_confirm(self):
        order = self._delivered_order()
        result = self._portal().portal_create_return(
            order.id, [{"product_id": self.goods.id, "qty": 1}]
        )
        rma = self._portal().browse(result["id"])
        with self.assertRaises(AccessError):
            rma.write({"description": "x"})
        with self.assertRaises(AccessError):
            rma.action_confirm()
        self.assertEqual(rma.sudo().state, "draft")
