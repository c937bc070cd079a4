# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    o2c_inspection_location_id = fields.Many2one(
        "stock.location",
        string="Return Inspection Location",
        check_company=True,
        help="Customer returns arrive here and wait for their inspection. "
        "Created with the first return of the warehouse.",
    )

    def _o2c_get_inspection_location(self):
        """The warehouse's inspection location, created on first use."""
        self.ensure_one()
        if self.o2c_inspection_location_id:
            return self.o2c_inspection_location_id
        # sudo: warehouse users receive returns but may not configure
        # locations; the inspection location is part of the warehouse setup.
        warehouse = self.sudo()
        location = warehouse.env["stock.location"].create(
            warehouse._o2c_prepare_inspection_location_vals()
        )
        warehouse.o2c_inspection_location_id = location
        return location.with_env(self.env)

    def _o2c_prepare_inspection_location_vals(self):
        """Values of the warehouse's return inspection location.

        Called by :meth:`_o2c_get_inspection_location` the first time a
        return of the warehouse needs it (its confirmation); an integrator
        may place it elsewhere in the warehouse (it stays outside the stock
        location, so that returned goods are not sold before inspection).
        """
        self.ensure_one()
        return {
            "name": self.env._("Return Inspection"),
            "usage": "internal",
            "location_id": self.view_location_id.id,
            "company_id": self.company_id.id,
        }
