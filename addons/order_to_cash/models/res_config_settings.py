# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Intake and review -------------------------------------------------

    # --- Fulfilment ----------------------------------------------------------
    o2c_shipping_confirmation = fields.Boolean(
        related="company_id.o2c_shipping_confirmation", readonly=False
    )

    # --- Invoicing and payment ---------------------------------------------
    o2c_auto_invoice = fields.Boolean(
        related="company_id.o2c_auto_invoice", readonly=False
    )
