# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .test_review import O2cReviewCommon

NOW = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestO2cWorkQueues(O2cReviewCommon):
    """Late and blocked orders are flagged, and every work queue shows the
    records its role must act on, to that role only."""

    def _queue(self, xmlid, user):
        """Records of the queue action ``xmlid`` as ``user`` sees them."""
        action = self.env["ir.actions.act_window"].with_user(user)._for_xml_id(xmlid)
        model = self.env[action["res_model"]].with_user(user)
        return model.search(safe_eval(action["domain"] or "[]", {"uid": user.id}))

    def _visible_menus(self, user):
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return {
            xmlid
            for xmlid in (
                "order_to_cash.menu_o2c_queue_credit_holds",
                "order_to_cash.menu_o2c_queue_sales_holds",
                "order_to_cash.menu_o2c_queue_controls",
                "order_to_cash.menu_o2c_queue_overdue",
            )
            if self.env.ref(xmlid).id in menus
        }

    def test_credit_hold_is_blocked_and_in_the_credit_queue(self):
        self._set_credit_limit(100.0)
        order = self._create_order([(self.goods, 10)])
        clean = self._create_order([(self.goods, 1)], partner=self.partner_b)
        self.assertFalse(order.o2c_is_blocked)
        self._review(order)
        self.assertEqual(order.o2c_stage, "hold")
        self.assertTrue(order.o2c_is_blocked)
        self.assertEqual(order.o2c_attention_color, 1)
        self.assertFalse(clean.o2c_is_blocked)
        self.assertEqual(clean.o2c_attention_color, 0)
        blocked = self.env["sale.order"].search([("o2c_is_blocked", "=", True)])
        self.assertIn(order, blocked)
        self.assertNotIn(clean, blocked)
        self.assertIn(
            clean, self.env["sale.order"].search([("o2c_is_blocked", "!=", True)])
        )
        queue = "order_to_cash.action_o2c_queue_credit_holds"
        self.assertIn(order, self._queue(queue, self.credit_manager))
        self.assertNotIn(
            order,
            self._queue(
                "order_to_cash.action_o2c_queue_sales_holds", self.sales_manager
            ),
        )
        # released: out of the queue, no longer blocked
        order.with_user(self.credit_manager).action_o2c_release("Bürgschaft liegt vor")
        self.assertNotIn(order, self._queue(queue, self.credit_manager))
        self.assertFalse(order.o2c_is_blocked)

    def test_price_hold_is_in_the_sales_managers_queue(self):
        order = self._create_order([(self.goods, 2, 1.0)])
        self._review(order)
        self.assertIn(
            ("price", "blocking"),
            {(c.check_type, c.result) for c in order.o2c_check_ids},
        )
        self.assertIn(
            order,
            self._queue(
                "order_to_cash.action_o2c_queue_sales_holds", self.sales_manager
            ),
        )
        self.assertNotIn(
            order,
            self._queue(
                "order_to_cash.action_o2c_queue_credit_holds", self.credit_manager
            ),
        )

    def test_late_delivery_and_overdue_payment(self):
        with freeze_time(NOW):
            order = self._create_order(
                [(self.goods, 2)], commitment_date=NOW + timedelta(days=2)
            )
            self._confirm(order)
            order.invalidate_recordset()
            self.assertEqual(order.o2c_stage, "shipping")
            self.assertFalse(order.o2c_is_late)
            self.assertNotIn(
                order, self.env["sale.order"].search([("o2c_is_late", "=", True)])
            )
        with freeze_time(NOW + timedelta(days=3)):
            order.invalidate_recordset()
            promised = order.o2c_promised_date or order.commitment_date
            self.assertLess(promised, NOW + timedelta(days=3))
            self.assertTrue(order.o2c_is_late)
            self.assertEqual(order.o2c_attention_color, 2)
            self.assertIn(
                order, self.env["sale.order"].search([("o2c_is_late", "=", True)])
            )
            self._deliver(order)
            invoice = self._invoice(order)
            order.invalidate_recordset()
            self.assertEqual(order.o2c_stage, "payment")
            # invoiced, not due yet: not late any more
            self.assertFalse(order.o2c_is_late)
        due = invoice.invoice_date_due
        with freeze_time(datetime.combine(due, NOW.time()) + timedelta(days=1)):
            order.invalidate_recordset()
            self.assertTrue(order.o2c_is_late)
            self.assertIn(
                order, self.env["sale.order"].search([("o2c_is_late", "=", True)])
            )
            overdue = self._queue(
                "order_to_cash.action_o2c_queue_overdue", self.invoice_user
            ).filtered_domain([("invoice_date_due", "<", due + timedelta(days=1))])
            self.assertIn(invoice, overdue)

    def test_failed_control_blocks_and_is_in_the_controls_queue(self):
        order = self._create_order([(self.goods, 2)])
        self._confirm(order)
        picking = order.picking_ids.with_user(self.stock_user)
        picking.action_assign()
        queue = "order_to_cash.action_o2c_queue_controls"
        self.assertEqual(picking.o2c_control_state, "todo")
        self.assertIn(picking, self._queue(queue, self.stock_user))
        picking.action_o2c_control_fail("Karton nass")
        order.invalidate_recordset()
        self.assertTrue(order.o2c_is_blocked)
        self.assertIn(picking, self._queue(queue, self.stock_user))
        picking.action_o2c_control_pass()
        order.invalidate_recordset()
        self.assertFalse(order.o2c_is_blocked)
        self.assertNotIn(picking, self._queue(queue, self.stock_user))

    def test_search_refuses_other_operators(self):
        with self.assertRaises(UserError):
            self.env["sale.order"].search([("o2c_is_late", "in", [True])])

    def test_queue_menus_per_role(self):
        self.assertEqual(self._visible_menus(self.salesman), set())
        self.assertEqual(
            self._visible_menus(self.credit_manager),
            {
                "order_to_cash.menu_o2c_queue_credit_holds",
                "order_to_cash.menu_o2c_queue_overdue",
            },
        )
        self.assertEqual(
            self._visible_menus(self.sales_manager),
            {"order_to_cash.menu_o2c_queue_sales_holds"},
        )
        self.assertEqual(
            self._visible_menus(self.stock_user),
            {"order_to_cash.menu_o2c_queue_controls"},
        )
        self.assertEqual(
            self._visible_menus(self.invoice_user),
            {"order_to_cash.menu_o2c_queue_overdue"},
        )

    def test_queue_views_load_for_their_role(self):
        for xmlid, user in (
            ("order_to_cash.action_o2c_queue_credit_holds", self.credit_manager),
            ("order_to_cash.action_o2c_queue_sales_holds", self.sales_manager),
            ("order_to_cash.action_o2c_queue_controls", self.stock_user),
            ("order_to_cash.action_o2c_queue_overdue", self.invoice_user),
        ):
            with self.subTest(queue=xmlid):
                action = (
                    self.env["ir.actions.act_window"].with_user(user)._for_xml_id(xmlid)
                )
                views = [(view_id, mode) for view_id, mode in action["views"]] + [
                    (
                        action.get("search_view_id") and action["search_view_id"][0],
                        "search",
                    )
                ]
                self.env[action["res_model"]].with_user(user).get_views(
                    views, {"load_filters": True}
                )
                self._queue(xmlid, user)
