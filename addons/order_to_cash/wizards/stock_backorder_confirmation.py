# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockBackorderConfirmation(models.TransientModel):
    """Incomplete quantities: besides shipping what is there (backorder or
    not), the person can fail the completeness control and follow it up."""

    _inherit = "stock.backorder.confirmation"

    o2c_can_control_fail = fields.Boolean(
        string="Can Fail Control", compute="_compute_o2c_can_control_fail"
    )

    @api.depends("pick_ids")
    def _compute_o2c_can_control_fail(self):
        for wizard in self:
            wizard.o2c_can_control_fail = any(
                wizard.pick_ids.mapped("o2c_can_control_fail")
            )

    def action_o2c_control_fail(self):
        self.ensure_one()
        pickings = self.pick_ids.filtered("o2c_can_control_fail")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_to_cash.o2c_control_fail_wizard_action"
        )
        action["context"] = {"default_picking_ids": pickings.ids}
        return action
