# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import O2cCommon


@tagged("post_install", "-at_install")
class TestO2cViews(O2cCommon):
    """The addon's views and actions load for the people who use them."""

    def test_order_views_load_for_staff(self):
        views = [
            (self.env.ref("order_to_cash.view_sale_order_kanban_o2c").id, "kanban"),
            (self.env.ref("sale.view_order_tree").id, "list"),
            (self.env.ref("sale.view_order_form").id, "form"),
            (self.env.ref("sale.view_sales_order_filter").id, "search"),
        ]
        for user in (self.salesman, self.stock_user, self.invoice_user):
            result = (
                self.env["sale.order"]
                .with_user(user)
                .get_views(views, {"load_filters": True})
            )
            self.assertIn("o2c_stage", result["models"]["sale.order"]["fields"])

    def test_stage_log_views_and_actions_load(self):
        for xmlid in (
            "order_to_cash.o2c_stage_log_action",
            "order_to_cash.o2c_stage_log_action_analysis",
            "order_to_cash.action_o2c_orders",
        ):
            action = (
                self.env["ir.actions.act_window"]
                .with_user(self.salesman)
                ._for_xml_id(xmlid)
            )
            model = self.env[action["res_model"]].with_user(self.salesman)
            model.get_views([(False, mode) for mode in action["view_mode"].split(",")])

    def test_settings_view_loads(self):
        self.env["res.config.settings"].get_views([(False, "form")])
        settings = self.env["res.config.settings"].create({})
        settings.execute()
