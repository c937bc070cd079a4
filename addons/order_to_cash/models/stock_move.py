# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError

from .o2c_guard import o2c_action_scope, o2c_in_action_scope


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        # a move of a transfer to control is done only by the validation of
        # its transfer (which runs the control gate), never by a write
        if vals.get("state") == "done" and not o2c_in_action_scope("stock.move"):
            gated = self.filtered(
                lambda move: move.picking_id._o2c_pickings_to_control()
            )
            if gated:
                raise UserError(
                    self.env._(
                        "The moves of %(transfers)s are done by validating the "
                        "transfer (button_validate), which checks the shipment "
                        "control; their status cannot be written.",
                        transfers=", ".join(gated.picking_id.mapped("name")),
                    )
                )
        return super().write(vals)

    def _action_done(self, cancel_backorder=False):
        with o2c_action_scope("stock.move"):
            return super()._action_done(cancel_backorder=cancel_backorder)

    def _o2c_get_waiting_documents(self, supply=True):
        """Documents the moves (an order's open deliveries) wait for:
        upstream transfers (``move_orig_ids`` chains: goods made or bought
        for the order), the receipts and productions the stock forecast
        counts on for goods taken from stock (:meth:`_o2c_get_supply_moves`),
        and their purchase and manufacturing orders where those apps are
        installed. Called by
        ``o2c.order.fulfilment._o2c_get_waiting_documents`` (the order's *Waiting for*
        and *Expected Availability*) and by the promised dates
        (``o2c.order.promise._o2c_move_expected_date``); extend for other
        documents.

        :param supply: with the supply the forecast counts on (``False``:
            only what is made or bought for the moves, read without a
            search: the promised dates' daily check)
        :return: dict record -> expected datetime (or False), in the order
            they were found
        """
        done_states = ("done", "cancel")
        moves = self.filtered(lambda m: m.state not in done_states + ("assigned",))
        upstream = self.env["stock.move"]
        frontier = moves
        while frontier:
            frontier = (
                frontier.move_orig_ids.filtered(lambda m: m.state not in done_states)
                - upstream
            )
            upstream |= frontier
        documents = {}
        move_fields = self.env["stock.move"]._fields
        supply = moves._o2c_get_supply_moves() if supply else self.browse()
        for move in moves | upstream | supply:
            if "created_purchase_line_ids" in move_fields:
                for line in move.created_purchase_line_ids:
                    if line.order_id.state not in ("done", "cancel"):
                        documents.setdefault(line.order_id, line.date_planned)
            if "purchase_line_id" in move_fields and move.purchase_line_id:
                line = move.purchase_line_id
                documents.setdefault(line.order_id, line.date_planned)
            for field_name in ("created_production_id", "production_id"):
                if field_name in move_fields and move[field_name]:
                    production = move[field_name]
                    if production.state not in done_states:
                        documents.setdefault(production, production.date_finished)
        for picking in (upstream | supply).picking_id:
            documents.setdefault(picking, picking.scheduled_date)
        return documents

    def _o2c_get_supply_moves(self):
        """The goods on their way into the warehouse that the stock forecast
        counts on for the moves (taken from stock, not chained to a
        procurement of their own): receipts and productions of the same
        product into the moves' warehouse, planned by the day the forecast
        expects the move to be available (``forecast_expected_date``).

        Called by :meth:`_o2c_get_waiting_documents`. One search per
        warehouse, whatever the number of moves."""
        supply = self.env["stock.move"]
        by_warehouse = defaultdict(lambda: self.browse())
        for move in self.filtered(
            lambda m: not m.move_orig_ids and m.forecast_expected_date
        ):
            if move.location_id.warehouse_id:
                by_warehouse[move.location_id.warehouse_id] |= move
        for warehouse, moves in by_warehouse.items():
            candidates = self.search(
                [
                    ("product_id", "in", moves.product_id.ids),
                    ("state", "not in", ("draft", "done", "cancel")),
                    ("location_dest_id", "child_of", warehouse.view_location_id.id),
                    ("location_id.usage", "not in", ("internal", "transit")),
                    ("date", "<=", max(moves.mapped("forecast_expected_date"))),
                ],
                order="date",
            )
            for move in moves:
                supply |= candidates.filtered(
                    lambda c, m=move: (
                        c.product_id == m.product_id
                        and c.date <= m.forecast_expected_date
                    )
                )
        return supply
