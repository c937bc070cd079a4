# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sales: each role group on its own, own-documents salespeople."""

from odoo.tests import tagged

from odoo.addons.order_to_cash.tests.test_record_rules import O2cRoleMixin

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestO2cFollowupRules(O2cRoleMixin, O2cAftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller_a = cls._company_user(
            login="o2c_fu_seller_a", groups="sales_team.group_sale_salesman"
        )
        cls.seller_b = cls._company_user(
            login="o2c_fu_seller_b", groups="sales_team.group_sale_salesman"
        )

    def _answered_followup_of_b(self):
        order = self._delivered_order(user=None)
        order.user_id = self.seller_b
        followup = self._followup_of(order)
        self.assertTrue(followup)
        followup.action_record_answer(1, "Lager kaputt", "phone")
        self.env.flush_all()
        self.assertEqual(followup.user_id, self.seller_b)
        return followup

    def test_salesperson_sees_only_own_followups(self):
        followup = self._answered_followup_of_b()
        self._assert_read_refused(self.seller_a, followup)
        rows = self.env["o2c.followup.report"].search(
            [("followup_id", "=", followup.id)]
        )
        self.assertTrue(rows)
        self._assert_read_refused(self.seller_a, rows)
        env_b = self.env(user=self.seller_b)
        self.assertEqual(
            env_b["o2c.followup"].search([("id", "=", followup.id)]), followup
        )

    def test_aftersales_user_alone_opens_queues_and_answers(self):
        user = self._role_user(
            "o2c_only_fu", "o2c_aftersales.group_o2c_aftersales_user"
        )
        followup = self._answered_followup_of_b()
        self._assert_menus(
            user,
            "o2c_aftersales.menu_o2c_queue_escalated_followups",
            "o2c_aftersales.menu_o2c_followup",
            "o2c_aftersales.menu_o2c_delivered_orders",
            "o2c_aftersales.menu_o2c_followup_report",
        )
        self.assertIn(
            followup,
            self._open_action(
                user, "o2c_aftersales.action_o2c_queue_escalated_followups"
            ),
        )
        self._open_action(user, "o2c_aftersales.action_o2c_followup")
        self._open_action(user, "o2c_aftersales.action_o2c_delivered_orders")
        self._open_action(user, "o2c_aftersales.action_o2c_followup_report")

    def test_aftersales_manager_alone_sees_all(self):
        user = self._role_user(
            "o2c_only_fu_mgr", "o2c_aftersales.group_o2c_aftersales_manager"
        )
        followup = self._answered_followup_of_b()
        self.assertIn(
            followup,
            self._open_action(
                user, "o2c_aftersales.action_o2c_queue_escalated_followups"
            ),
        )
