# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DELIVERY_DATE, O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupScheduling(O2cAftersalesCommon):
    def test_full_delivery_schedules_one_followup(self):
        order = self._delivered_order([(self.goods, 3), (self.goods_2, 1)])
        followup = self._followup_of(order)
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.state, "scheduled")
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.user_id, self.salesman)
        self.assertEqual(followup.company_id, self.company)
        self.assertEqual(followup.product_ids, self.goods | self.goods_2)
        self.assertEqual(followup.date_delivered, DELIVERY_DATE)
        self.assertEqual(followup.date_due, date(2026, 3, 9))
        self.assertEqual(followup.name, order.name)

    def test_partial_delivery_schedules_nothing_until_complete(self):
        order = self._delivered_order(
            [(self.goods, 4)], quantities={self.goods: 1}, backorder=True
        )
        self.assertEqual(order.o2c_stage, "shipping")
        self.assertFalse(self._followup_of(order))
        with freeze_time(datetime(2026, 3, 5, 15, 0)):
            self._deliver(order)
            self._commit_stage_log()
        followup = self._followup_of(order)
        self.assertEqual(len(followup), 1)
        # the delivery is complete with the last picking
        self.assertEqual(followup.date_delivered, datetime(2026, 3, 5, 15, 0))
        self.assertEqual(followup.date_due, date(2026, 3, 12))

    def test_quotation_and_confirmed_order_not_followed_up(self):
        order = self._create_order()
        self._commit_stage_log()
        self.assertFalse(self._followup_of(order))
        self._confirm(order)
        self._commit_stage_log()
        self.assertFalse(self._followup_of(order))

    def test_one_followup_per_order_whatever_happens_later(self):
        order = self._delivered_order()
        followup = self._followup_of(order)
        # invoicing and payment move the stage again: no second follow-up
        invoice = self._invoice(order)
        self._commit_stage_log()
        self._pay(invoice)
        self._commit_stage_log()
        self.assertEqual(order.o2c_stage, "done")
        self.assertEqual(self._followup_of(order), followup)
        # calling the scheduling again is idempotent
        self.assertFalse(self.Followup._o2c_schedule_for_orders(order))
        # and the database refuses a second one
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.Followup.create({"order_id": order.id, "partner_id": self.customer.id})
        self.assertEqual(self.Followup.search_count([("order_id", "=", order.id)]), 1)

    def test_services_only_order_not_followed_up(self):
        # a service invoiced on order is not rendered in the process
        order = self._create_order([(self.service, 2)])
        self._confirm(order)
        self._commit_stage_log()
        self.assertEqual(order.o2c_stage, "invoicing")
        self.assertFalse(self._followup_of(order))

    def test_rendered_services_followed_up_as_goods(self):
        rendered = self._create_product(
            name="Wartung vor Ort",
            type="service",
            lst_price=150.0,
            invoice_policy="delivery",
        )
        with freeze_time(DELIVERY_DATE):
            services = self._create_order([(rendered, 2)])
            mixed = self._create_order([(self.goods, 1), (rendered, 1)])
            self._confirm(services)
            self._confirm(mixed)
            self._deliver(mixed)
            self._commit_stage_log()
        # goods delivered, the service not rendered yet: nothing to ask about
        self.assertEqual(mixed.o2c_stage, "shipping")
        self.assertFalse(self._followup_of(services) | self._followup_of(mixed))
        with freeze_time(datetime(2026, 3, 4, 9, 0)):
            self.env["sale.order"].with_user(self.salesman).browse(
                (services | mixed).ids
            ).action_o2c_mark_services_rendered()
            self._commit_stage_log()
        for order, products in ((services, rendered), (mixed, self.goods | rendered)):
            followup = self._followup_of(order)
            self.assertEqual(len(followup), 1, order.name)
            self.assertEqual(followup.product_ids, products)
        # the service's order has no delivery: asked about from the day it
        # was rendered
        self.assertEqual(self._followup_of(services).date_due, date(2026, 3, 11))

    def test_mixed_order_asks_about_goods(self):
        order = self._delivered_order([(self.goods, 1), (self.service, 1)])
        self.assertEqual(self._followup_of(order).product_ids, self.goods)

    def test_delay_is_per_company(self):
        self.company.o2c_followup_delay_days = 2
        order = self._delivered_order()
        followup = self._followup_of(order)
        self.assertEqual(followup.date_due, date(2026, 3, 4))
        # a later change of the setting does not move scheduled follow-ups
        self.company.o2c_followup_delay_days = 10
        self.env.flush_all()
        followup.invalidate_recordset()
        self.assertEqual(followup.date_due, date(2026, 3, 4))

    def test_excluded_customer_not_followed_up(self):
        company = self.env["res.partner"].create(
            {
                "name": "Ausgeschlossen AG",
                "is_company": True,
                "o2c_followup_exclude": True,
            }
        )
        contact = self.env["res.partner"].create(
            {
                "name": "Frau Keine",
                "email": "keine@example.com",
                "parent_id": company.id,
            }
        )
        order = self._delivered_order(partner=contact)
        self.assertEqual(order.o2c_stage, "invoicing")
        self.assertFalse(self._followup_of(order))

    def test_excluded_products(self):
        self.goods_2.o2c_followup_exclude = True
        only_excluded = self._delivered_order([(self.goods_2, 1)])
        self.assertFalse(self._followup_of(only_excluded))
        mixed = self._delivered_order([(self.goods, 1), (self.goods_2, 1)])
        self.assertEqual(self._followup_of(mixed).product_ids, self.goods)

    def test_return_after_delivery_keeps_the_followup(self):
        order = self._delivered_order()
        followup = self._followup_of(order)
        picking = order.picking_ids
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        wizard.action_create_returns()
        self._commit_stage_log()
        self.assertEqual(self._followup_of(order), followup)
