# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.o2c_input import o2c_text
from .o2c_control_fail_wizard import REASON_SIZE


class O2cShipmentRelease(models.TransientModel):
    """Asks the reason of a credit release of held deliveries (web client)."""

    _name = "o2c.shipment.release"
    _description = "Release Deliveries Held for Credit"

    picking_ids = fields.Many2many(
        comodel_name="stock.picking",
        string="Deliveries",
        required=True,
        default=lambda self: self._default_picking_ids(),
    )
    credit_hold = fields.Text(
        string="Held for", compute="_compute_credit_hold", readonly=True
    )
    reason = fields.Text(
        required=True,
        help="Why the delivery may leave; kept on the delivery and in the "
        "order's chatter.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reason"):
                o2c_text(self.env, vals["reason"], "reason", size=REASON_SIZE)
        return super().create(vals_list)

    @api.model
    def _default_picking_ids(self):
        if self.env.context.get("active_model") != "stock.picking":
            return False
        return [fields.Command.set(self.env.context.get("active_ids") or [])]

    @api.depends("picking_ids")
    def _compute_credit_hold(self):
        for wizard in self:
            wizard.credit_hold = "\n".join(
                f"{picking.name}: {picking.o2c_credit_hold}"
                for picking in wizard.picking_ids
                if picking.o2c_credit_hold
            )

    def action_release(self):
        self.ensure_one()
        self.picking_ids.action_o2c_release_credit(self.reason)
        return {"type": "ir.actions.act_window_close"}
