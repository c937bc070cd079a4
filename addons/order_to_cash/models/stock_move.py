# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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

    def _o2c_get_waiting_documents(self):
        """Documents the moves (an order's open deliveries) wait for:
        upstream transfers (``move_orig_ids`` chains), and purchase and
        manufacturing orders where those apps are installed. Called by
        ``sale.order._o2c_get_waiting_documents`` (the order's *Waiting for*
        and *Expected Availability*); extend for other documents.

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
        for move in moves | upstream:
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
        for picking in upstream.picking_id:
            documents.setdefault(picking, picking.scheduled_date)
        return documents
