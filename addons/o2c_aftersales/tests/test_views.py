# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupViews(O2cAftersalesCommon):
    def test_actions_and_views_load_for_the_salesperson(self):
        for xmlid in (
            "o2c_aftersales.action_o2c_followup",
            "o2c_aftersales.action_o2c_followup_report",
            "o2c_aftersales.action_o2c_followup_answer",
            "o2c_aftersales.action_o2c_delivered_orders",
        ):
            action = (
                self.env["ir.actions.act_window"]
                .with_user(self.salesman)
                ._for_xml_id(xmlid)
            )
            model = self.env[action["res_model"]].with_user(self.salesman)
            model.get_views(
                [(False, mode) for mode in action["view_mode"].split(",")]
                + [(False, "search")]
            )

    def test_order_and_partner_forms_load_with_and_without_aftersales(self):
        for user in (self.salesman, self.stock_user, self.invoice_user):
            result = (
                self.env["sale.order"]
                .with_user(user)
                .get_views([(False, "form"), (False, "list"), (False, "search")])
            )
            self.assertIn(
                "o2c_followup_escalated", result["models"]["sale.order"]["fields"]
            )
            self.env["res.partner"].with_user(user).get_views([(False, "form")])
        self.env["product.template"].with_user(self.salesman).get_views(
            [(False, "form")]
        )

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {"o2c_followup_delay_days": 3, "o2c_followup_rating_threshold": 1}
        )
        settings.execute()
        self.assertEqual(self.env.company.o2c_followup_delay_days, 3)
        self.assertEqual(self.env.company.o2c_followup_rating_threshold, 1)
