# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import O2cCommon


@tagged("post_install", "-at_install")
class TestO2cSecurity(O2cCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 50)
        cls.company_2 = cls.setup_other_company(name="Tochter AG")["company"]
        cls.salesman_2 = cls._company_user(
            login="o2c_salesman_2",
            groups="sales_team.group_sale_salesman",
            company=cls.company_2,
        )

    def test_groups_are_implied_from_sales_stock_accounting(self):
        o2c_user = self.env.ref("order_to_cash.group_o2c_user")
        credit = self.env.ref("order_to_cash.group_o2c_credit_manager")
        manager = self.env.ref("order_to_cash.group_o2c_manager")
        for user in (self.salesman, self.stock_user, self.invoice_user):
            self.assertIn(o2c_user, user.groups_id)
            self.assertNotIn(credit, user.groups_id)
            self.assertNotIn(manager, user.groups_id)
        accountant = new_test_user(
            self.env,
            login="o2c_chief_accountant",
            groups="account.group_account_manager",
        )
        self.assertIn(credit, accountant.groups_id)
        sales_manager = new_test_user(
            self.env, login="o2c_sales_manager", groups="sales_team.group_sale_manager"
        )
        self.assertIn(manager, sales_manager.groups_id)
        self.assertNotIn(credit, sales_manager.groups_id)

    def test_salesperson_reads_stage_and_history(self):
        order = self._create_order()
        self._commit_stage_log()
        as_salesman = order.with_user(self.salesman)
        self.assertEqual(as_salesman.o2c_stage, "intake")
        self.assertEqual(as_salesman.o2c_stage_log_ids.mapped("stage"), ["intake"])
        action = as_salesman.action_view_o2c_stage_log()
        self.assertEqual(action["res_model"], "o2c.stage.log")
        self.assertEqual(
            self.env["o2c.stage.log"]
            .with_user(self.salesman)
            .search_count(action["domain"]),
            1,
        )

    def test_user_without_o2c_group_cannot_read_history(self):
        order = self._create_order()
        self._commit_stage_log()
        outsider = new_test_user(
            self.env, login="o2c_outsider", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            self.env["o2c.stage.log"].with_user(outsider).search(
                [("order_id", "=", order.id)]
            ).read(["stage"])

    def test_multi_company_history_is_separated(self):
        order_1 = self._create_order()
        order_2 = self._create_order(
            partner=self.customer, user=self.salesman_2, company_id=self.company_2.id
        )
        self._commit_stage_log()
        self.assertEqual(order_2.o2c_stage_log_ids.company_id, self.company_2)
        logs = self.env["o2c.stage.log"].with_user(self.salesman)
        self.assertEqual(
            logs.search([("order_id", "in", (order_1 + order_2).ids)]).order_id, order_1
        )
        logs_2 = self.env["o2c.stage.log"].with_user(self.salesman_2)
        self.assertEqual(
            logs_2.search([("order_id", "in", (order_1 + order_2).ids)]).order_id,
            order_2,
        )
        with self.assertRaises(AccessError):
            order_2.o2c_stage_log_ids.with_user(self.salesman).read(["stage"])

    def test_rolled_back_change_leaves_no_log(self):
        order = self._create_order()
        self._commit_stage_log()
        with self.assertRaises(SimulatedFailure), self.env.cr.savepoint():
            self._confirm(order)
            self.assertEqual(order.o2c_stage, "shipping")
            raise SimulatedFailure()
        self.assertEqual(order.o2c_stage, "intake")
        self.assertEqual(self._stages(order), ["intake"])


class SimulatedFailure(Exception):
    """An error raised by a test after a change, to roll it back."""
