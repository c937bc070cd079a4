# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Intake and review -------------------------------------------------

    # --- Fulfilment ----------------------------------------------------------
    o2c_shipping_confirmation = fields.Boolean(
        string="Shipping Confirmation",
        default=True,
        help="Send the customer a shipping confirmation with the items and "
        "the tracking numbers when a delivery is validated.",
    )

    # --- Invoicing and payment ---------------------------------------------
    o2c_auto_invoice = fields.Boolean(
        string="Automatic Invoicing",
        help="A scheduled action invoices what confirmed orders have to "
        "invoice (per the products' invoicing policy), posts the invoices and "
        "emails them to the customers.",
    )
