# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _o2c_replenishment_lead_days(self, warehouse, quantity):
        """Days to get ``quantity`` (in the product's unit) of the product
        into ``warehouse`` when nothing is planned (``False`` if nobody can
        tell), as Odoo's own replenishment plans it for the product's routes
        there:

        - manufactured (Manufacturing installed, a *Manufacture* rule and a
          bill of materials): :meth:`_o2c_manufacture_lead_days`, the BoM's
          manufacturing lead time after its components' availability;
        - bought (Purchase installed, a *Buy* rule and a vendor): the rules'
          lead days as core counts them for a reordering rule
          (``stock.rule._get_lead_days``): the vendor's lead time, the
          purchase security lead time, the days to purchase and the rules'
          own delays;
        - else the first vendor's delivery lead time.

        Called by ``sale.order.line._o2c_replenishment_lead_days`` (the next
        possible date, the promised dates) and by a failed control's
        reorder (``o2c.control.replenishment._o2c_control_replenish``), which plans its
        procurement that many days ahead as core's reordering rules do."""
        self.ensure_one()
        # sudo: routes, bills of materials and vendor prices are planning
        # data of the warehouse, manufacturing and purchase that a
        # salesperson may not read; only the number of days leaves here
        company = warehouse.company_id or self.env.company
        product = self.sudo().with_company(company)
        rules = self.env["stock.rule"].sudo()
        if warehouse and product.is_storable:
            rules = product._get_rules_from_location(warehouse.lot_stock_id)
        days = product._o2c_manufacture_lead_days(rules, warehouse, quantity)
        if days is not None:
            return days
        if "buy" in rules.mapped("action") and product._select_seller(quantity=None):
            delays, __ = rules.with_context(
                bypass_delay_description=True, global_visibility_days=0
            )._get_lead_days(product)
            return delays["total_delay"]
        sellers = product.seller_ids.filtered(
            lambda s: s.company_id in (company, self.env["res.company"])
        )
        return sellers[:1].delay if sellers else False

    def _o2c_manufacture_lead_days(self, rules, warehouse, quantity):
        """Days to manufacture ``quantity`` of the product, or ``None`` when
        it is not manufactured here (Manufacturing not installed, no
        *Manufacture* rule among ``rules`` or no bill of materials): Odoo's
        own estimate of the BoM overview (``report.mrp.report_bom_structure``,
        the product's *Availability*): the manufacturing lead time and the
        company's manufacturing security lead time, after the latest of the
        components, each available now (in stock), on the day the forecast
        covers it (a receipt or manufacturing order planned), or after its
        own resupply (the vendor's lead time, or manufacturing again for a
        sub-assembly). ``False`` when a component can be had by no route.

        Called by :meth:`_o2c_replenishment_lead_days` (as the system)."""
        self.ensure_one()
        manufacture = rules.filtered(lambda rule: rule.action == "manufacture")[:1]
        report_name = "report.mrp.report_bom_structure"
        if not manufacture or report_name not in self.env:
            return None
        bom = self.env["mrp.bom"]._bom_find(
            self,
            picking_type=manufacture.picking_type_id,
            company_id=manufacture.company_id.id,
        )[self]
        if not bom:
            return None
        data = (
            self.env[report_name]
            .with_context(minimized=True, warehouse_id=warehouse.id)
            ._get_bom_data(
                bom,
                warehouse,
                self,
                line_qty=self.uom_id._compute_quantity(quantity, bom.product_uom_id),
            )
        )
        return data.get("resupply_avail_delay", False)
