# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    o2c_return_line_id = fields.Many2one("o2c.return.line", string="Return Line")

    def _prepare_move_default_values(self, new_picking):
        vals = super()._prepare_move_default_values(new_picking)
        # a return of a return is no customer return of its own
        vals["o2c_return_line_id"] = self.o2c_return_line_id.id
        return vals


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _prepare_picking_default_values_based_on(self, picking):
        vals = super()._prepare_picking_default_values_based_on(picking)
        vals["o2c_return_id"] = self.env.context.get("o2c_return_id", False)
        location_id = self.env.context.get("o2c_inspection_location_id")
        if location_id:
            vals["location_dest_id"] = location_id
        return vals
