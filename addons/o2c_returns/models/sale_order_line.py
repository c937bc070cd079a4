# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    o2c_back_in_stock_notified = fields.Boolean(
        string="Back-in-Stock Notice Sent",
        readonly=True,
        copy=False,
        help="The customer was told that the product is available again.",
    )

    def _o2c_notify_back_in_stock(self):
        """Tell each customer once, on their order, that goods they wait
        for are in stock again (restocked from a return)."""
        lines = self.filtered(
            lambda r: not r.o2c_back_in_stock_notified and r._o2c_back_in_stock_due()
        )
        if not lines:
            return
        template = self.env.ref(
            "o2c_returns.mail_template_back_in_stock", raise_if_not_found=False
        )
        # the marker is written with the message, in the same transaction
        lines.o2c_back_in_stock_notified = True
        for order in lines.order_id:
            products = lines.filtered(lambda r, o=order: r.order_id == o).product_id
            if not template:
                continue
            order.with_context(
                o2c_back_in_stock_products=", ".join(products.mapped("display_name"))
            ).message_post_with_source(
                **order._o2c_prepare_back_in_stock_mail_values(template, products)
            )

    def _o2c_back_in_stock_due(self):
        """Whether the line's order is from the company's start date on (the
        company's history is left alone until a person includes it)."""
        self.ensure_one()
        order = self.order_id
        start = order.company_id.o2c_back_in_stock_start_date
        return not start or order.date_order.date() >= start
