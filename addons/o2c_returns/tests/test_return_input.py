# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hostile input to returns: quantities that are no numbers, control
characters, too many lines, HTML in reasons and notes; as the warehouse
user, the portal customer and the portal form. Refused with the field named,
nothing written."""

import math
import re

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import O2cReturnsCommon

XSS = "<img src=x onerror=alert(1)>"


@tagged("post_install", "-at_install")
class TestReturnInput(O2cReturnsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="o2c_portal_hostile",
            name="Kunde Feindlich",
            groups="base.group_portal",
            company_id=cls.company.id,
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def _counts(self):
        return (
            self.env["o2c.return"].search_count([]),
            self.env["o2c.return.line"].search_count([]),
            self.env["mail.activity"].search_count([]),
        )

    def test_line_quantities_refused(self):
        order = self._delivered_order()
        before = self._counts()
        for qty in (math.nan, math.inf, -math.inf, 1e308, 0.0001, 0, -2, "1", None):
            with self.subTest(qty=qty), self.assertRaisesText(ValidationError, "qty"):
                self._create_return(order, [(self.goods, qty)])
        self.assertEqual(self._counts(), before)
        rma = self._create_return(order, [(self.goods, 2)])
        line = rma.line_ids.with_user(self.stock_user)
        for qty in (math.nan, math.inf, 1e308, 0.0001):
            with self.subTest(qty=qty), self.assertRaisesText(ValidationError, "qty"):
                line.write({"qty": qty})
        self.assertEqual(rma.line_ids.qty, 2)

    def test_texts_refused(self):
        order = self._delivered_order()
        before = self._counts()
        Return = self.env["o2c.return"].with_user(self.stock_user)
        for values, field in (
            ({"description": "kaputt\x00"}, "description"),
            ({"description": "x" * 10001}, "description"),
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesText(ValidationError, field),
            ):
                Return.create(
                    {
                        "order_id": order.id,
                        "line_ids": [
                            Command.create({"product_id": self.goods.id, "qty": 1})
                        ],
                        **values,
                    }
                )
        for values, field in (
            ({"reason": "rau\x1b[0m"}, "reason"),
            ({"note": "Lager\x00"}, "note"),
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesText(ValidationError, field),
            ):
                Return.create(
                    {
                        "order_id": order.id,
                        "line_ids": [
                            Command.create(
                                {"product_id": self.goods.id, "qty": 1, **values}
                            )
                        ],
                    }
                )
        self.assertEqual(self._counts(), before)

    def test_repair_note_is_escaped_in_the_activity(self):
        if "repair.order" in self.env:
            self.skipTest("the repair app makes a repair order, no activity")
        order = self._delivered_order()
        rma = self._create_return(order, [(self.goods, 1, "repair")])
        rma.line_ids.note = XSS
        self._run(rma, "action_confirm")
        self._run(rma, "action_receive")
        self._run(rma, "action_inspect")
        activity = rma.activity_ids.filtered(lambda a: "Repair" in a.summary)
        self.assertEqual(len(activity), 1)
        self.assertNotIn("<img", activity.note)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", activity.note)

    def test_portal_create_return_input(self):
        order = self._delivered_order()
        Portal = self.env(user=self.portal_user)["o2c.return"]
        before = self._counts()
        line = {"product_id": self.goods.id, "qty": 1}
        for lines, description, text in (
            ([dict(line, qty=math.nan)], False, "qty"),
            ([dict(line, qty=math.inf)], False, "qty"),
            ([dict(line, qty=1e308)], False, "qty"),
            ([line] * 501, False, "at most 500"),
            ([line], "Bitte\x00abholen", "description"),
            ([line], 42, "description"),
        ):
            with (
                self.subTest(lines=lines[:1], description=description),
                self.assertRaisesText(ValidationError, text),
            ):
                Portal.portal_create_return(order.id, lines, description)
        self.assertEqual(self._counts(), before)
        result = Portal.portal_create_return(order.id, [line], XSS)
        self.assertEqual(self.env["o2c.return"].browse(result["id"]).description, XSS)


@tagged("post_install", "-at_install")
class TestReturnInputPortalForm(O2cReturnsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="o2c_portal_form_hostile",
            password="o2c_portal_form_hostile",
            name="Kunde Formular",
            groups="base.group_portal",
            company_id=cls.company.id,
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def test_form_refuses_numbers_that_are_none(self):
        order = self._delivered_order()
        self.authenticate("o2c_portal_form_hostile", "o2c_portal_form_hostile")
        page = self.url_open(f"/my/orders/{order.id}/return")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        for qty, text in (
            ("nan", "qty: nan is not a number"),
            ("inf", "qty: inf is not a number"),
            ("-inf", "qty: -inf is not a number"),
            ("1e308", "qty: 1e+308 is too large"),
            ("-3", "qty: must be more than 0"),
        ):
            with self.subTest(qty=qty):
                response = self.url_open(
                    f"/my/orders/{order.id}/return",
                    data={"csrf_token": csrf, f"qty_{self.goods.id}": qty},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(text, response.text)
        self.assertFalse(
            self.env["o2c.return"].search_count([("order_id", "=", order.id)])
        )
        response = self.url_open(
            f"/my/orders/{order.id}/return",
            data={
                "csrf_token": csrf,
                f"qty_{self.goods.id}": "1",
                "description": XSS,
            },
        )
        self.assertEqual(
            self.env["o2c.return"].search_count([("order_id", "=", order.id)]), 1
        )
        # the description is shown as text on the return's page
        self.assertNotIn(XSS, response.text)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", response.text)
