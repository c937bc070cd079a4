# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestPortalLifecycleTour(O2cReturnsCommon, HttpCase):
    """The customer's order page in real Chromium, as a portal user of the
    customer: stage, tracking link, return request and invoice."""

    def test_portal_lifecycle_tour(self):
        self.customer.is_company = True
        buyer = self.env["res.partner"].create(
            {"name": "Jonas Einkauf", "parent_id": self.customer.id}
        )
        new_test_user(
            self.env,
            login="o2c_tour_buyer",
            password="o2c_tour_buyer",
            groups="base.group_portal",
            partner_id=buyer.id,
        )
        carrier_product = self._create_product(name="Versand", type="service")
        carrier = self.env["delivery.carrier"].create(
            {
                "name": "Paketdienst",
                "delivery_type": "fixed",
                "product_id": carrier_product.id,
                "tracking_url": "https://track.example.com/?id=<shipmenttrackingnumber>",
                "company_id": self.company.id,
            }
        )
        order = self._create_order(
            [(self.goods, 4)], carrier_id=carrier.id, client_order_ref="O2C-TOUR"
        )
        order.name = "O2C-TOUR-1"
        self._confirm(order)
        picking = self._deliver(order)
        picking.carrier_tracking_ref = "TOUR42"
        self._invoice(order)
        self.assertEqual(order.o2c_stage, "payment")
        self.start_tour(
            "/my/orders", "o2c_portal_lifecycle_tour", login="o2c_tour_buyer"
        )
