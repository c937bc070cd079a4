# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.o2c_input import o2c_text
from .o2c_control_fail_wizard import REASON_SIZE


class O2cOrderRelease(models.TransientModel):
    """Asks the reason of a release of held orders (web client)."""

    _name = "o2c.order.release"
    _description = "Release Held Orders"

    order_ids = fields.Many2many(
        comodel_name="sale.order",
        string="Orders",
        required=True,
        default=lambda self: self._default_order_ids(),
    )
    check_ids = fields.Many2many(
        comodel_name="o2c.order.check",
        string="Findings to Release",
        compute="_compute_check_ids",
    )
    reason = fields.Text(
        required=True,
        help="Why the order may go ahead; kept in the order's chatter.",
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
        """The reason reaches the order's chatter and the findings: a text
        without control characters, of bounded size."""
        if vals.get("reason"):
            o2c_text(self.env, vals["reason"], "reason", size=REASON_SIZE)

    @api.model
    def _default_order_ids(self):
        if self.env.context.get("active_model") != "sale.order":
            return False
        return [fields.Command.set(self.env.context.get("active_ids") or [])]

    @api.depends("order_ids")
    def _compute_check_ids(self):
        for wizard in self:
            checks = self.env["o2c.order.check"]
            for order in wizard.order_ids:
                checks |= order._o2c_releasable_checks()
            wizard.check_ids = checks

    def action_release(self):
        self.ensure_one()
        self.order_ids.action_o2c_release(self.reason)
        return {"type": "ir.actions.act_window_close"}
