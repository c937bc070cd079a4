# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class O2cControlPoint(models.Model):
    """A manual check a warehouse user ticks on a transfer before shipping it
    (e.g. documents enclosed, packaging intact)."""

    _name = "o2c.control.point"
    _description = "Shipment Control Point"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True, help="What the warehouse user checks for this point."
    )
    picking_type_ids = fields.Many2many(
        comodel_name="stock.picking.type",
        string="Operation Types",
        domain=[("code", "=", "outgoing")],
        help="Transfers of these operation types get this point to tick before "
        "they can be validated.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        help="Leave empty to use the point in every company.",
    )

    def _o2c_applies_to(self, picking):
        """Whether this point is to be ticked on ``picking``."""
        self.ensure_one()
        return picking.picking_type_id in self.picking_type_ids and (
            not self.company_id or self.company_id == picking.company_id
        )
