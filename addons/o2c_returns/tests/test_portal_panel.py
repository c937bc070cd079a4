# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import O2cReturnsCommon


class TestPortalPanelReturns(O2cReturnsCommon):
    """The returns part of the order's lifecycle panel in the portal
    (o2c.order.portal): open returns with their state, and the return form
    while something delivered can still be returned."""

    def _panel(self, order):
        # as the portal computes it: the order sudoed after the access check
        return self.env["o2c.order.portal"]._o2c_portal_values(order.sudo())

    def test_open_returns_and_request_link(self):
        order = self._delivered_order()
        other = self._delivered_order()
        values = self._panel(order)
        self.assertEqual(values["returns"], [])
        self.assertEqual(values["return_request_url"], f"/my/orders/{order.id}/return")
        rma = self._create_return(order, [(self.goods, 10)])
        self._run(rma, "action_confirm")
        self._create_return(other, [(self.goods, 2)])
        values = self._panel(order)
        self.assertEqual(
            [(r["name"], r["state_label"]) for r in values["returns"]],
            [(rma.name, "Confirmed")],
        )
        self.assertIn(f"/my/returns/{rma.id}", values["returns"][0]["url"])
        html = str(
            self.env["ir.qweb"]._render(
                "order_to_cash.portal_order_lifecycle",
                {"sale_order": order.sudo(), "o2c_portal": values},
            )
        )
        self.assertIn(rma.name, html)
        self.assertIn("o2c_portal_return", html)
        # everything delivered is claimed: no more requests
        self.assertFalse(values["return_request_url"])
        self._run(rma, "action_cancel")
        self.assertEqual(self._panel(order)["returns"], [])

    def test_no_request_before_delivery(self):
        order = self._create_order([(self.goods, 3)])
        self._confirm(order)
        self.assertFalse(self._panel(order)["return_request_url"])
