# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class O2cOrderPortal(models.AbstractModel):
    _inherit = "o2c.order.portal"

    @api.model
    def _o2c_portal_values(self, order, access_token=None):
        """The returns part of the panel: ``returns`` (the order's open
        returns with their state) and ``return_request_url`` (the portal's
        return form, while something delivered can still be returned)."""
        values = super()._o2c_portal_values(order, access_token=access_token)
        values.update(self._o2c_portal_return_values(order))
        return values

    @api.model
    def _o2c_portal_return_values(self, order):
        """Called by :meth:`_o2c_portal_values`; ``order`` is sudoed by the
        portal (access checked), so are its returns read here."""
        returns = (
            self.env["o2c.return"]
            .sudo()
            .search(
                [
                    ("order_id", "=", order.id),
                    ("state", "not in", ("done", "cancelled")),
                ],
                order="id",
            )
        )
        labels = dict(
            self.env["o2c.return"]._fields["state"]._description_selection(self.env)
        )
        returnable = (
            self.env["o2c.return"].sudo()._o2c_returnable_quantities(order)
            if order.state == "sale"
            else {}
        )
        return {
            "returns": [
                {
                    "name": rma.name,
                    "date": rma.date,
                    "state_label": labels.get(rma.state, ""),
                    "url": rma.get_portal_url(),
                }
                for rma in returns
            ],
            "return_request_url": (
                f"/my/orders/{order.id}/return"
                if any(qty > 0 for qty in returnable.values())
                else False
            ),
        }
