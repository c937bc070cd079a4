# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Returns: each role group on its own, own-documents salespeople, and no
return on an order the user cannot read."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.order_to_cash.tests.test_record_rules import O2cRoleMixin

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestO2cReturnRules(O2cRoleMixin, O2cReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller_a = cls._company_user(
            login="o2c_ret_seller_a", groups="sales_team.group_sale_salesman"
        )
        cls.seller_b = cls._company_user(
            login="o2c_ret_seller_b", groups="sales_team.group_sale_salesman"
        )
        cls.seller_all = cls._company_user(
            login="o2c_ret_seller_all",
            groups="sales_team.group_sale_salesman_all_leads",
        )

    def _order_of_b(self):
        order = self._create_order([(self.goods, 5)], user=self.seller_b)
        self._confirm(order, user=self.seller_b)
        self._deliver(order)
        return order

    def test_salesperson_sees_only_own_returns(self):
        order = self._order_of_b()
        rma = self._create_return(order, [(self.goods, 1)], user=self.seller_b)
        self._assert_read_refused(self.seller_a, rma)
        self._assert_read_refused(self.seller_a, rma.line_ids)
        rows = self.env["o2c.return.report"].search([("order_id", "=", order.id)])
        self.assertTrue(rows)
        self._assert_read_refused(self.seller_a, rows)
        env_a = self.env(user=self.seller_a)
        self.assertFalse(
            env_a["o2c.return"].search_read([("order_id", "=", order.id)], ["name"])
        )
        for user in (self.seller_b, self.seller_all, self.stock_user):
            env = self.env(user=user)
            self.assertEqual(env["o2c.return"].search([("id", "=", rma.id)]), rma)
            self.assertEqual(
                env["o2c.return.line"].search([("return_id", "=", rma.id)]),
                rma.line_ids,
            )

    def test_no_return_on_an_order_the_user_cannot_read(self):
        order = self._order_of_b()
        env_a = self.env(user=self.seller_a)
        with self.assertRaisesRegex(AccessError, "cannot read"):
            env_a["o2c.return"].create(
                {
                    "order_id": order.id,
                    "line_ids": [
                        Command.create({"product_id": self.goods.id, "qty": 1})
                    ],
                }
            )
        self.assertFalse(self.env["o2c.return"].search([("order_id", "=", order.id)]))
        # nor by moving an own draft return onto it
        own = self._create_order([(self.goods, 5)], user=self.seller_a)
        self._confirm(own, user=self.seller_a)
        self._deliver(own)
        rma = self._create_return(own, [(self.goods, 1)], user=self.seller_a)
        with self.assertRaisesRegex(AccessError, "cannot read"):
            env_a["o2c.return"].browse(rma.ids).write({"order_id": order.id})
        self.assertEqual(rma.order_id, own)

    def test_returns_user_alone_opens_queues_and_works(self):
        user = self._role_user("o2c_only_returns", "o2c_returns.group_o2c_returns_user")
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1)])
        self._run(rma, "action_confirm")
        self._assert_menus(
            user,
            "o2c_returns.menu_o2c_return",
            "o2c_returns.menu_o2c_queue_returns_to_inspect",
            "o2c_returns.menu_o2c_return_report",
        )
        self.assertIn(rma, self._open_action(user, "o2c_returns.action_o2c_return"))
        self._open_action(user, "o2c_returns.action_o2c_return_report")
        self._open_action(user, "o2c_returns.action_o2c_queue_returns_to_inspect")

    def test_returns_manager_alone_opens_reasons(self):
        user = self._role_user(
            "o2c_only_returns_mgr", "o2c_returns.group_o2c_returns_manager"
        )
        self._assert_menus(user, "o2c_returns.menu_o2c_return_reason")
        reasons = self._open_action(user, "o2c_returns.action_o2c_return_reason")
        self.assertIn(self.reason_defect, reasons)
