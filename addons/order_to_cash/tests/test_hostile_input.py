# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hostile input to order_to_cash's public methods, as the least-privileged
user who may call them: numbers that are no numbers (NaN, infinities,
1e308, below the unit's rounding), control characters in text, dates in the
future, too many lines, and HTML that must reach the chatter and the
activities as text. Each refusal names the field and writes nothing."""

import math
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools.o2c_input import (
    O2C_MAX_LINES,
    o2c_date,
    o2c_html_text,
    o2c_number,
    o2c_text,
)
from .test_review import O2cReviewCommon

XSS = "<img src=x onerror=alert(1)>"


@tagged("post_install", "-at_install")
class TestO2cInputValidators(O2cReviewCommon):
    """The shared validators themselves."""

    def test_numbers(self):
        env = self.env
        for value in (
            math.nan,
            math.inf,
            -math.inf,
            1e308,
            "3",
            None,
            True,
            [1],
        ):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "^lines\\[2\\]\\.qty: "),
            ):
                o2c_number(env, value, "lines[2].qty", minimum=0)
        with self.assertRaisesRegex(ValidationError, "below the unit's rounding"):
            o2c_number(env, 0.0001, "qty", minimum=0, rounding=0.01)
        with self.assertRaisesRegex(ValidationError, "more than 0"):
            o2c_number(env, 0, "qty", minimum=0, exclusive_minimum=True)
        with self.assertRaisesRegex(ValidationError, "at least 0"):
            o2c_number(env, -1, "price", minimum=0)
        with self.assertRaisesRegex(ValidationError, "whole number"):
            o2c_number(env, 4.5, "rating", integer=True)
        self.assertEqual(o2c_number(env, 2.004, "qty", rounding=0.01), 2.0)
        self.assertEqual(o2c_number(env, 7, "qty"), 7.0)

    def test_texts(self):
        env = self.env
        for value in ("a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x85b"):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(
                    ValidationError, "reason contains a control character"
                ),
            ):
                o2c_text(env, value, "reason")
        self.assertEqual(
            o2c_text(env, " Zeile 1\nZeile 2\t ", "reason"), "Zeile 1\nZeile 2"
        )
        with self.assertRaisesRegex(ValidationError, "ref contains a control"):
            o2c_text(env, "A\nB", "ref", multiline=False)
        with self.assertRaisesRegex(ValidationError, "longer than 5"):
            o2c_text(env, "x" * 6, "ref", size=5)
        with self.assertRaisesRegex(ValidationError, "ref is required"):
            o2c_text(env, "   ", "ref", required=True)

    @freeze_time("2026-06-15 10:00:00")
    def test_dates(self):
        env = self.env
        today = date(2026, 6, 15)
        self.assertEqual(o2c_date(env, "2026-06-15", "date", not_after=today), today)
        with self.assertRaisesRegex(
            ValidationError, "date: 2026-06-16 is in the future"
        ):
            o2c_date(env, "2026-06-16", "date", not_after=today)
        for value in ("2026-13-45", "nächsten Dienstag", 20260615, "9" * 5000):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "Invalid date"),
            ):
                o2c_date(env, value, "date")
        self.assertEqual(
            o2c_date(env, "2026-06-15T23:30:00+02:00", "when", with_time=True),
            datetime(2026, 6, 15, 21, 30),
        )

    def test_html_text_escapes(self):
        html = o2c_html_text(f"{XSS}\nzweite Zeile")
        self.assertNotIn("<img", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertIn("<br", html)


@tagged("post_install", "-at_install")
class TestO2cHostileIntake(O2cReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integration = cls._company_user(
            login="o2c_hostile_integration",
            groups="sales_team.group_sale_salesman",
        )
        cls.Order = cls.env["sale.order"].with_user(cls.integration)

    def _payload(self, ref="HOSTILE-1", **values):
        payload = {
            "channel": "api",
            "external_ref": ref,
            "partner": self.customer.id,
            "lines": [{"product": self.goods.id, "qty": 2}],
        }
        payload.update(values)
        return payload

    def _counts(self):
        return {
            model: self.env[model].sudo().search_count([])
            for model in (
                "sale.order",
                "sale.order.line",
                "res.partner",
                "o2c.order.check",
                "mail.message",
                "mail.activity",
            )
        }

    def _assert_refused(self, payload, field):
        before = self._counts()
        with self.assertRaises(ValidationError) as refusal:
            self.Order.o2c_submit_order(payload)
        self.assertIn(field, str(refusal.exception))
        self.assertEqual(self._counts(), before, "something was left behind")

    def test_quantities_and_prices(self):
        for qty in (math.nan, math.inf, -math.inf, 1e308, 0.0001, 0, -1, "2"):
            with self.subTest(qty=qty):
                self._assert_refused(
                    self._payload(lines=[{"product": self.goods.id, "qty": qty}]),
                    "lines[0].qty",
                )
        for price in (math.nan, math.inf, 1e308, -0.5):
            with self.subTest(price=price):
                self._assert_refused(
                    self._payload(
                        lines=[
                            {"product": self.goods.id, "qty": 1},
                            {"product": self.goods.id, "qty": 1, "price_unit": price},
                        ]
                    ),
                    "lines[1].price_unit",
                )

    def test_control_characters(self):
        for key, value, field in (
            ("external_ref", "REF\x00-1", "external_ref"),
            ("external_ref", "REF\n1", "external_ref"),
            ("note", "Bitte \x1b[31m liefern", "note"),
            ("partner", {"name": "Kunde\x00 GmbH"}, "partner.name"),
        ):
            with self.subTest(key=key, value=value):
                self._assert_refused(self._payload(**{key: value}), field)
        self._assert_refused(
            self._payload(lines=[{"product": "KL-6204\x00", "qty": 1}]),
            "lines[0].product",
        )

    @freeze_time("2026-06-15 10:00:00")
    def test_commitment_date(self):
        self._assert_refused(
            self._payload(commitment_date="2050-01-01"), "commitment_date"
        )
        self._assert_refused(
            self._payload(commitment_date="9999-12-31T23:59:59"), "commitment_date"
        )
        result = self.Order.o2c_submit_order(
            self._payload(commitment_date="2026-07-01")
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.commitment_date, datetime(2026, 7, 1, 12))

    def test_line_cap(self):
        lines = [{"product": self.goods.id, "qty": 1}] * (O2C_MAX_LINES + 1)
        before = self._counts()
        with self.assertRaisesRegex(
            ValidationError, "lines has 501 lines: at most 500"
        ):
            self.Order.o2c_submit_order(self._payload(lines=lines))
        self.assertEqual(self._counts(), before)

    def test_html_note_stays_text(self):
        result = self.Order.o2c_submit_order(self._payload(note=XSS))
        order = self.env["sale.order"].browse(result["id"])
        # core's note is Html: sanitized, never a live handler
        self.assertNotIn("onerror", order.note or "")


@tagged("post_install", "-at_install")
class TestO2cHostileShipping(O2cReviewCommon):
    def setUp(self):
        super().setUp()
        self.order = self._create_order([(self.goods, 5)])
        self.order.action_confirm()
        self.picking = self.order.picking_ids
        self.Picking = self.env["stock.picking"].with_user(self.stock_user)

    def _messages(self):
        return self.env["mail.message"].search_count(
            [("model", "=", "stock.picking"), ("res_id", "=", self.picking.id)]
        )

    def test_control_fail_reason_refused(self):
        picking = self.Picking.browse(self.picking.id)
        before = self._messages()
        for reason, text in (
            ("Karton\x00 nass", "control character"),
            ("x" * 2001, "longer than 2000"),
            (42, "must be a text"),
            ("   ", "reason"),
        ):
            with (
                self.subTest(reason=reason),
                self.assertRaisesRegex(ValidationError, text),
            ):
                picking.action_o2c_control_fail(reason)
        for missing, text in (
            ([{"product_id": self.goods.id, "qty": math.nan}], "missing\\[0\\]\\.qty"),
            ([{"product_id": self.goods.id, "qty": 6}], "missing\\[0\\]\\.qty"),
            (
                [{"product_id": self.goods_2.id, "qty": 1}],
                "missing\\[0\\]\\.product_id",
            ),
            ([{"product_id": self.goods.id, "qty": 1, "x": 1}], "missing\\[0\\]"),
            ("alles", "missing"),
        ):
            with (
                self.subTest(missing=missing),
                self.assertRaisesRegex(ValidationError, text),
            ):
                picking.action_o2c_control_fail("Fehlt", missing=missing)
        with self.assertRaisesRegex(ValidationError, "defective"):
            picking.action_o2c_control_fail(
                "Kaputt", defective=[{"product_id": self.goods.id}] * 501
            )
        self.assertEqual(self.picking.o2c_control_state, "todo")
        self.assertFalse(self.picking.o2c_control_reason)
        self.assertEqual(self._messages(), before)
        self.assertFalse(self.picking.activity_ids)

    def test_control_fail_html_is_escaped(self):
        picking = self.Picking.browse(self.picking.id)
        picking.action_o2c_control_fail(
            XSS, missing=[{"product_id": self.goods.id, "qty": 2}]
        )
        self.assertEqual(self.picking.o2c_control_state, "failed")
        self.assertIn("Missing: 2 Units", self.picking.o2c_control_reason)
        activity = self.picking.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertNotIn("<img", activity.note)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", activity.note)
        message = self.picking.message_ids.filtered(
            lambda m: "Shipment control failed" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertNotIn("<img", message.body)
        self.assertIn("&lt;img", message.body)

    def test_control_fail_wizard_reason(self):
        Wizard = self.env["o2c.control.fail.wizard"].with_user(self.stock_user)
        with self.assertRaisesRegex(ValidationError, "control character"):
            Wizard.create(
                {"picking_ids": [(6, 0, self.picking.ids)], "reason": "a\x00"}
            )

    def test_release_wizard_reason(self):
        Wizard = self.env["o2c.order.release"].with_user(self.credit_manager)
        with self.assertRaisesRegex(ValidationError, "reason contains a control"):
            Wizard.create({"order_ids": [(6, 0, self.order.ids)], "reason": "ok\x00"})

    def test_mark_delivered_dates(self):
        self._deliver(self.order)
        picking = self.Picking.browse(self.picking.id)
        for value, text in (
            ("2999-01-01", "is in the future"),
            ("2026-13-45", "Invalid date"),
            (1e308, "Invalid date"),
            ("2026-01-01\x00", "Invalid date"),
        ):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, text),
            ):
                picking.action_o2c_mark_delivered(date=value)
        self.assertFalse(self.picking.o2c_delivered_date)
        picking.action_o2c_mark_delivered()
        self.assertTrue(self.picking.o2c_delivered_date)
