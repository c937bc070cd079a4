# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_review import O2cReviewCommon

INCOMING_MAIL = """Return-Path: <einkauf@mueller.example.com>
To: orders@{domain}
From: Kunde Müller <einkauf@mueller.example.com>
Subject: Bestellung 4711
Message-ID: <bestellung-4711@mueller.example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XXX"

--XXX
Content-Type: text/plain; charset=utf-8

Bitte liefern Sie 20 Kugellager 6204.
--XXX
Content-Type: text/plain; name="bestellung.txt"
Content-Disposition: attachment; filename="bestellung.txt"
Content-Transfer-Encoding: base64

{attachment}
--XXX--
"""


@tagged("post_install", "-at_install")
class TestO2cIntake(O2cReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an integration account: sales rights and creation of customers
        cls.integration = cls._company_user(
            login="o2c_shop_integration",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.Order = cls.env["sale.order"].with_user(cls.integration)

    def _payload(self, **values):
        payload = {
            "channel": "shop",
            "external_ref": "SHOP-1001",
            "partner": {
                "name": "Neue Kundin GmbH",
                "email": "info@neue-kundin.example.com",
                "vat": "DE123456788",
                "street": "Ring 5",
                "city": "Köln",
                "zip": "50667",
                "country_code": "DE",
            },
            "lines": [
                {"product": "KL-6204", "qty": 4},
                {"product": self.goods_2.id, "qty": 1.5, "price_unit": 39.0},
            ],
            "commitment_date": "2030-06-01",
            "note": "Bitte an Rampe 3 liefern",
        }
        payload.update(values)
        return payload

    def _counts(self):
        env = self.env
        return (
            env["sale.order"].search_count([]),
            env["sale.order.line"].search_count([]),
            env["res.partner"].with_context(active_test=False).search_count([]),
        )

    def test_submit_creates_a_reviewed_quotation(self):
        result = self.Order.o2c_submit_order(self._payload())
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(result["name"], order.name)
        self.assertEqual(order.o2c_channel, "shop")
        self.assertEqual(order.o2c_external_ref, "SHOP-1001")
        self.assertEqual(order.partner_id.name, "Neue Kundin GmbH")
        self.assertEqual(order.partner_id.vat, "DE123456788")
        self.assertEqual(order.partner_id.country_id, self.env.ref("base.de"))
        self.assertEqual(order.order_line.product_id, self.goods | self.goods_2)
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [4.0, 1.5])
        self.assertEqual(order.order_line[1].price_unit, 39.0)
        self.assertEqual(str(order.commitment_date.date()), "2030-06-01")
        self.assertIn("Rampe 3", str(order.note))
        self.assertEqual(order.user_id, self.integration)
        # reviewed at once; no payment terms: a warning for a person
        self.assertEqual(result["o2c_stage"], "review")
        self.assertEqual(result["state"], "draft")
        self.assertEqual(
            {(c["check_type"], c["result"]) for c in result["checks"]},
            {
                ("credit", "ok"),
                ("availability", "ok"),
                ("price", "ok"),
                ("terms", "warning"),
            },
        )
        self.assertEqual(result["o2c_promised_date"], "2030-06-01 12:00:00")
        for value in result.values():
            self.assertIsNotNone(value)

    def test_same_external_ref_returns_the_same_order(self):
        first = self.Order.o2c_submit_order(self._payload())
        counts = self._counts()
        again = self.Order.o2c_submit_order(
            self._payload(lines=[{"product": "WE-20", "qty": 9}])
        )
        self.assertEqual(again["id"], first["id"])
        self.assertEqual(self._counts(), counts)
        # another channel is another order
        other = self.Order.o2c_submit_order(self._payload(channel="api"))
        self.assertNotEqual(other["id"], first["id"])

    def test_partner_found_by_vat_then_email_then_name(self):
        by_vat = self.env["res.partner"].create(
            {"name": "Anders GmbH", "vat": "DE123456788", "is_company": True}
        )
        by_email = self.env["res.partner"].create(
            {"name": "Mail GmbH", "email": "Info@Neue-Kundin.example.com"}
        )
        result = self.Order.o2c_submit_order(self._payload())
        self.assertEqual(self.env["sale.order"].browse(result["id"]).partner_id, by_vat)
        payload = self._payload(external_ref="SHOP-1002")
        del payload["partner"]["vat"]
        result = self.Order.o2c_submit_order(payload)
        self.assertEqual(
            self.env["sale.order"].browse(result["id"]).partner_id, by_email
        )
        result = self.Order.o2c_submit_order(
            self._payload(
                external_ref="SHOP-1003", partner={"name": "kunde müller gmbh"}
            )
        )
        self.assertEqual(
            self.env["sale.order"].browse(result["id"]).partner_id, self.customer
        )
        result = self.Order.o2c_submit_order(
            self._payload(external_ref="SHOP-1004", partner=self.customer.id)
        )
        self.assertEqual(
            self.env["sale.order"].browse(result["id"]).partner_id, self.customer
        )

    def _bad_order_payloads(self):
        """Payloads wrong in the order's own keys or its customer, each with
        the key the error must name."""
        return [
            (["not", "a", "dict"], "payload"),
            (self._payload(colour="rot"), "colour"),
            (self._payload(channel="telefax"), "channel"),
            (self._payload(channel=None), "channel"),
            (self._payload(external_ref=""), "external_ref"),
            (self._payload(external_ref=42), "external_ref"),
            (self._payload(partner="Müller"), "partner"),
            (self._payload(partner=999999999), "partner"),
            (self._payload(partner=True), "partner"),
            (self._payload(partner={"phone": "123"}), "partner.name"),
            (
                self._payload(partner={"name": "X", "country_code": "XX"}),
                "partner.country_code",
            ),
            (self._payload(partner={"name": "X", "hobby": "golf"}), "hobby"),
            (self._payload(partner={"name": ["X"]}), "partner.name"),
            (
                self._payload(partner={"name": "X", "email": "kein-mail"}),
                "partner.email",
            ),
            (self._payload(commitment_date="morgen"), "commitment_date"),
            (self._payload(commitment_date=20300601), "commitment_date"),
            (self._payload(note=["x"]), "note"),
        ]

    def _bad_line_payloads(self):
        """Payloads wrong in their lines, each with the key the error must
        name."""
        line = {"product": "KL-6204", "qty": 1}
        return [
            (self._payload(lines={"product": "KL-6204", "qty": 1}), "lines"),
            (self._payload(lines=[]), "lines"),
            (self._payload(lines=[line, "KL-6204"]), "lines[1]"),
            (
                self._payload(lines=[line, {"product": "NOPE", "qty": 1}]),
                "lines[1].product",
            ),
            (self._payload(lines=[{"product": None, "qty": 1}]), "lines[0].product"),
            (self._payload(lines=[{"product": "KL-6204", "qty": -2}]), "lines[0].qty"),
            (self._payload(lines=[{"product": "KL-6204", "qty": 0}]), "lines[0].qty"),
            (self._payload(lines=[{"product": "KL-6204", "qty": "3"}]), "lines[0].qty"),
            (
                self._payload(lines=[{"product": "KL-6204", "qty": True}]),
                "lines[0].qty",
            ),
            (self._payload(lines=[{"product": "KL-6204"}]), "lines[0].qty"),
            (
                self._payload(
                    lines=[{"product": "KL-6204", "qty": 1, "price_unit": -1}]
                ),
                "lines[0].price_unit",
            ),
            (
                self._payload(
                    lines=[{"product": "KL-6204", "qty": 1, "price_unit": "9"}]
                ),
                "lines[0].price_unit",
            ),
            (
                self._payload(lines=[{"product": "KL-6204", "qty": 1, "rabatt": 5}]),
                "rabatt",
            ),
        ]

    def test_bad_payloads_are_refused_and_leave_nothing(self):
        cases = self._bad_order_payloads() + self._bad_line_payloads()
        counts = self._counts()
        for payload, field in cases:
            with self.subTest(field=field, payload=payload):
                with self.assertRaises(UserError) as error:  # ValidationError too
                    self.Order.o2c_submit_order(payload)
                self.assertIn(field, str(error.exception))
                self.assertEqual(self._counts(), counts)

    def test_partner_lookup_is_exact(self):
        # a VAT alone finds the customer
        self.customer.vat = "DE811907980"
        result = self.Order.o2c_submit_order(
            self._payload(partner={"vat": "de 811907980"})
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.partner_id, self.customer)
        # wildcards are text, not patterns
        result = self.Order.o2c_submit_order(
            self._payload(external_ref="SHOP-2", partner={"name": "%"})
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.partner_id.name, "%")
        self.assertNotEqual(order.partner_id, self.customer)

    def test_new_customer_needs_contact_creation_right(self):
        counts = self._counts()
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.salesman).o2c_submit_order(
                self._payload()
            )
        self.assertEqual(self._counts(), counts)
        # a known customer is fine
        result = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .o2c_submit_order(self._payload(partner={"email": self.customer.email}))
        )
        self.assertEqual(
            self.env["sale.order"].browse(result["id"]).partner_id, self.customer
        )

    def test_unknown_product_of_another_company_is_refused(self):
        company_2 = self.setup_other_company(name="Tochter AG")["company"]
        other = self._create_product(
            name="Fremdteil", default_code="FR-1", company_id=company_2.id
        )
        self.assertTrue(other)
        with self.assertRaisesRegex(ValidationError, r"lines\[0\].product"):
            self.Order.o2c_submit_order(
                self._payload(lines=[{"product": "FR-1", "qty": 1}])
            )

    def test_external_ref_unique_per_company_and_channel(self):
        self._create_order(o2c_channel="phone", o2c_external_ref="PO-77")
        self._create_order(o2c_channel="post", o2c_external_ref="PO-77")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self._create_order(o2c_channel="phone", o2c_external_ref="PO-77")

    def test_clean_order_from_chosen_channel_is_confirmed(self):
        self.customer.write({"vat": "DE811907980"})
        self.company.write(
            {
                "o2c_auto_confirm": True,
                "o2c_auto_confirm_channel_ids": [
                    (6, 0, self.env.ref("order_to_cash.o2c_channel_shop").ids)
                ],
            }
        )
        payload = self._payload(partner={"vat": "DE 811907980", "name": "egal"})
        result = self.Order.o2c_submit_order(payload)
        self.assertEqual(result["state"], "sale")
        self.assertEqual(result["o2c_stage"], "shipping")
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.partner_id, self.customer)
        self._send_queued_mails()
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: "Order Confirmation" in (m.subject or "")
            )
        )
        # another channel is left for a person to confirm
        result = self.Order.o2c_submit_order(
            self._payload(channel="api", partner=self.customer.id)
        )
        self.assertEqual(result["state"], "draft")
        self.assertEqual(result["o2c_stage"], "intake")

    def _mail_order(self):
        """Send the customer's order mail to the intake alias; return the
        quotation it creates."""
        alias = self.env.ref("order_to_cash.mail_alias_o2c_intake")
        domain = alias.alias_domain or "example.com"
        if not alias.alias_domain_id:
            alias.alias_domain_id = self.env["mail.alias.domain"].create(
                {"name": domain}
            )
        raw = INCOMING_MAIL.format(
            domain=domain,
            attachment=base64.b64encode(b"20 x KL-6204").decode(),
        )
        order_id = self.env["mail.thread"].message_process(False, raw)
        return self.env["sale.order"].browse(order_id)

    def _company_team(self, leader=False):
        """The default sales team of the test company (first by sequence)."""
        return self.env["crm.team"].create(
            {
                "name": "Innendienst",
                "sequence": -100,
                "company_id": self.company.id,
                "user_id": leader and leader.id,
            }
        )

    def _intake_activities(self, order):
        return order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("order_to_cash.mail_activity_o2c_email_order")
            )
        )

    def test_mail_to_the_alias_creates_a_quotation(self):
        order = self._mail_order()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.o2c_channel, "email")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.origin, "Bestellung 4711")
        self.assertTrue(order.name.startswith("S"))
        incoming = order.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("20 Kugellager", incoming.body)
        self.assertEqual(incoming.attachment_ids.name, "bestellung.txt")
        self.assertFalse(order.user_id)

    def test_integration_user_without_email_gets_a_hold(self):
        """An integration account without an e-mail address: the review's
        hold notice (in the company's name) and activity still reach the
        credit managers."""
        self.integration.email = False
        self.company.email = "auftrag@firma.example.com"
        self.company.o2c_credit_responsible_id = self.credit_manager
        self._set_credit_limit(100.0)
        result = self.Order.o2c_submit_order(
            self._payload(
                partner=self.customer.id, lines=[{"product": "KL-6204", "qty": 10}]
            )
        )
        self.assertEqual(result["o2c_stage"], "hold")
        order = self.env["sale.order"].browse(result["id"])
        notice = order.message_ids.filtered(lambda m: "On hold" in str(m.body))
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.author_id, self.company.partner_id)
        self.assertIn("auftrag@firma.example.com", notice.email_from)
        self.assertIn(self.credit_manager.partner_id, notice.partner_ids)
        activity = order.activity_ids.filtered(
            lambda a: a.user_id == self.credit_manager
        )
        self.assertEqual(activity.create_uid, self.integration)
        # the review again by the same account, after the limit was lowered
        self._set_credit_limit(50.0)
        order.o2c_check_ids.sudo().unlink()
        activity.unlink()
        order.with_user(self.integration).action_o2c_review()
        self.assertEqual(order.o2c_stage, "hold")
        self.assertTrue(
            order.activity_ids.filtered(lambda a: a.user_id == self.credit_manager)
        )
        notices = order.message_ids.filtered(lambda m: "On hold" in str(m.body))
        self.assertEqual(len(notices), 2)

    def test_mailed_order_is_a_todo_of_the_team_leader(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["order_to_cash"], ["de_DE"])
        self.sales_manager.lang = "de_DE"
        self.customer.user_id = self.salesman
        team = self._company_team(leader=self.sales_manager)
        order = self._mail_order()
        self.assertEqual(order.company_id, self.company)
        self.assertEqual(order.team_id, team)
        activity = self._intake_activities(order)
        self.assertEqual(activity.user_id, self.sales_manager)
        # the summary in the team leader's language
        self.assertEqual(activity.summary, "Den per E-Mail erhaltenen Auftrag erfassen")
        self.assertIn(self.sales_manager.partner_id, order.message_partner_ids)

    def test_mailed_order_without_team_leader_goes_to_the_salesperson(self):
        self.customer.user_id = self.salesman
        self._company_team()
        order = self._mail_order()
        activity = self._intake_activities(order)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.summary, "Enter the e-mailed order")
        self.assertFalse(order.user_id)

    def test_mailed_order_without_anyone_responsible_gets_a_note(self):
        # the leader has left the company, the customer has no salesperson
        self._company_team(leader=self.sales_manager)
        self.sales_manager.active = False
        order = self._mail_order()
        self.assertFalse(self._intake_activities(order))
        self.assertFalse(order.activity_ids)
        note = order.message_ids.filtered(
            lambda m: "Nobody was asked to enter" in str(m.body)
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
