# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a customer can still return: the quantity guard of the returns.

Per order and product, the lines of the returns never claim more than was
delivered and not returned yet. ``o2c.return`` runs the guard whenever its
lines, order or delivery change and before its confirmation; the portal's
form and the "Create Return" buttons propose what is left.
"""

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class O2cReturnQuantity(models.AbstractModel):
    _name = "o2c.return.quantity"
    _description = "Customer Returns: Returnable Quantities"

    @api.model
    def _returnable_quantities(self, order, picking=None, exclude_lines=None):
        """Quantities of ``order`` the customer can still return, per product
        (in the product's unit): delivered minus returned, where returned
        counts every return of the order that is not cancelled (requested,
        in transit or received, partial receipts as received) and the returns
        made with Odoo's plain return wizard.

        :param picking: restrict the delivered quantities to this delivery
        :param exclude_lines: return lines not to count (the ones being checked)
        :return: dict product -> quantity
        """
        order = order.sudo()
        result = self._delivered_quantities(order, picking=picking)
        for line in self._claiming_lines(order, exclude_lines=exclude_lines):
            other_picking = line.return_id.picking_id
            if picking and other_picking and other_picking != picking:
                # a return from another delivery of the order
                continue
            result[line.product_id] = (
                result.get(line.product_id, 0.0) - line._o2c_claimed_qty()
            )
        return result

    @api.model
    def _delivered_quantities(self, order, picking=None):
        """Done quantities delivered to the customer per product, minus the
        goods sent back with Odoo's own return wizard (not a return line's)."""
        moves = order.order_line.move_ids.filtered(
            lambda m: m.state == "done" and not m.scrapped
        )
        result = {}
        for move in moves:
            qty = move._o2c_product_qty()
            if move.location_dest_id.usage == "customer":
                if picking and move.picking_id != picking:
                    continue
                result[move.product_id] = result.get(move.product_id, 0.0) + qty
            elif move.location_id.usage == "customer" and not move.o2c_return_line_id:
                result[move.product_id] = result.get(move.product_id, 0.0) - qty
        return result

    @api.model
    def _claiming_lines(self, order, exclude_lines=None):
        """Lines of the order's returns not cancelled, but ``exclude_lines``."""
        # sudo: every return of the order counts, whoever may read it
        lines = (
            self.env["o2c.return.line"]
            .sudo()
            .search(
                [
                    ("return_id.order_id", "=", order.id),
                    ("return_id.state", "!=", "cancelled"),
                ]
            )
        )
        if exclude_lines:
            lines -= exclude_lines.sudo()
        return lines

    @api.model
    def _lock_orders(self, orders):
        """Serialise the returns of ``orders`` before what is still
        returnable is computed. The rows are locked without waiting (a
        concurrent return holds them: the request fails with a lock error
        and is retried) and then updated, so that a transaction that started
        before this one commits cannot take the lock afterwards with its
        older snapshot (Odoo's repeatable read: that update makes it fail
        with a serialization error and retry, and the retry sees this
        return's lines)."""
        ids = tuple(orders.ids)
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE id IN %s ORDER BY id "
            "FOR NO KEY UPDATE NOWAIT",
            [ids],
            # a lock held by a concurrent return is expected, not logged
            log_exceptions=False,
        )
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = write_date WHERE id IN %s", [ids]
        )

    @api.model
    def _check_returns(self, rmas):
        """The quantity guard for the returns ``rmas`` (called by
        ``o2c.return`` and its lines on every change of what they claim)."""
        orders = rmas.mapped("order_id")
        if not orders:
            return
        self._lock_orders(orders)
        for order in orders:
            order_rmas = rmas.filtered(lambda r, o=order: r.order_id == o)
            self._check_order(order, order_rmas)
            for rma in order_rmas.filtered("picking_id"):
                self._check_delivery(rma)

    @api.model
    def _check_order(self, order, rmas):
        """Per product, the lines of ``rmas`` claim no more than ``order``
        delivered and has not had returned by other returns."""
        lines = rmas.line_ids.filtered(lambda r: r.return_id.state != "cancelled")
        available = self._returnable_quantities(order, exclude_lines=lines)
        claimed = {}
        for line in lines:
            claimed[line.product_id] = (
                claimed.get(line.product_id, 0.0) + line._o2c_claimed_qty()
            )
        for product, qty in claimed.items():
            free = max(available.get(product, 0.0), 0.0)
            if float_compare(qty, free, precision_rounding=product.uom_id.rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "You cannot return %(qty)s %(uom)s of %(product)s "
                        "from order %(order)s: only %(free)s %(uom)s were "
                        "delivered and not returned yet.",
                        qty=qty,
                        uom=product.uom_id.name,
                        product=product.display_name,
                        order=order.name,
                        free=free,
                    )
                )

    @api.model
    def _check_delivery(self, rma):
        """Each line of ``rma`` claims no more than its delivery brought."""
        per_picking = self._returnable_quantities(
            rma.order_id, picking=rma.picking_id, exclude_lines=rma.line_ids
        )
        for line in rma.line_ids:
            free = max(per_picking.get(line.product_id, 0.0), 0.0)
            rounding = line.product_id.uom_id.rounding
            if (
                float_compare(
                    line._o2c_claimed_qty(), free, precision_rounding=rounding
                )
                > 0
            ):
                raise ValidationError(
                    self.env._(
                        "You cannot return %(qty)s of %(product)s from "
                        "delivery %(picking)s: only %(free)s were "
                        "delivered there and not returned yet.",
                        qty=line.qty,
                        product=line.product_id.display_name,
                        picking=rma.picking_id.name,
                        free=free,
                    )
                )

    @api.model
    def _default_lines(self, order, picking=None):
        """Line values proposing every product still returnable."""
        quantities = self._returnable_quantities(order, picking=picking)
        return [
            {"product_id": product.id, "qty": qty}
            for product, qty in quantities.items()
            if float_compare(qty, 0.0, precision_rounding=product.uom_id.rounding) > 0
        ]
