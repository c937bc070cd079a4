# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

O2C_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("web", "Web"),
    ("post", "Post"),
    ("field_sales", "Field Sales"),
    ("shop", "Shop"),
    ("api", "API"),
]


class O2cSaleChannel(models.Model):
    """An order channel, as a record so that settings can pick several."""

    _name = "o2c.sale.channel"
    _description = "Order Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(selection=O2C_CHANNELS, required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [  # noqa: RUF012 (Odoo's declaration)
        ("code_uniq", "unique(code)", "Each channel exists only once."),
    ]
