# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may run each action of a customer return: the warehouse (returns
users), refunds only a returns manager; salespeople, accounting, portal
users and another company's staff are refused."""

from odoo.tests import tagged

from odoo.addons.order_to_cash.tests.common import ROLES, O2cAccessMatrixCommon

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestO2cReturnAccessMatrix(O2cReturnsCommon, O2cAccessMatrixCommon):
    matrix_roles = ROLES + ("returns_manager",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users["returns_manager"] = cls.returns_manager

    def _return_in(self, state, decision="restock"):
        order = self._delivered_order([(self.goods, 4)])
        rma = self._create_return(order, [(self.goods, 2, decision)])
        steps = {
            "confirmed": ["action_confirm"],
            "received": ["action_confirm", "action_receive"],
            "inspected": ["action_confirm", "action_receive", "action_inspect"],
        }
        for method in steps.get(state, []):
            self._run(rma, method, user=self.returns_manager)
        self.assertEqual(rma.state, state)
        return rma

    def _action(self, rma, method):
        return lambda env: getattr(env["o2c.return"].browse(rma.ids), method)()

    def test_confirm(self):
        rma = self._return_in("draft")
        self._assert_matrix(
            self._action(rma, "action_confirm"), {"stock_user", "returns_manager"}
        )

    def test_receive(self):
        rma = self._return_in("confirmed")
        self._assert_matrix(
            self._action(rma, "action_receive"), {"stock_user", "returns_manager"}
        )

    def test_inspect(self):
        rma = self._return_in("received")
        self._assert_matrix(
            self._action(rma, "action_inspect"), {"stock_user", "returns_manager"}
        )

    def test_done_without_refund(self):
        rma = self._return_in("inspected", decision="repair")
        self._assert_matrix(
            self._action(rma, "action_done"), {"stock_user", "returns_manager"}
        )

    def test_done_with_refund(self):
        rma = self._return_in("inspected", decision="restock")
        self._assert_matrix(self._action(rma, "action_done"), {"returns_manager"})

    def test_cancel(self):
        rma = self._return_in("confirmed")
        self._assert_matrix(
            self._action(rma, "action_cancel"), {"stock_user", "returns_manager"}
        )
