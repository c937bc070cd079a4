# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    o2c_return_id = fields.Many2one(
        "o2c.return",
        string="Customer Return",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.model
    def _o2c_protected_fields(self):
        # the credit note of a customer return: the return's action sets it
        return super()._o2c_protected_fields() | {"o2c_return_id"}
