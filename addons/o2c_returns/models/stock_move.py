# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_round

from odoo.addons.order_to_cash.models.o2c_guard import (
    o2c_action_scope,
    o2c_in_action_scope,
)


class StockMove(models.Model):
    _name = "stock.move"
    _inherit = ["stock.move", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)

    # the goods a move receives for a return line count as received for it
    # (and are refunded): set by the return's confirmation only, kept by the
    # part of the move split off for a backorder (_create_backorder), never
    # copied otherwise (a duplicated transfer, a return of the return)
    o2c_return_line_id = fields.Many2one(
        "o2c.return.line",
        string="Return Line",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    o2c_restock_line_id = fields.Many2one(
        "o2c.return.line", string="Restocked Return Line", readonly=True, copy=False
    )

    @api.model
    def _o2c_protected_fields(self):
        # the links to return lines: the return's actions set them
        return super()._o2c_protected_fields() | {
            "o2c_return_line_id",
            "o2c_restock_line_id",
        }

    def _create_backorder(self):
        """Core's split of moves not fully done, for the backorder. The part
        split off a return receipt's move is still expected for the same
        return line: its values carry the link
        (:meth:`_prepare_move_split_vals`), created here as this action's."""
        if not self.o2c_return_line_id:
            return super()._create_backorder()
        with o2c_action_scope(self._name):
            return super()._create_backorder()

    def _prepare_move_split_vals(self, qty):
        vals = super()._prepare_move_split_vals(qty)
        # only in the backorder above: other splits (wave transfers) create
        # their moves outside it and would be refused the protected link
        if self.o2c_return_line_id and o2c_in_action_scope(self._name):
            vals["o2c_return_line_id"] = self.o2c_return_line_id.id
        return vals

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
