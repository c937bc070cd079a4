# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import O2cCommon


class O2cPortalCommon(O2cCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.is_company = True
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Jonas Einkauf", "parent_id": cls.customer.id}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="o2c_portal_buyer",
            password="o2c_portal_buyer",
            groups="base.group_portal",
            partner_id=cls.buyer.id,
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Fremdkunde AG", "is_company": True}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="o2c_portal_other",
            password="o2c_portal_other",
            groups="base.group_portal",
        )
        cls.other_portal_user.partner_id.parent_id = cls.other_customer
        carrier_product = cls._create_product(
            name="Versand", type="service", lst_price=0.0
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Paketdienst",
                "delivery_type": "fixed",
                "product_id": carrier_product.id,
                "tracking_url": "https://track.example.com/?id=<shipmenttrackingnumber>",
                "company_id": cls.company.id,
            }
        )
        cls.two_instalments = cls.env["account.payment.term"].create(
            {
                "name": "Zwei Raten",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 30}
                    ),
                ],
            }
        )
        cls._put_in_stock(cls.goods, 100)

    def _shipped_and_invoiced_order(self):
        """A confirmed order shipped with a tracking number, invoiced in two
        instalments, the first paid."""
        order = self._create_order(
            [(self.goods, 8)],
            carrier_id=self.carrier.id,
            payment_term_id=self.two_instalments.id,
        )
        self._confirm(order)
        picking = self._deliver(order)
        picking.with_user(self.stock_user).carrier_tracking_ref = "TRK123"
        invoice = self._invoice(order)
        first = invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).sorted("date_maturity")[:1]
        self._pay(invoice, amount=abs(first.amount_currency))
        return order, picking, invoice


class TestPortalValues(O2cPortalCommon):
    """The panel's values (o2c.order.portal), as the portal computes them
    for the customer's order (sudoed after the access check)."""

    def test_panel_of_a_shipped_and_partly_paid_order(self):
        order, picking, invoice = self._shipped_and_invoiced_order()
        self.assertEqual(order.o2c_stage, "payment")
        values = self.env["o2c.order.portal"]._o2c_portal_values(
            order.with_user(self.portal_user).sudo(), access_token="x"
        )
        self.assertEqual(
            [(step["key"], step["state"]) for step in values["steps"]],
            [
                ("intake", "done"),
                ("review", "done"),
                ("production", "done"),
                ("shipping", "done"),
                ("invoicing", "done"),
                ("payment", "current"),
            ],
        )
        self.assertEqual(values["stage_label"], "Payment")
        (shipment,) = values["shipments"]
        self.assertEqual(shipment["carrier"], "Paketdienst")
        self.assertEqual(
            shipment["tracking"],
            [{"number": "TRK123", "url": "https://track.example.com/?id=TRK123"}],
        )
        self.assertEqual(
            shipment["slip_url"],
            f"/my/orders/{order.id}/delivery/{picking.id}"
            f"?access_token={order.access_token}",
        )
        (panel_invoice,) = values["invoices"]
        self.assertEqual(panel_invoice["name"], invoice.name)
        self.assertEqual(
            [i["state"] for i in panel_invoice["instalments"]], ["paid", "open"]
        )
        self.assertAlmostEqual(
            panel_invoice["instalments"][1]["residual"], invoice.amount_residual
        )
        self.assertIn("access_token=", panel_invoice["url"])
        # no payment provider set up: no pay button
        self.assertFalse(panel_invoice["pay_url"])
        self.assertIn("report_type=pdf", values["documents"][0]["url"])

    def test_pay_button_where_a_provider_is_set_up(self):
        order, _picking, invoice = self._shipped_and_invoiced_order()
        self.env["ir.config_parameter"].sudo().set_param(
            "account_payment.enable_portal_payment", True
        )
        self.env["payment.provider"].sudo().create(
            {"name": "Testzahlung", "state": "test", "company_id": self.company.id}
        )
        values = self.env["o2c.order.portal"]._o2c_portal_values(order.sudo())
        self.assertEqual(values["invoices"][0]["pay_url"], invoice.get_portal_url())

    def test_promise_moved_is_told_with_its_reason(self):
        order = self._create_order([(self.goods, 8)]).with_context(
            tracking_disable=False, mail_notrack=False
        )
        # as on a server: tracked from the transaction after the creation
        self._commit_stage_log()
        order.with_user(self.salesman).action_o2c_review()
        self._commit_stage_log()
        first = order.o2c_promised_date
        self.assertTrue(first)
        later = first + timedelta(days=7)
        order._o2c_action_write({"o2c_promised_date": later})
        self._commit_stage_log()
        values = self.env["o2c.order.portal"]._o2c_portal_values(order.sudo())
        (move,) = values["promise_history"]
        self.assertEqual((move["old"], move["new"]), (first, later))
        self.assertIn("not every item is available", move["reason"].lower())
        self.assertIn(move["reason"], move["text"])
        self.assertEqual(values["promised_date"], later)

    def test_promise_moved_after_confirmation_tells_the_recorded_reason(self):
        order = self._create_order([(self.goods, 8)]).with_context(
            tracking_disable=False, mail_notrack=False
        )
        self._commit_stage_log()
        self._confirm(order)
        self._commit_stage_log()
        first = order.o2c_promised_date
        later = first + timedelta(days=9)
        # what o2c.order.promise writes when a control fails
        order._o2c_action_write(
            self.env["o2c.order.promise"]._prepare_o2c_promise_change_vals(
                order, later, "control"
            )
        )
        self._commit_stage_log()
        values = self.env["o2c.order.portal"]._o2c_portal_values(order.sudo())
        (move,) = values["promise_history"]
        self.assertEqual((move["old"], move["new"]), (first, later))
        self.assertEqual(move["reason"], "A quality control failed")

    def test_list_shows_stage_and_next_date(self):
        paid_part, _picking, invoice = self._shipped_and_invoiced_order()
        promised = self._create_order(
            [(self.goods, 2)], commitment_date=datetime(2030, 5, 6, 10, 0)
        )
        self._confirm(promised)
        orders = (paid_part | promised).with_user(self.portal_user).sudo()
        self.env.invalidate_all()
        with self.assertQueryCount(10):
            values = self.env["o2c.order.portal"]._o2c_portal_list_values(orders)
        open_line = invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
        )
        self.assertEqual(values[paid_part.id]["stage_label"], "Payment")
        self.assertEqual(values[paid_part.id]["next_date"], open_line.date_maturity)
        self.assertEqual(values[promised.id]["stage_label"], "Shipping")
        self.assertEqual(values[promised.id]["next_date"], date(2030, 5, 6))
        self.assertEqual(values[promised.id]["next_date_label"], "Delivery")


@tagged("post_install", "-at_install")
class TestPortalPages(O2cPortalCommon, HttpCase):
    """The pages: the customer's contacts see the panel; another customer's
    portal user gets nothing of the order, its delivery slip or its panel."""

    def test_customer_sees_the_panel_and_the_slip(self):
        order, picking, invoice = self._shipped_and_invoiced_order()
        self.authenticate("o2c_portal_buyer", "o2c_portal_buyer")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="o2c_portal_lifecycle"', page.text)
        self.assertIn("https://track.example.com/?id=TRK123", page.text)
        self.assertIn(invoice.name, page.text)
        listing = self.url_open("/my/orders")
        self.assertIn("o2c_portal_list_stage", listing.text)
        slip = self.url_open(f"/my/orders/{order.id}/delivery/{picking.id}")
        self.assertEqual(slip.status_code, 200)
        self.assertEqual(slip.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", slip.headers["Content-Disposition"])

    def test_other_customer_gets_nothing(self):
        order, picking, _invoice = self._shipped_and_invoiced_order()
        order._portal_ensure_token()
        self.authenticate("o2c_portal_other", "o2c_portal_other")
        for url in (
            f"/my/orders/{order.id}",
            f"/my/orders/{order.id}/delivery/{picking.id}",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (303, 403, 404), url)
            self.assertNotIn(b"TRK123", response.content)
            self.assertNotIn(order.name.encode(), response.content)
        listing = self.url_open("/my/orders")
        self.assertNotIn(order.name, listing.text)
        # the order's token opens the order, not another order's delivery
        other_order, other_picking, _inv = self._shipped_and_invoiced_order()
        response = self.url_open(
            f"/my/orders/{order.id}/delivery/{other_picking.id}"
            f"?access_token={order.access_token}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        response = self.url_open(
            f"/my/orders/{other_order.id}/delivery/{other_picking.id}"
            f"?access_token={order.access_token}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        # a visitor with the order's link (its token) gets the panel and slip
        self.logout()
        page = self.url_open(f"/my/orders/{order.id}?access_token={order.access_token}")
        self.assertIn("TRK123", page.text)
        slip = self.url_open(
            f"/my/orders/{order.id}/delivery/{picking.id}"
            f"?access_token={order.access_token}"
        )
        self.assertEqual(slip.headers["Content-Type"], "application/pdf")

    def test_held_order_shows_no_reasons_nor_credit_figures(self):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 77.0
        order = self._create_order([(self.goods, 10)])
        order.with_user(self.salesman).action_o2c_review()
        self.env.flush_all()
        self.assertEqual(order.o2c_stage, "hold")
        order.message_post(
            body="Interne Notiz: Bonität prüfen", subtype_xmlid="mail.mt_note"
        )
        # the quotation's link, as the customer gets it by e-mail
        order._portal_ensure_token()
        self.authenticate("o2c_portal_buyer", "o2c_portal_buyer")
        page = self.url_open(f"/my/orders/{order.id}?access_token={order.access_token}")
        self.assertEqual(page.status_code, 200)
        html = page.text
        self.assertIn('id="o2c_portal_lifecycle"', html)
        self.assertIn('data-stage="hold"', html)
        self.assertRegex(html, r'data-step="review"[^>]*aria-current="step"')
        for secret in [
            *order.o2c_check_ids.filtered(lambda c: c.result != "ok").mapped("message"),
            "Bonität prüfen",
            "On Hold",
            "Credit",
            "77.00",
            "Exposure",
        ]:
            self.assertNotIn(secret, html)
        self.assertFalse(re.search(r"credit limit", html, re.IGNORECASE))
