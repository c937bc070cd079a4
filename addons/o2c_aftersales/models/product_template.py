# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    o2c_followup_exclude = fields.Boolean(
        string="No After-Sales Follow-up",
        help="Deliveries of this product are not followed up. An order is "
        "followed up as long as one of its delivered products is not excluded.",
    )
