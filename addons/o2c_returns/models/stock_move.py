# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_round


class StockMove(models.Model):
    _inherit = "stock.move"

    # copied on splits (backorders, partial receipts) so that every part of
    # a return receipt stays counted for its line
    o2c_return_line_id = fields.Many2one(
        "o2c.return.line", string="Return Line", index="btree_not_null"
    )
    o2c_restock_line_id = fields.Many2one(
        "o2c.return.line", string="Restocked Return Line", copy=False
    )

    def _o2c_product_qty(self):
        """Quantity of this move in the product's unit: what was moved once
        it is done, else its demand (core's stored ``product_qty``)."""
        self.ensure_one()
        if self.state != "done":
            return self.product_qty
        return self.product_uom._compute_quantity(
            self.quantity, self.product_id.uom_id, rounding_method="HALF-UP"
        )

    def _o2c_returnable_qty(self):
        """Quantity of this done delivery move not returned yet, in the
        product's unit."""
        self.ensure_one()
        qty = self._o2c_product_qty()
        for returned in self.returned_move_ids.filtered(lambda m: m.state != "cancel"):
            qty -= returned._o2c_product_qty()
        return float_round(qty, precision_rounding=self.product_id.uom_id.rounding)

    @api.model
    def _o2c_waiting_customer_moves(self, products, location):
        """Moves of sales orders waiting for ``products`` at ``location``."""
        return self.search(
            [
                ("product_id", "in", products.ids),
                ("location_id", "=", location.id),
                ("state", "in", ("confirmed", "partially_available")),
                ("sale_line_id", "!=", False),
            ]
        )
