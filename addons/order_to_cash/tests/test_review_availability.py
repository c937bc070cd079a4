# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review's availability check and the promised date (told to the
customer once, updated when it moves), and the review run again at
confirmation; moved out of test_review.py, whose common class it uses."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_review import O2cReviewCommon


@tagged("post_install", "-at_install")
class TestO2cAvailability(O2cReviewCommon):
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
        cls._put_in_stock(cls.scarce, 2)
        cls.company.security_lead = 1.0

    def _incoming(self, qty, date):
        picking = self._receipt(self.scarce, qty, date)
        picking.action_confirm()
        picking.move_ids.date = date
        return picking

    @freeze_time("2026-05-04 09:00:00")
    def test_short_stock_promises_next_date_and_tells_customer(self):
        self._incoming(2, datetime(2026, 5, 8, 10, 0))
        self._incoming(10, datetime(2026, 5, 12, 10, 0))
        order = self._create_order(
            [(self.scarce, 5), (self.goods, 1)],
            commitment_date=datetime(2026, 5, 6, 12, 0),
        )
        self._review(order)
        finding = self._open(order)
        self.assertEqual(finding.check_type, "availability")
        self.assertEqual(finding.result, "warning")
        self.assertEqual(finding.line_id.product_id, self.scarce)
        # 2 in stock + 2 on the 8th are not enough; the 12th is, plus 1 safety day
        expected = datetime(2026, 5, 13, 10, 0)
        self.assertEqual(finding.line_id.o2c_promised_date, expected)
        self.assertEqual(order.o2c_promised_date, expected)
        self.assertEqual(order.o2c_stage, "review")
        mail = order.message_ids.filtered(
            lambda m: "delivery date" in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.partner_ids, self.customer)
        self.assertIn("05/13/2026", mail.body)
        self.assertEqual(order.o2c_notified_promised_date, expected)
        # the same date is not told twice
        self._review(order)
        self.assertEqual(
            len(
                order.message_ids.filtered(
                    lambda m: "delivery date" in (m.subject or "")
                )
            ),
            1,
        )
        # warnings do not block: the order goes ahead with the later date
        self._confirm(order)
        self.assertEqual(order.state, "sale")

    def _promised_date_tracking(self, order):
        return order.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "o2c_promised_date"
        )

    @freeze_time("2026-05-04 09:00:00")
    def test_first_promised_date_is_not_tracked_a_moved_one_is(self):
        """The review's first promise on a quotation leaves no tracking
        message; a promise that moves does (old and new date)."""
        order = self._create_order([(self.goods, 5)]).with_context(
            tracking_disable=False, mail_notrack=False
        )
        # as on a server: the order was created in an earlier transaction
        # (mail does not track records created in the same one)
        self._commit_stage_log()
        self._review(order)
        self._commit_stage_log()
        first = order.o2c_promised_date
        self.assertTrue(first)
        self.assertFalse(self._promised_date_tracking(order))
        moved = datetime(2026, 5, 20, 8, 0)
        order._o2c_action_write({"o2c_promised_date": moved})
        self._commit_stage_log()
        tracking = self._promised_date_tracking(order)
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_datetime, first)
        self.assertEqual(tracking.new_value_datetime, moved)

    @freeze_time("2026-05-04 09:00:00")
    def test_next_date_covers_the_earlier_lines_of_the_same_product(self):
        """Two lines of the product: the second is promised when the
        forecast covers both, not only itself."""
        self._incoming(1, datetime(2026, 5, 8, 10, 0))
        self._incoming(2, datetime(2026, 5, 12, 10, 0))
        order = self._create_order(
            [(self.scarce, 2), (self.scarce, 2)],
            commitment_date=datetime(2026, 5, 6, 12, 0),
        )
        self._review(order)
        first, second = order.order_line
        # 2 in stock for the first line; 1 more on the 8th does not cover the
        # 4 of both lines, the 12th does (plus 1 safety day)
        self.assertEqual(first.o2c_promised_date, datetime(2026, 5, 6, 12, 0))
        self.assertEqual(second.o2c_promised_date, datetime(2026, 5, 13, 10, 0))

    @freeze_time("2026-05-04 09:00:00")
    def test_short_stock_without_supply_and_blocking_setting(self):
        self.company.o2c_availability_blocking = True
        order = self._create_order([(self.scarce, 5)])
        self._review(order)
        finding = self._open(order)
        self.assertEqual(finding.result, "blocking")
        self.assertIn("no delivery date can be promised", finding.message)
        self.assertFalse(order.o2c_promised_date)
        self.assertEqual(order.o2c_stage, "hold")
        with self.assertRaisesRegex(UserError, "on hold"):
            self._confirm(order)
        # with a vendor lead time the date is known
        self.env["product.supplierinfo"].create(
            {
                "product_tmpl_id": self.scarce.product_tmpl_id.id,
                "partner_id": self.env["res.partner"].create({"name": "Lieferant"}).id,
                "delay": 14,
            }
        )
        self._review(order)
        self.assertEqual(order.o2c_promised_date, datetime(2026, 5, 19, 9, 0))

    @freeze_time("2026-05-04 09:00:00")
    def test_confirmation_mail_and_updated_confirmation(self):
        order = self._create_order([(self.goods, 3), (self.goods_2, 1)])
        self._confirm(order)
        self._commit_stage_log()
        # queued by the confirmation, sent by the mail queue's cron
        self.assertFalse(
            order.message_ids.filtered(
                lambda m: "Order Confirmation" in (m.subject or "")
            )
        )
        self._send_queued_mails()
        confirmation = order.message_ids.filtered(
            lambda m: "Order Confirmation" in (m.subject or "")
        )
        self.assertEqual(len(confirmation), 1)
        self.assertIn(self.goods.display_name, confirmation.body)
        self.assertIn("05/04/2026", confirmation.body)
        self.assertIn("12.50", confirmation.body)
        # the fulfilment moves the promised date: the customer gets an update
        # (tests run with mail tracking off; a server tracks changes)
        order.with_context(
            tracking_disable=False, mail_notrack=False
        )._o2c_action_write({"o2c_promised_date": datetime(2026, 5, 20, 8, 0)})
        self._commit_stage_log()
        update = order.message_ids.filtered(
            lambda m: "Updated Order Confirmation" in (m.subject or "")
        )
        self.assertEqual(len(update), 1)
        self.assertIn("05/20/2026", update.body)
        self.assertEqual(update.partner_ids, self.customer)

    @freeze_time("2026-05-04 09:00:00")
    def test_direct_confirmation_tells_the_date_once(self):
        self._incoming(10, datetime(2026, 5, 12, 10, 0))
        order = self._create_order([(self.scarce, 5)])
        self._confirm(order)
        self._send_queued_mails()
        subjects = order.message_ids.mapped("subject")
        self.assertFalse([s for s in subjects if s and "delivery date" in s])
        [confirmation] = [s for s in subjects if s and "Order Confirmation" in s]
        self.assertTrue(confirmation)
        self.assertEqual(order.o2c_promised_date, datetime(2026, 5, 13, 10, 0))
        self.assertEqual(order.o2c_notified_promised_date, order.o2c_promised_date)

    # --- the review at confirmation ------------------------------------------

    def _take_stock(self, product, qty):
        self.env["stock.quant"]._update_available_quantity(
            product, self.stock_location, -qty
        )
        # a new request: the forecast is computed afresh
        self.env.invalidate_all()

    @freeze_time("2026-05-04 09:00:00")
    def test_confirmation_of_unchanged_order_rechecks_only_credit(self):
        """Within the validity of a review, confirming an unchanged order
        checks the credit again (other orders and payments move it) and
        keeps the other findings as they are."""
        order = self._create_order([(self.scarce, 2)])
        self._review(order)
        findings = order.o2c_check_ids
        self.assertEqual(set(findings.mapped("result")), {"ok"})
        others = findings.filtered(lambda c: c.check_type != "credit")
        # the stock goes to someone else: within the validity it is not
        # looked at again ...
        self._take_stock(self.scarce, 2)
        # ... the credit is: a limit set meanwhile holds the order
        self._set_credit_limit(order.amount_total / 2)
        # the Confirm button: the hold the review finds is kept
        action = order.with_user(self.salesman).action_o2c_confirm()
        self.assertEqual(action["params"]["title"], "On hold: not confirmed")
        self.assertEqual(order.state, "draft")
        credit = order.o2c_check_ids.filtered(lambda c: c.check_type == "credit")
        self.assertEqual(credit.result, "blocking")
        kept = order.o2c_check_ids.filtered(lambda c: c.check_type != "credit")
        self.assertEqual(kept, others)
        self.assertEqual(
            kept.filtered(lambda c: c.check_type == "availability").result, "ok"
        )

    @freeze_time("2026-05-04 09:00:00")
    def test_unchanged_findings_keep_their_records(self):
        order = self._create_order([(self.goods, 5)])
        self._review(order)
        findings = order.o2c_check_ids
        self._review(order)
        self.assertEqual(order.o2c_check_ids, findings)
        self._confirm(order)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.o2c_check_ids, findings)

    @freeze_time("2026-05-04 09:00:00")
    def test_changed_order_is_reviewed_again_at_confirmation(self):
        order = self._create_order([(self.scarce, 1)])
        self._review(order)
        self.assertEqual(order.o2c_check_ids.mapped("result"), ["ok"] * 4)
        order.with_user(self.salesman).order_line.product_uom_qty = 5
        self._confirm(order)  # short stock only warns
        availability = order.o2c_check_ids.filtered(
            lambda c: c.check_type == "availability"
        )
        self.assertEqual(availability.result, "warning")
        self.assertIn(self.scarce.display_name, availability.message)

    def test_old_review_is_run_again_at_confirmation(self):
        with freeze_time("2026-05-04 09:00:00"):
            order = self._create_order([(self.scarce, 2)])
            self._review(order)
            self._take_stock(self.scarce, 2)
        with freeze_time("2026-05-04 10:01:00"):  # validity: 60 minutes
            self._confirm(order)
            availability = order.o2c_check_ids.filtered(
                lambda c: c.check_type == "availability"
            )
            self.assertEqual(availability.result, "warning")
            self.assertEqual(order.o2c_review_date, datetime(2026, 5, 4, 10, 1))

    @freeze_time("2026-05-04 09:00:00")
    def test_validity_zero_always_reviews_the_whole_order(self):
        self.company.o2c_review_validity_minutes = 0
        order = self._create_order([(self.scarce, 2)])
        self._review(order)
        self._take_stock(self.scarce, 2)
        self._confirm(order)
        availability = order.o2c_check_ids.filtered(
            lambda c: c.check_type == "availability"
        )
        self.assertEqual(availability.result, "warning")
