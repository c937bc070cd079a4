# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _compute_margin(self):
        """sale_margin's margin of the order (the addon depends on it for
        the margin figures), without its query where the lines are in
        memory: an order created, confirmed or delivered in the transaction
        has its lines and their margins there, summed as sale_margin sums
        them for new records. Other orders: sale_margin's one query for the
        batch."""
        line_field = self._fields["order_line"]
        margin_field = self.env["sale.order.line"]._fields["margin"]
        cache = self.env.cache
        in_memory = self.filtered(
            lambda order: (
                order.id
                and cache.contains(order, line_field)
                and all(
                    cache.contains(line, margin_field)
                    or self.env.is_to_compute(margin_field, line)
                    for line in order.order_line
                )
            )
        )
        for order in in_memory:
            order.margin = sum(order.order_line.mapped("margin"))
            order.margin_percent = (
                order.amount_untaxed and order.margin / order.amount_untaxed
            )
        others = self - in_memory
        if others:
            super(SaleOrder, others)._compute_margin()
