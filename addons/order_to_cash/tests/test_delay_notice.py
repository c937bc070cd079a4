# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delay notices (issue 17.1): once confirmed, the promise follows the goods;
the customer hears of each change once, with the old and the new date."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .test_review import O2cReviewCommon

NOW = "2026-05-04 09:00:00"


@tagged("post_install", "-at_install")
class TestO2cDelayNotice(O2cReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scarce = cls._create_product(
            name="Getriebe G7",
            default_code="GE-7",
            type="consu",
            is_storable=True,
            lst_price=200.0,
        )
        cls.company.security_lead = 1.0
        cls.vendor = cls.env["res.partner"].create({"name": "Getriebewerk AG"})
        cls.env["product.supplierinfo"].create(
            {
                "product_tmpl_id": cls.scarce.product_tmpl_id.id,
                "partner_id": cls.vendor.id,
                "delay": 20,
            }
        )

    def _tracked(self, records):
        # tests run with mail tracking off; a server tracks the change that
        # mails the customer
        return records.with_context(tracking_disable=False, mail_notrack=False)

    def _run_cron(self, orders=None):
        """Run the daily check as the cron's user (the superuser) over every
        order of the database; return those of ``orders`` (this test's)
        whose promise moved."""
        cron = self._tracked(self.env["sale.order"]).sudo()
        moved = cron._o2c_cron_check_promised_dates().with_env(self.env)
        self._commit_stage_log()
        return moved & orders if orders is not None else moved

    def _confirmed_scarce_order(self, receipt_date):
        receipt = self._receipt(self.scarce, 5, receipt_date)
        receipt.action_confirm()
        order = self._create_order([(self.scarce, 5)])
        self._confirm(order)
        self._send_queued_mails()
        self.assertEqual(order.state, "sale")
        return order, receipt

    @freeze_time(NOW)
    def test_late_goods_tell_the_customer_once_with_old_and_new_date(self):
        order, receipt = self._confirmed_scarce_order(datetime(2026, 5, 12, 10, 0))
        promised = order.o2c_promised_date
        self.assertEqual(promised, datetime(2026, 5, 13, 10, 0))
        # on time: the scheduled action tells nothing
        self.assertFalse(self._run_cron(order))
        self.assertFalse(self._update_notices(order))
        # the vendor is late: the receipt moves by two weeks
        receipt.move_ids.date = datetime(2026, 5, 26, 10, 0)
        receipt.scheduled_date = datetime(2026, 5, 26, 10, 0)
        self.env.invalidate_all()
        with freeze_time("2026-05-05 09:00:00"):
            self.assertEqual(self._run_cron(order), order)
            # twice the same day, and the next day again: nothing more
            self.assertFalse(self._run_cron(order))
        with freeze_time("2026-05-06 09:00:00"):
            self.assertFalse(self._run_cron(order))
        self.assertEqual(order.o2c_promised_date, datetime(2026, 5, 27, 10, 0))
        self.assertEqual(order.o2c_promised_date_previous, promised)
        self.assertEqual(order.o2c_promise_change_reason, "supply")
        self.assertEqual(order.order_line.o2c_promised_date, order.o2c_promised_date)
        notice = self._update_notices(order)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.partner_ids, self.customer)
        self.assertIn("05/27/2026", notice.body)
        self.assertIn("05/13/2026", notice.body)
        self.assertIn("later than planned", notice.body)

    @freeze_time(NOW)
    def test_earlier_goods_and_orders_without_promise_are_left_alone(self):
        order, receipt = self._confirmed_scarce_order(datetime(2026, 5, 12, 10, 0))
        promised = order.o2c_promised_date
        # the goods come earlier: the promise stays (never moved earlier)
        receipt.move_ids.date = datetime(2026, 5, 6, 10, 0)
        # an order of the company's history: confirmed without a promise
        history = self._create_order([(self.scarce, 3)])
        self._confirm(history)
        history.sudo()._o2c_action_write({"o2c_promised_date": False})
        self.env.invalidate_all()
        self.assertFalse(self._run_cron(order | history))
        self.assertEqual(order.o2c_promised_date, promised)
        self.assertFalse(history.o2c_promised_date)
        self.assertFalse(self._update_notices(order) | self._update_notices(history))

    @freeze_time(NOW)
    def test_failed_control_moves_the_promise_by_the_replenishment_time(self):
        self._put_in_stock(self.scarce, 5)
        order = self._create_order([(self.scarce, 5)])
        self._confirm(order)
        self._send_queued_mails()
        self.assertEqual(order.o2c_promised_date.date(), datetime(2026, 5, 4).date())
        picking = order.picking_ids
        self._tracked(picking.with_user(self.stock_user)).action_o2c_control_fail(
            "Gehäuse gerissen"
        )
        self._commit_stage_log()
        # the vendor's 20 days and the company's safety day
        self.assertEqual(order.o2c_promised_date, datetime(2026, 5, 25, 9, 0))
        self.assertEqual(order.o2c_promise_change_reason, "control")
        notice = self._update_notices(order)
        self.assertEqual(len(notice), 1)
        self.assertIn("quality control", notice.body)

    @freeze_time(NOW)
    def test_partial_shipment_lists_what_is_still_open_and_when(self):
        self._put_in_stock(self.scarce, 3)
        receipt = self._receipt(self.scarce, 10, datetime(2026, 5, 8, 10, 0))
        receipt.action_confirm()
        order = self._create_order([(self.scarce, 5), (self.goods, 2)])
        self._confirm(order)
        self._send_queued_mails()
        promised = order.o2c_promised_date
        self.assertEqual(promised, datetime(2026, 5, 9, 10, 0))
        # the receipt slips: 3 leave now, the backorder waits for it
        receipt.move_ids.date = datetime(2026, 5, 18, 10, 0)
        self.env.invalidate_all()
        self.env = self._tracked(self.env["sale.order"]).env
        self._deliver(order, quantities={self.scarce: 3}, backorder=True)
        self._commit_stage_log()
        self.assertEqual(order.o2c_promised_date, datetime(2026, 5, 19, 10, 0))
        self.assertEqual(order.o2c_promise_change_reason, "backorder")
        self.assertEqual(len(self._update_notices(order)), 1)
        shipped = order.picking_ids.filtered(lambda p: p.state == "done")
        items = shipped.get_o2c_open_items()
        self.assertEqual(
            items,
            [
                {
                    "product": self.scarce.display_name,
                    "qty": 2.0,
                    "uom": self.scarce.uom_id.name,
                    "date": datetime(2026, 5, 19, 10, 0),
                }
            ],
        )
        mails = self._send_queued_mails()
        confirmation = mails.filtered(lambda m: m.res_id == shipped.id)
        self.assertIn("Still to come", confirmation.body)
        self.assertIn("05/19/2026", confirmation.body)

    @freeze_time(NOW)
    def test_cron_query_budget(self):
        """The daily check of one order, and of three: a batch's fixed cost
        (23) plus about 8 queries per order (the stock forecast of its
        goods; measured 31 and 47)."""
        # the orders of the database (demo data) checked today already
        self._run_cron()
        for count, budget in ((1, 33), (3, 50)):
            orders = self.env["sale.order"]
            for _index in range(count):
                orders |= self._confirmed_scarce_order(datetime(2026, 5, 12, 10, 0))[0]
            self.env.invalidate_all()
            with self.assertQueryCount(budget):
                self.assertFalse(self._run_cron(orders))
