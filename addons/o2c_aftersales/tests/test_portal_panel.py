# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from .common import O2cAftersalesCommon


class TestPortalPanelFollowup(O2cAftersalesCommon):
    """The follow-up part of the order's lifecycle panel in the portal
    (o2c.order.portal): the rating page while the rating is due."""

    def _panel(self, order):
        # as the portal computes it: the order sudoed after the access check
        return self.env["o2c.order.portal"]._o2c_portal_values(order.sudo())

    def test_rating_link_while_due_only(self):
        order = self._delivered_order()
        followup = self._followup_of(order)
        self.assertEqual(followup.state, "scheduled")
        self.assertFalse(self._panel(order)["followup_url"])
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        self.assertEqual(followup.state, "sent")
        values = self._panel(order)
        url = f"/aftersales/followup/{followup.id}?access_token={followup.access_token}"
        self.assertEqual(values["followup_url"], url)
        html = str(
            self.env["ir.qweb"]._render(
                "order_to_cash.portal_order_lifecycle",
                {"sale_order": order.sudo(), "o2c_portal": values},
            )
        )
        self.assertIn(f'href="{url.replace("&", "&amp;")}"', html)
        self.assertIn("o2c_portal_rate", html)
        followup.with_user(self.salesman).action_record_answer(5, "Alles gut", "phone")
        self.assertFalse(self._panel(order)["followup_url"])
