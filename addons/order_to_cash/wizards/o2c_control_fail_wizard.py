# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.o2c_input import o2c_text

# Most characters of a reason typed into a wizard (the longest the public
# methods accept too).
REASON_SIZE = 2000


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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._o2c_check_reason(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._o2c_check_reason(vals)
        return super().write(vals)

    @api.model
    def _o2c_check_reason(self, vals):
        if vals.get("reason"):
            o2c_text(self.env, vals["reason"], "reason", size=REASON_SIZE)

    def action_confirm(self):
        self.ensure_one()
        self.picking_ids.action_o2c_control_fail(self.reason)
        return {"type": "ir.actions.act_window_close"}
