# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo.tests import TransactionCase, tagged
from odoo.tools import format_date

STAGES = (
    "intake",
    "review",
    "hold",
    "production",
    "shipping",
    "invoicing",
    "payment",
    "done",
)


@tagged("post_install", "-at_install")
class TestO2cDemo(TransactionCase):
    """The demo data (records, then the addon's real actions) shows one order
    in every lifecycle stage, with the figures of a working company: positive
    margins and a stage history over past dates. Only on a database
    installed with demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = {
            stage: cls.env.ref(
                f"order_to_cash.o2c_demo_order_{stage}", raise_if_not_found=False
            )
            for stage in STAGES
        }

    def setUp(self):
        super().setUp()
        if not all(self.orders.values()):
            self.skipTest("installed without demo data")

    def test_one_order_per_stage(self):
        for stage, order in self.orders.items():
            self.assertEqual(order.o2c_stage, stage, order.client_order_ref)

    def test_positive_margins(self):
        for order in self.orders.values():
            self.assertGreater(order.margin, 0.0, order.client_order_ref)
            for line in order.order_line:
                self.assertGreater(line.price_unit, line.purchase_price, line.name)

    def test_held_and_failed_control(self):
        hold = self.orders["hold"]
        self.assertEqual(
            hold.o2c_check_ids.filtered(lambda c: c.result == "blocking").check_type,
            "price",
        )
        self.assertEqual(
            self.orders["shipping"].picking_ids.o2c_control_state, "failed"
        )

    def test_invoices_reminder_and_payment(self):
        invoice = self.orders["payment"].invoice_ids
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertTrue(invoice.o2c_reminder_level_id)
        self.assertIn(
            self.orders["done"].invoice_ids.payment_state, ("paid", "in_payment")
        )

    def test_stage_history_over_past_dates(self):
        done = self.orders["done"]
        logs = done.o2c_stage_log_ids.sorted("date_start")
        self.assertEqual(
            logs.mapped("stage"),
            ["intake", "confirmed", "invoicing", "payment", "done"],
        )
        self.assertLess(logs[0].date_start, datetime.now() - timedelta(days=30))
        self.assertTrue(all(log.duration_hours > 0 for log in logs[:-1]))
        # every demo order entered its stage before the install's day
        for order in self.orders.values():
            self.assertLess(
                order.o2c_stage_log_ids.sorted("date_start")[-1].date_start,
                datetime.now() - timedelta(hours=12),
                order.client_order_ref,
            )

    def test_promises_given_on_the_day_of_confirmation(self):
        """The review of each confirmed order ran on the day its customer
        confirmed it (the order's date) and promised its goods' lead times
        ahead, the date the customer was told and the deliveries were
        planned for; the delivered orders came on time but the invoicing
        order, two days late (its customer complains of it in the
        after-sales demo)."""
        for stage in ("production", "shipping", "invoicing", "payment", "done"):
            order = self.orders[stage]
            self.assertEqual(
                order.o2c_review_date.date(), order.date_order.date(), stage
            )
            # its findings say so too
            self.assertEqual(
                set(order.o2c_check_ids.mapped("date")), {order.o2c_review_date}, stage
            )
        production = self.orders["production"]
        self.assertFalse(production.o2c_promised_date)
        # the gearbox was short on the day the customer asked for it
        shortage = production.o2c_check_ids.filtered(
            lambda c: c.check_type == "availability"
        )
        self.assertEqual(shortage.result, "warning")
        requested = production.date_order + timedelta(
            days=production.order_line.customer_lead
        )
        self.assertIn(format_date(self.env, requested), shortage.message)
        for stage in ("shipping", "invoicing", "payment", "done"):
            order = self.orders[stage]
            lines = order.order_line.filtered(lambda line: line._o2c_needs_stock())
            for line in lines:
                self.assertEqual(
                    line.o2c_promised_date.date(),
                    (order.date_order + timedelta(days=line.customer_lead)).date(),
                    line.name,
                )
                deliveries = line.move_ids.filtered(
                    lambda m: m.picking_code == "outgoing"
                )
                self.assertEqual(
                    set(deliveries.mapped("date_deadline")),
                    {line.o2c_promised_date},
                )
            pickings = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing"
            )
            self.assertLessEqual(pickings.scheduled_date, order.o2c_promised_date)
            self.assertEqual(
                order.o2c_promised_date, max(lines.mapped("o2c_promised_date"))
            )
            self.assertEqual(order.o2c_notified_promised_date, order.o2c_promised_date)
        for stage, days_late in (("invoicing", 2), ("payment", 0), ("done", 0)):
            order = self.orders[stage]
            self.assertLess(
                order.o2c_promised_date,
                datetime.now() - timedelta(days=7),
                order.client_order_ref,
            )
            self.assertEqual(order.o2c_days_late, days_late, order.client_order_ref)
            self.assertEqual(order.o2c_on_time, not days_late)
