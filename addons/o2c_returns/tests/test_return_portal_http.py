# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import O2cReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnPortalHttp(O2cReturnsCommon, HttpCase):
    """The portal pages: a customer requests a return of an own delivered
    order and follows it; foreign orders and returns stay closed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="o2c_portal_http",
            password="o2c_portal_http",
            name="Kunde Portal",
            groups="base.group_portal",
            company_id=cls.company.id,
        )
        cls.portal_user.partner_id.parent_id = cls.customer

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def test_request_and_follow_a_return(self):
        order = self._delivered_order()
        self.authenticate("o2c_portal_http", "o2c_portal_http")
        page = self.url_open(f"/my/orders/{order.id}/return")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.goods.name, page.text)
        response = self.url_open(
            f"/my/orders/{order.id}/return",
            data={
                "csrf_token": self._csrf(page.text),
                f"qty_{self.goods.id}": "3",
                "reason_id": str(self.reason_defect.id),
                "description": "Lager laufen unrund",
            },
        )
        self.assertEqual(response.status_code, 200)
        rma = self.env["o2c.return"].search([("order_id", "=", order.id)])
        self.assertEqual(rma.line_ids.qty, 3)
        self.assertEqual(rma.origin, "portal")
        self.assertTrue(response.url.endswith(f"/my/returns/{rma.id}"))
        self.assertIn(rma.name, response.text)
        listing = self.url_open("/my/returns")
        self.assertIn(rma.name, listing.text)
        # too much is refused on the page, nothing created
        response = self.url_open(
            f"/my/orders/{order.id}/return",
            data={"csrf_token": self._csrf(page.text), f"qty_{self.goods.id}": "8"},
        )
        self.assertIn("only 7", response.text)
        self.assertEqual(
            self.env["o2c.return"].search_count([("order_id", "=", order.id)]), 1
        )

    def test_foreign_order_and_return_are_closed(self):
        stranger = self.env["res.partner"].create({"name": "Fremd GmbH"})
        foreign = self._delivered_order(partner=stranger)
        foreign_rma = self._create_return(foreign, [(self.goods, 1)])
        self.authenticate("o2c_portal_http", "o2c_portal_http")
        response = self.url_open(f"/my/orders/{foreign.id}/return")
        self.assertTrue(response.url.endswith("/my"))
        response = self.url_open(f"/my/returns/{foreign_rma.id}")
        self.assertTrue(response.url.endswith("/my"))
        self.assertNotIn(foreign_rma.name, self.url_open("/my/returns").text)
