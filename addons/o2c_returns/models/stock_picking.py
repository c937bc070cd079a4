# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # set by the return's actions only (protected); not copied: a
    # backorder gets it from _create_backorder, any other copy is no
    # transfer of the return
    o2c_return_id = fields.Many2one(
        "o2c.return",
        string="Customer Return",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
    )
    o2c_can_create_return = fields.Boolean(
        string="Can Create Return",
        compute="_compute_o2c_can_create_return",
    )

    @api.model
    def _o2c_protected_fields(self):
        # the link to the customer return: its actions set it
        return super()._o2c_protected_fields() | {"o2c_return_id"}

    @api.depends("state", "picking_type_code", "sale_id")
    @api.depends_context("uid")
    def _compute_o2c_can_create_return(self):
        is_user = self.env.user.has_group("o2c_returns.group_o2c_returns_user")
        for picking in self:
            picking.o2c_can_create_return = bool(
                is_user
                and picking.state == "done"
                and picking.picking_type_code == "outgoing"
                and picking.sale_id
                and not picking.return_id
            )

    def action_o2c_create_return(self):
        """Open a new customer return for this delivery, proposing what is
        left to return."""
        self.ensure_one()
        return self.env["o2c.return"]._o2c_action_new_return(self.sale_id, picking=self)

    def _create_backorder(self, backorder_moves=None):
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        # a partial receipt's rest stays on its return
        for backorder in backorders.filtered("backorder_id.o2c_return_id"):
            backorder._o2c_action_write(
                {"o2c_return_id": backorder.backorder_id.o2c_return_id.id}
            )
        return backorders

    def _action_done(self):
        res = super()._action_done()
        rmas = self.filtered(lambda p: p.picking_type_code == "incoming").o2c_return_id
        if rmas:
            rmas._o2c_update_received()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        rmas = self.filtered(lambda p: p.picking_type_code == "incoming").o2c_return_id
        if rmas:
            rmas._o2c_update_received()
        return res
