# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, api, fields, models

# Demo orders, by the stage they end in; found again by their customer's
# reference (client_order_ref) by the satellite addons' demo data.
DEMO_REF = "O2C-DEMO-%s"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _o2c_demo_order(self, stage):
        """The demo order that ends in ``stage`` (demo data only)."""
        return self.search(
            [("client_order_ref", "=", DEMO_REF % stage.upper())], limit=1
        )

    @api.model
    def _o2c_demo_create_lifecycle(self):
        """Demo mode: one order in every lifecycle stage, made through the
        real actions (review, release, confirm, control, deliver, invoice,
        remind, pay) so a newcomer sees the whole process at once.

        Called once by the addon's demo data, as the superuser.
        """
        if self._o2c_demo_order("done"):
            return True
        company = self.env.ref("base.main_company")
        orders_model = self.with_company(company).with_context(
            tracking_disable=True, mail_notrack=True
        )
        env = orders_model.env
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        term = env.ref("account.account_payment_term_30days")
        germany = env.ref("base.de")
        partner_vals = {
            "street": "Industriestraße 12",
            "zip": "70565",
            "city": "Stuttgart",
            "country_id": germany.id,
            "property_payment_term_id": term.id,
            "is_company": True,
        }
        customers = env["res.partner"].create(
            [
                {
                    **partner_vals,
                    "name": name,
                    "email": email,
                }
                for name, email in (
                    (
                        "Müller Maschinenbau GmbH",
                        "einkauf@mueller-maschinenbau.example.com",
                    ),
                    (
                        "Schneider Elektrotechnik AG",
                        "bestellung@schneider-et.example.com",
                    ),
                    ("Becker Antriebe KG", "service@becker-antriebe.example.com"),
                )
            ]
        )
        newcomer = env["res.partner"].create(
            {
                "name": "Weber Werkstatt (Neukunde)",
                "email": "info@weber-werkstatt.example.com",
                "city": "Ulm",
            }
        )
        product_vals = {
            "type": "consu",
            "is_storable": True,
            "invoice_policy": "delivery",
        }
        bearing, shaft, special = env["product.product"].create(
            [
                {
                    **product_vals,
                    "name": "Kugellager 6204-2RS",
                    "default_code": "DEMO-KL-6204",
                    "list_price": 12.5,
                    "standard_price": 6.8,
                },
                {
                    **product_vals,
                    "name": "Antriebswelle 20 mm",
                    "default_code": "DEMO-WE-20",
                    "list_price": 48.0,
                    "standard_price": 29.0,
                },
                {
                    **product_vals,
                    "name": "Sondergetriebe SG-500",
                    "default_code": "DEMO-SG-500",
                    "list_price": 1850.0,
                    "standard_price": 1210.0,
                },
            ]
        )
        for product in bearing | shaft:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 500
            )
        env["o2c.control.point"].create(
            {
                "name": "Lieferschein und Prüfprotokoll beigelegt",
                "picking_type_ids": [Command.set(warehouse.out_type_id.ids)],
                "company_id": company.id,
            }
        )
        shipping_product = env["product.product"].create(
            {
                "name": "Versand DHL Paket",
                "default_code": "DEMO-SHIP-DHL",
                "type": "service",
                "list_price": 6.9,
                "standard_price": 4.1,
                "invoice_policy": "order",
                "sale_ok": False,
            }
        )
        carrier = env["delivery.carrier"].create(
            {
                "name": "DHL Paket (Demo)",
                "delivery_type": "fixed",
                "fixed_price": 6.9,
                "product_id": shipping_product.id,
                "tracking_url": "https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html"
                "?piececode=<shipmenttrackingnumber>",
            }
        )
        main, second, third = customers
        today = fields.Date.context_today(orders_model)

        def order(stage, partner, lines, **values):
            shipped = values.pop("shipped", False)
            result = orders_model.create(
                {
                    "partner_id": partner.id,
                    "client_order_ref": DEMO_REF % stage.upper(),
                    "o2c_channel": values.pop("channel", "email"),
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty, **extra}
                        )
                        for product, qty, extra in lines
                    ],
                    **values,
                }
            )
            if shipped:
                result.set_delivery_line(carrier, carrier.fixed_price)
            return result

        def ship(orders):
            pickings = orders.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            pickings.action_assign()
            for control in pickings.o2c_control_ids:
                control.is_done = True
            for move in pickings.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            pickings.action_o2c_control_pass()
            pickings.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=pickings.ids
            ).button_validate()
            pickings.carrier_tracking_ref = "00340434161234567890"

        # intake: entered, not reviewed yet
        order("intake", main, [(bearing, 40, {})], channel="phone")
        # review: the newcomer has neither payment terms nor a full address
        review = order("review", newcomer, [(shaft, 5, {})], channel="web")
        review.action_o2c_review()
        # hold: a price far below the pricelist waits for a sales manager
        hold = order(
            "hold", second, [(shaft, 20, {"price_unit": 30.0})], channel="field_sales"
        )
        hold.action_o2c_review()
        # production: nothing in stock, the delivery waits for the goods
        production = order("production", third, [(special, 1, {})], channel="post")
        production.action_confirm()
        # shipping: ready, but the control failed
        shipping = order(
            "shipping", main, [(bearing, 60, {}), (shaft, 4, {})], shipped=True
        )
        shipping.action_confirm()
        shipping.picking_ids.action_assign()
        shipping.picking_ids.action_o2c_control_fail(
            "Zwei Lager mit Korrosionsspuren, Ersatz angefordert."
        )
        # invoicing: delivered, not invoiced yet
        invoicing = order(
            "invoicing", second, [(bearing, 25, {})], channel="shop", shipped=True
        )
        invoicing.action_confirm()
        ship(invoicing)
        # payment: invoiced 45 days ago, overdue, first reminder sent
        payment = order("payment", third, [(shaft, 10, {})], shipped=True)
        payment.action_confirm()
        ship(payment)
        invoice = payment._create_invoices()
        invoice.invoice_date = today - timedelta(days=45)
        invoice.action_post()
        level = env["o2c.reminder.level"].search(
            [("company_id", "in", (company.id, False))], order="sequence, id", limit=1
        )
        if level:
            invoice._o2c_send_reminder(level, today)
        # done: delivered, invoiced and paid
        done = order("done", main, [(bearing, 100, {}), (shaft, 10, {})], shipped=True)
        done.action_confirm()
        ship(done)
        invoice = done._create_invoices()
        invoice.action_post()
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        return True
