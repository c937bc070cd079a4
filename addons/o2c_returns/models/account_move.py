# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    o2c_return_id = fields.Many2one(
        "o2c.return",
        string="Customer Return",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
