# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    o2c_control_required = fields.Boolean(
        string="Completeness Control",
        compute="_compute_o2c_control_required",
        store=True,
        readonly=False,
        help="Transfers of this type are checked for completeness (quantities, "
        "lots/serial numbers and the manual control points) before they can be "
        "validated. Returns are never checked.",
    )

    @api.depends("code")
    def _compute_o2c_control_required(self):
        for picking_type in self:
            picking_type.o2c_control_required = picking_type.code == "outgoing"
