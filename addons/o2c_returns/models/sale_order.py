# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    o2c_return_ids = fields.One2many(
        "o2c.return", "order_id", string="Customer Returns", readonly=True
    )
    o2c_return_count = fields.Integer(
        string="Returns", compute="_compute_o2c_return_count"
    )
    o2c_can_create_return = fields.Boolean(
        string="Can Create Return",
        compute="_compute_o2c_can_create_return",
    )

    @api.depends("o2c_return_ids")
    def _compute_o2c_return_count(self):
        data = self.env["o2c.return"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in data}
        for order in self:
            order.o2c_return_count = counts.get(order.id, 0)

    @api.depends("state", "order_line.qty_delivered")
    @api.depends_context("uid")
    def _compute_o2c_can_create_return(self):
        can_create = self.env["o2c.return"].has_access("create")
        for order in self:
            order.o2c_can_create_return = bool(
                can_create
                and order.state == "sale"
                and any(
                    line.qty_delivered > 0 and line.product_id.type == "consu"
                    for line in order.order_line
                )
            )

    def action_o2c_create_return(self):
        """Open a new customer return of this order, proposing every
        product still returnable."""
        self.ensure_one()
        return self.env["o2c.return"]._o2c_action_new_return(self)

    def action_o2c_view_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "o2c_returns.action_o2c_return"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action

    def _o2c_customer_invoices(self):
        # credit notes of returns settle the return, not the order: they
        # never reopen the order's lifecycle
        return (
            super()
            ._o2c_customer_invoices()
            .filtered(lambda move: not move.o2c_return_id)
        )

    def _o2c_prepare_back_in_stock_mail_values(self, template, products):
        """Arguments of ``message_post_with_source`` for the notice telling
        the customer that ``products`` they wait for are in stock again
        (``template``: ``o2c_returns.mail_template_back_in_stock``, which
        names the products from the context).

        Called by ``sale.order.line._o2c_notify_back_in_stock`` when a
        return's goods are restocked and reserved for this order's
        delivery; an integrator may e.g. post it as a note only.
        """
        self.ensure_one()
        return {
            "source_ref": template,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }
