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
