# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestBackInStockHistory(O2cReturnsCommon):
    """Back-in-stock notices leave the orders from before the company's start
    date alone until a settings manager includes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings_admin = cls._company_user(
            login="o2c_ret_settings_admin", groups="base.group_system"
        )
        cls.rare = cls._create_product(
            name="Sonderteil", type="consu", is_storable=True, invoice_policy="delivery"
        )

    def _waiting_order(self, day, name, product, qty):
        customer = self.env["res.partner"].create(
            {"name": name, "email": f"{name.lower()}@example.com"}
        )
        with freeze_time(day):
            order = self._create_order([(product, qty)], partner=customer)
            self._confirm(order)
        self.assertEqual(order.picking_ids.state, "confirmed")
        return order

    def _notices(self, order):
        return order.message_ids.filtered(
            lambda m: m.message_type == "comment" and order.partner_id in m.partner_ids
        )

    def _restock_one(self, order, product):
        rma = self._create_return(order, [(product, 1, "restock")])
        self._run(rma, "action_confirm")
        self._run(rma, "action_receive")
        self._run(rma, "action_inspect")

    def test_history_left_alone_until_included(self):
        rare_2 = self._create_product(
            name="Sonderteil 2",
            type="consu",
            is_storable=True,
            invoice_policy="delivery",
        )
        self._put_in_stock(self.rare, 1)
        self._put_in_stock(rare_2, 2)
        delivered = self._delivered_order(lines=[(self.rare, 1), (rare_2, 2)])
        old = self._waiting_order("2026-05-01 09:00:00", "Alt", rare_2, 3)
        new = self._waiting_order("2026-06-02 09:00:00", "Neu", self.rare, 1)
        self.company.o2c_back_in_stock_start_date = date(2026, 6, 1)

        self._restock_one(delivered, self.rare)
        self.assertEqual(len(self._notices(new)), 1)
        # the old order gets goods, its customer is not told
        self._restock_one(delivered, rare_2)
        self.assertEqual(old.picking_ids.move_ids.quantity, 1)
        self.assertFalse(self._notices(old))
        self.assertFalse(old.order_line.o2c_back_in_stock_notified)

        settings = (
            self.env["res.config.settings"].with_user(self.settings_admin).create({})
        )
        self.assertEqual(settings.o2c_back_in_stock_history_count, 1)
        self.assertIn(
            "Include the 1 orders waiting", settings.o2c_back_in_stock_history_text
        )
        with self.assertRaises(AccessError):
            settings.with_user(
                self.returns_manager
            ).action_o2c_include_back_in_stock_history()
        self.assertEqual(self.company.o2c_back_in_stock_start_date, date(2026, 6, 1))

        settings.action_o2c_include_back_in_stock_history()
        self.assertEqual(self.company.o2c_back_in_stock_start_date, date(2026, 5, 1))
        self._restock_one(delivered, rare_2)
        self.assertEqual(old.picking_ids.move_ids.quantity, 2)
        self.assertEqual(len(self._notices(old)), 1)
