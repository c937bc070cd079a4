# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's return wizard, as the customer returns use it.

``o2c.return._o2c_create_return_pickings`` fills the wizard's links to the
return (which return, where the goods go, which return line each move
serves); they are protected fields, so that a user running Odoo's own
return wizard can neither attach a transfer to a return nor send it to the
return's inspection location.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockReturnPickingLine(models.TransientModel):
    _name = "stock.return.picking.line"
    _inherit = ["stock.return.picking.line", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)

    o2c_return_line_id = fields.Many2one(
        "o2c.return.line", string="Return Line", readonly=True
    )

    @api.model
    def _o2c_protected_fields(self):
        return super()._o2c_protected_fields() | {"o2c_return_line_id"}

    def _prepare_move_default_values(self, new_picking):
        """Odoo's values of a return move (a copy of the delivered move),
        with the return line it receives goods for.

        Called by Odoo's ``_process_line`` for each line of the wizard, so
        for each move of a customer return's transfer too
        (``o2c.return.receipt._create_return_picking``); an integrator
        extends it as Odoo's own hook.
        """
        vals = super()._prepare_move_default_values(new_picking)
        # set by the return's confirmation only; a return of a return is no
        # customer return of its own (the link is not copied)
        if self.o2c_return_line_id:
            vals["o2c_return_line_id"] = self.o2c_return_line_id.id
        return vals


class StockReturnPicking(models.TransientModel):
    _name = "stock.return.picking"
    _inherit = ["stock.return.picking", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)

    o2c_return_id = fields.Many2one(
        "o2c.return", string="Customer Return", readonly=True
    )
    o2c_location_dest_id = fields.Many2one(
        "stock.location", string="Return Inspection Location", readonly=True
    )

    @api.model
    def _o2c_protected_fields(self):
        return super()._o2c_protected_fields() | {
            "o2c_return_id",
            "o2c_location_dest_id",
        }

    def _prepare_picking_default_values_based_on(self, picking):
        """Odoo's values of the return transfer (a copy of the delivery),
        sent to the return's inspection location for a customer return.

        Called by Odoo's ``_create_return`` (``o2c.return.receipt
        ._create_return_picking`` for customer returns); the values of the
        wizard itself come from ``o2c.return.receipt
        ._prepare_return_wizard_vals``.
        """
        vals = super()._prepare_picking_default_values_based_on(picking)
        if self.o2c_location_dest_id and picking == self.picking_id:
            vals["location_dest_id"] = self.o2c_location_dest_id.id
        return vals

    def action_create_returns(self):
        # the wizard of a customer return is run by the return's
        # confirmation only (also the door of Odoo's "return all" and
        # "exchange" buttons)
        if self.o2c_return_id:
            raise UserError(
                self.env._(
                    "The transfers of customer return %(return)s are created "
                    "by confirming the return.",
                    **{"return": self.o2c_return_id.display_name},
                )
            )
        return super().action_create_returns()

    def _create_return(self):
        new_picking = super()._create_return()
        if self.o2c_return_id:
            # set by the return's confirmation only (a protected field)
            new_picking._o2c_action_write({"o2c_return_id": self.o2c_return_id.id})
        return new_picking
