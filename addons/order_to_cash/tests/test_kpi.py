# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_review import O2cReviewCommon

DAY0 = datetime(2026, 4, 1, 8, 0)


@tagged("post_install", "-at_install")
class TestO2cKpi(O2cReviewCommon):
    """The dashboard's figures, computed from the documents of the test
    company (every source has a company rule), for the roles that see them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goods.standard_price = 5.0
        cls.carrier_product = cls._create_product(
            name="Versand", type="service", lst_price=0.0, standard_price=0.0
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Paketdienst",
                "delivery_type": "fixed",
                "product_id": cls.carrier_product.id,
                "company_id": cls.company.id,
            }
        )

    def _tiles(self, user):
        return self.env["o2c.kpi"].with_user(user).search([])

    def _figure(self, user, code):
        kpi = self._tiles(user).filtered(lambda k: k.code == code)
        self.assertEqual(len(kpi), 1, f"{code} not visible to {user.login}")
        return kpi.value, kpi.value_display

    def _at(self, days):
        return freeze_time(DAY0 + timedelta(days=days))

    def _order(self, qty, shipping, promised_in_days):
        order = self._create_order(
            [(self.goods, qty)],
            commitment_date=DAY0 + timedelta(days=promised_in_days),
        )
        order.with_user(self.salesman).set_delivery_line(self.carrier, shipping)
        self.env.flush_all()
        return order

    def test_figures(self):
        with self._at(0):
            late = self._order(10, 10.0, promised_in_days=2)
            on_time = self._order(4, 20.0, promised_in_days=10)
            self._commit_stage_log()
        with self._at(1):
            self._confirm(late)
            self._confirm(on_time)
            self._commit_stage_log()
        with self._at(3):
            self._deliver(on_time)
            self._commit_stage_log()
        with self._at(5):
            self._deliver(late)
            invoice = self._invoice(late)
            open_invoice = self._invoice(on_time)
            self._commit_stage_log()
        with self._at(10):
            self._pay(invoice, date=(DAY0 + timedelta(days=10)).date())
            self._commit_stage_log()
        self.assertEqual(late.o2c_stage, "done")
        self.assertEqual(on_time.o2c_stage, "payment")
        self._set_credit_limit(1.0)
        with self._at(11):
            held = self._create_order([(self.goods, 1)])
            self._review(held)
            self.assertEqual(held.o2c_stage, "hold")

            # cycle time: intake day 0 to paid day 10
            value, text = self._figure(self.salesman, "cycle_time")
            self.assertAlmostEqual(value, 10.0, places=2)
            self.assertEqual(text, "10.0 days")
            # on time: one order of two (one line each)
            value, text = self._figure(self.salesman, "on_time")
            self.assertAlmostEqual(value, 50.0)
            self.assertEqual(text, "50.0 %")
            self.assertEqual(self._figure(self.salesman, "holds"), (1.0, "1"))
            # margin of the two confirmed orders: 14 x (12.5 - 5) + 30 shipping
            self.assertAlmostEqual(late.margin + on_time.margin, 14 * 7.5 + 30.0)
            value, _text = self._figure(self.salesman, "margin")
            self.assertAlmostEqual(value, 100.0 * 135.0 / (14 * 12.5 + 30.0))
            # shipping per order: (10 + 20) / 2
            value, _text = self._figure(self.salesman, "shipping_cost")
            self.assertAlmostEqual(value, 15.0)
            # DSO: the open invoice over the sales of 90 days, in days
            value, _text = self._figure(self.invoice_user, "dso")
            expected = (
                open_invoice.amount_total
                / (open_invoice.amount_total + invoice.amount_total)
                * 90
            )
            self.assertAlmostEqual(value, expected, places=2)

    def test_empty_figures_show_a_dash(self):
        for code in ("cycle_time", "on_time", "margin", "shipping_cost"):
            self.assertEqual(self._figure(self.salesman, code), (0.0, "-"))
        self.assertEqual(self._figure(self.salesman, "holds"), (0.0, "0"))

    def test_tiles_per_role(self):
        salesman = set(self._tiles(self.salesman).mapped("code"))
        self.assertLessEqual(
            {"cycle_time", "on_time", "holds", "margin", "shipping_cost"}, salesman
        )
        self.assertNotIn("dso", salesman)
        accounting = set(self._tiles(self.invoice_user).mapped("code"))
        self.assertIn("dso", accounting)
        self.assertNotIn("margin", accounting)
        warehouse = set(self._tiles(self.stock_user).mapped("code"))
        self.assertNotIn("margin", warehouse)
        self.assertNotIn("dso", warehouse)
        self.assertIn("on_time", warehouse)

    def test_dashboard_and_analyses_load_without_warnings_for_every_role(self):
        users = (
            self.salesman,
            self.stock_user,
            self.invoice_user,
            self.credit_manager,
            self.sales_manager,
        )
        for user in users:
            with self.subTest(user=user.login), self.assertNoLogs("odoo", "WARNING"):
                action = (
                    self.env["ir.actions.act_window"]
                    .with_user(user)
                    ._for_xml_id("order_to_cash.action_o2c_dashboard")
                )
                self.env["o2c.kpi"].with_user(user).get_views(
                    action["views"] + [(False, "search")], {"load_filters": True}
                )
                for kpi in self._tiles(user):
                    kpi.read(["value_display", "name", "description"])
                    tile_action = kpi.action_open()
                    model = self.env[tile_action["res_model"]].with_user(user)
                    search = tile_action.get("search_view_id") or [False]
                    model.get_views(
                        [tuple(view) for view in tile_action["views"]]
                        + [(search[0], "search")],
                        {"load_filters": True},
                    )
                    self.assertLessEqual(
                        {"pivot", "graph"}, {mode for _id, mode in tile_action["views"]}
                    )

    def test_tile_without_analysis(self):
        kpi = self.env["o2c.kpi"].create({"name": "Leer", "code": "nothing"})
        self.assertEqual(kpi.value_display, "-")
        with self.assertRaisesRegex(UserError, "Leer"):
            kpi.action_open()
