# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models

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
    line_ids = fields.One2many(
        comodel_name="o2c.control.fail.wizard.line",
        inverse_name="wizard_id",
        string="Goods",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        help="The quantities missing (reordered) and defective (claimed from "
        "the vendor), per product of the transfers.",
    )

    @api.depends("picking_ids")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            for picking in wizard.picking_ids:
                for product in picking.move_ids.filtered(
                    lambda m: m.state != "cancel"
                ).product_id:
                    commands.append(
                        Command.create(
                            {"picking_id": picking.id, "product_id": product.id}
                        )
                    )
            wizard.line_ids = commands

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
        for picking in self.picking_ids:
            lines = self.line_ids.filtered(lambda line, p=picking: line.picking_id == p)
            picking.action_o2c_control_fail(
                self.reason,
                missing=lines._o2c_items("qty_missing"),
                defective=lines._o2c_items("qty_defective"),
            )
        return {"type": "ir.actions.act_window_close"}


class O2cControlFailWizardLine(models.TransientModel):
    _name = "o2c.control.fail.wizard.line"
    _description = "Fail Shipment Control: Goods"

    wizard_id = fields.Many2one(
        comodel_name="o2c.control.fail.wizard", required=True, ondelete="cascade"
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking", string="Transfer", required=True
    )
    product_id = fields.Many2one(comodel_name="product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_missing = fields.Float(
        string="Missing",
        digits="Product Unit of Measure",
        help="Reordered through the product's routes (purchase, manufacture, "
        "another location).",
    )
    qty_defective = fields.Float(
        string="Defective",
        digits="Product Unit of Measure",
        help="Claimed from the vendor (a return to the vendor where the goods "
        "came from a receipt).",
    )

    def _o2c_items(self, field):
        """The lines' quantities of ``field`` as ``missing``/``defective``
        of ``stock.picking.action_o2c_control_fail`` (checked there)."""
        return [
            {"product_id": line.product_id.id, "qty": line[field]}
            for line in self
            if line[field]
        ]
