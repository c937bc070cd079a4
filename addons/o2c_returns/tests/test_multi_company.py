# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Returns in two companies of one database (issue 16, item 5): returns,
reasons, the inspection queue, the return rate and the back-in-stock
notices stay within their company."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.order_to_cash.tests.test_multi_company import O2cMultiCompanyMixin

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestO2cReturnsMultiCompany(O2cMultiCompanyMixin, O2cReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.setup_other_company(name="Zweigwerk B GmbH")["company"]
        cls.company_b.o2c_back_in_stock_start_date = "2000-01-01"
        cls.warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        cls._put_in_stock(cls.goods, 100, cls.warehouse_b.lot_stock_id)
        cls.seller_b = cls._company_user(
            "mc_ret_seller_b", "sales_team.group_sale_salesman", company=cls.company_b
        )
        cls.stock_b = cls._company_user(
            "mc_ret_stock_b", "stock.group_stock_user", company=cls.company_b
        )
        cls.stock_ab = new_test_user(
            cls.env,
            login="mc_ret_stock_ab",
            groups="stock.group_stock_user",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.reason_b = cls.env["o2c.return.reason"].create(
            {
                "name": "Falsch geliefert (B)",
                "default_decision": "restock",
                "company_id": cls.company_b.id,
            }
        )

    def _delivered_b(self, qty=10):
        order = self._create_order([(self.goods, qty)], user=self.seller_b)
        self._confirm(order, user=self.seller_b)
        self._deliver(order, user=self.stock_b)
        return order

    def _received(self, order, user, product=None, qty=2):
        rma = self._create_return(
            order, [(product or self.goods, qty, "restock")], user=user
        )
        self._run(rma, "action_confirm", user=user)
        self._run(rma, "action_receive", user=user)
        self.assertEqual(rma.state, "received")
        return rma

    def test_every_company_model_has_a_company_rule(self):
        checked = self._assert_company_rules("o2c_returns")
        self.assertIn("o2c.return", checked)
        self.assertIn("o2c.return.reason", checked)

    def test_returns_queue_and_rate_per_company(self):
        with freeze_time("2026-03-02 10:00:00"):
            order_a = self._delivered_order([(self.goods, 10)])
            order_b = self._delivered_b(qty=4)
            rma_a = self._received(order_a, self.stock_user)
            rma_b = self._received(order_b, self.stock_b)
        self.assertEqual(rma_b.company_id, self.company_b)
        self.assertEqual(rma_b.line_ids.company_id, self.company_b)
        self.assertEqual(rma_b.return_picking_ids.company_id, self.company_b)
        # A's warehouse sees A's return only, in the queue and by id
        env_a = self.env(user=self.stock_user)
        queue = self.env.ref("o2c_returns.action_o2c_queue_returns_to_inspect")
        to_inspect = [("state", "=", "received")]
        self.assertEqual(queue.domain, str(to_inspect).replace('"', "'"))
        found_a = env_a["o2c.return"].search(to_inspect)
        self.assertIn(rma_a, found_a)
        self.assertNotIn(rma_b, found_a)
        for records in (rma_b, rma_b.line_ids, self.reason_b):
            self._assert_sees_none(env_a, records)
        self._assert_sees_none(
            env_a,
            self.env["o2c.return.report"].search(
                [("company_id", "=", self.company_b.id)]
            ),
        )
        # the user of both sees both queues, and each company's rate
        env_ab = self._as(self.stock_ab, self.company_a, self.company_b)
        self.assertEqual(
            env_ab["o2c.return"].search(to_inspect) & (rma_a | rma_b), rma_a | rma_b
        )
        env_b = self._as(self.stock_ab, self.company_b)
        self.assertEqual(
            env_b["o2c.return"].search(to_inspect) & (rma_a | rma_b), rma_b
        )
        rows = self._by_company(
            env_ab, "o2c.return.report", [], ["qty_returned:sum", "qty_delivered:sum"]
        )
        self.assertEqual(rows[self.company_a.id], (2.0, 10.0))
        self.assertEqual(rows[self.company_b.id], (2.0, 4.0))
        with freeze_time("2026-03-05 10:00:00"):
            rates = {
                key: env["o2c.kpi"].search([("code", "=", "return_rate")]).value
                for key, env in {
                    "a+b": env_ab,
                    "b": env_b,
                    "a": self._as(self.stock_ab, self.company_a),
                }.items()
            }
        self.assertEqual(rates, {"a+b": 20.0, "a": 20.0, "b": 50.0})

    def test_reason_of_b_refused_on_a_return(self):
        order_a = self._delivered_order([(self.goods, 3)])
        rma = self._create_return(order_a, [(self.goods, 1)])
        env_ab = self._as(self.stock_ab, self.company_a, self.company_b)
        line = env_ab["o2c.return.line"].browse(rma.line_ids.ids)
        with self.assertRaises(UserError):
            line.reason_id = self.reason_b
            env_ab.flush_all()
        # a shared reason and A's own are fine
        line.reason_id = self.reason_defect
        self.assertEqual(line.decision, "scrap")

    def test_back_in_stock_per_company(self):
        rare = self._create_product(
            name="Sonderteil MC", type="consu", is_storable=True
        )
        self._put_in_stock(rare, 1)
        self._put_in_stock(rare, 1, self.warehouse_b.lot_stock_id)
        with freeze_time("2026-03-02 10:00:00"):
            delivered_a = self._delivered_order([(rare, 1)])
            order_b = self._create_order([(rare, 1)], user=self.seller_b)
            self._confirm(order_b, user=self.seller_b)
            self._deliver(order_b, user=self.stock_b)
            waiting_a = self._create_order([(rare, 1)])
            self._confirm(waiting_a)
            waiting_b = self._create_order([(rare, 1)], user=self.seller_b)
            self._confirm(waiting_b, user=self.seller_b)
        self.assertEqual(
            (waiting_a | waiting_b).picking_ids.mapped("state"),
            ["confirmed", "confirmed"],
        )
        # B's notices start after its waiting order; A's long ago
        self.company_b.o2c_back_in_stock_start_date = date(2026, 3, 10)
        with freeze_time("2026-03-12 10:00:00"):
            rma_a = self._received(delivered_a, self.stock_user, rare, 1)
            self._run(rma_a, "action_inspect")
        self.assertTrue(waiting_a.order_line.o2c_back_in_stock_notified)
        self.assertFalse(waiting_b.order_line.o2c_back_in_stock_notified)
        self.assertEqual(waiting_b.picking_ids.move_ids.quantity, 0)
        with freeze_time("2026-03-12 11:00:00"):
            rma_b = self._received(order_b, self.stock_b, rare, 1)
            self._run(rma_b, "action_inspect", user=self.stock_b)
        # B's order gets the goods, its customer is not told (B's history)
        self.assertEqual(waiting_b.picking_ids.move_ids.quantity, 1)
        self.assertFalse(waiting_b.order_line.o2c_back_in_stock_notified)
