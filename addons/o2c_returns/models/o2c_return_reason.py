# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .o2c_return_line import DECISIONS


class O2cReturnReason(models.Model):
    _name = "o2c.return.reason"
    _description = "Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to offer the reason in every company.",
    )
    default_decision = fields.Selection(
        selection=DECISIONS,
        help="Decision proposed for returned goods with this reason; the "
        "inspection can change it.",
    )
    portal_visible = fields.Boolean(
        string="Offered in the Portal",
        default=True,
        help="Customers can choose this reason when they request a return.",
    )
