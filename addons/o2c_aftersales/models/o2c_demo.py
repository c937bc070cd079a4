# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class O2cFollowup(models.Model):
    _inherit = "o2c.followup"

    @api.model
    def _o2c_demo_create_followup(self):
        """Demo mode: the delivered demo order's follow-up, sent and answered
        with a poor rating, hence escalated. Called once by the demo data."""
        order = self.env["sale.order"]._o2c_demo_order("invoicing")
        if not order:
            return True
        followup = self.search([("order_id", "=", order.id)], limit=1)
        if not followup:
            self._o2c_schedule_for_orders(order)
            followup = self.search([("order_id", "=", order.id)], limit=1)
        if not followup or followup.state != "scheduled":
            return True
        followup.action_send()
        followup.action_record_answer(
            1,
            "Lieferung zwei Tage zu spät, die Kartons waren beschädigt.",
            "phone",
        )
        return True
