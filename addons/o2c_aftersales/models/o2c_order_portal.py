# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class O2cOrderPortal(models.AbstractModel):
    _inherit = "o2c.order.portal"

    @api.model
    def _o2c_portal_values(self, order, access_token=None):
        """The follow-up part of the panel: ``followup_url``, the rating
        page of the order's follow-up while it waits for the customer's
        rating (sent, not rated yet), else False."""
        values = super()._o2c_portal_values(order, access_token=access_token)
        values["followup_url"] = self._o2c_portal_followup_url(order)
        return values

    @api.model
    def _o2c_portal_followup_url(self, order):
        """Called by :meth:`_o2c_portal_values`; ``order`` is sudoed by the
        portal (access checked), so is its follow-up read here. The link
        carries the follow-up's token, as the follow-up e-mail's does."""
        followup = (
            self.env["o2c.followup"]
            .sudo()
            .search(
                [("order_id", "=", order.id), ("state", "=", "sent")],
                order="id desc",
                limit=1,
            )
        )
        if not followup or not followup._o2c_token_page_open():
            return False
        return f"{followup.access_url}?access_token={followup._portal_ensure_token()}"
