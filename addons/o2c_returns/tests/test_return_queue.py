# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestO2cReturnQueue(O2cReturnsCommon):
    """The returns' work queue and dashboard tile."""

    def _queue(self, user):
        action = (
            self.env["ir.actions.act_window"]
            .with_user(user)
            ._for_xml_id("o2c_returns.action_o2c_queue_returns_to_inspect")
        )
        return (
            self.env["o2c.return"].with_user(user).search(safe_eval(action["domain"]))
        )

    def test_received_returns_wait_for_inspection(self):
        order = self._delivered_order([(self.goods, 10)])
        rma = self._create_return(order, [(self.goods, 2, "restock")])
        self._run(rma, "action_confirm")
        self.assertNotIn(rma, self._queue(self.stock_user))
        self._run(rma, "action_receive")
        self.assertEqual(rma.state, "received")
        self.assertIn(rma, self._queue(self.stock_user))
        self._run(rma, "action_inspect")
        self.assertNotIn(rma, self._queue(self.stock_user))
        menu = self.env.ref("o2c_returns.menu_o2c_queue_returns_to_inspect")
        self.assertIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.stock_user)._visible_menu_ids(),
        )
        self.assertNotIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.invoice_user)._visible_menu_ids(),
        )

    def test_return_rate_tile(self):
        kpi = self.env.ref("o2c_returns.o2c_kpi_return_rate").with_user(self.salesman)
        self.assertEqual(kpi.value_display, "-")
        order = self._delivered_order([(self.goods, 10)])
        rma = self._create_return(order, [(self.goods, 2)])
        self._run(rma, "action_confirm")
        self._run(rma, "action_receive")
        kpi.invalidate_recordset()
        self.assertAlmostEqual(kpi.value, 20.0)
        action = kpi.action_open()
        self.assertEqual(action["res_model"], "o2c.return.report")
        self.env["o2c.return.report"].with_user(self.salesman).get_views(
            [tuple(view) for view in action["views"]]
        )
