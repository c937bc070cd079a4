# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class O2cControlFailWizard(models.TransientModel):
    _name = "o2c.control.fail.wizard"
    _description = "Fail Shipment Control"

    picking_ids = fields.Many2many(
        comodel_name="stock.picking", string="Transfers", required=True
    )
    reason = fields.Text(
        required=True,
        help="What is wrong or missing; kept on the transfer and given to the "
        "person who follows it up (reorder, complaint).",
    )

    def action_confirm(self):
        self.ensure_one()
        self.picking_ids.action_o2c_control_fail(self.reason)
        return {"type": "ir.actions.act_window_close"}
