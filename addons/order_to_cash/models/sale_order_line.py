# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_compare


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)

    # --- Intake and review (line) ----------------------------------------------

    o2c_promised_date = fields.Datetime(
        string="Promised Delivery",
        copy=False,
        readonly=True,
        help="Delivery date promised for this line by the availability review.",
    )

    @api.model
    def _o2c_protected_fields(self):
        # the availability review's promise
        return super()._o2c_protected_fields() | {"o2c_promised_date"}

    def _o2c_needs_stock(self):
        """Whether the availability review checks this line.

        Called by the availability check (``o2c.order.review._o2c_check_availability``)
        and :meth:`_o2c_next_possible_date`."""
        self.ensure_one()
        return (
            self._o2c_is_deliverable()
            and self.product_id.is_storable
            and self.product_uom_qty > 0
        )

    def _o2c_next_possible_date(self, requested):
        """Earliest delivery date after ``requested`` at which the forecast
        covers this line (and the lines of the same product before it):
        incoming receipts and productions into the warehouse, plus the
        company's safety days; else the replenishment lead time; ``False``
        when nothing is planned and no lead time is known.

        Called by the availability check for a line short on the requested date."""
        self.ensure_one()
        product = self.product_id
        warehouse = self.warehouse_id or self.order_id.warehouse_id
        lines = self.order_id.order_line
        needed = sum(
            line.product_uom._compute_quantity(line.product_uom_qty, product.uom_id)
            for line in lines[: list(lines).index(self) + 1]
            if line.product_id == product and line._o2c_needs_stock()
        )
        safety = timedelta(days=self.order_id.company_id.security_lead or 0.0)
        incoming = self.env["stock.move"].search(
            [
                ("product_id", "=", product.id),
                ("state", "not in", ("draft", "done", "cancel")),
                ("location_dest_id", "child_of", warehouse.view_location_id.id),
                ("location_id.usage", "not in", ("internal", "transit")),
                ("date", ">", requested),
            ],
            order="date",
        )
        rounding = product.uom_id.rounding
        for move_date in sorted(set(incoming.mapped("date"))):
            forecast = product.with_context(
                warehouse_id=warehouse.id, to_date=move_date
            ).virtual_available
            if float_compare(forecast, needed, precision_rounding=rounding) >= 0:
                return max(requested, move_date + safety)
        lead_days = self._o2c_replenishment_lead_days()
        if lead_days is False:
            return False
        now = fields.Datetime.now()
        return max(
            requested,
            now + timedelta(days=lead_days + (self.customer_lead or 0.0)) + safety,
        )

    def _o2c_is_price_checked(self):
        """Whether the price review compares this line with the pricelist:
        not for lines that are meant to cost nothing or that Odoo prices
        otherwise: sections and notes, down payments, delivery charges (a
        carrier's price, or 0 until delivered at real cost), reward lines of
        promotions, and the items of a combo (each priced a share of the
        combo: the combo's line is checked for them all).

        Called by the price check (``o2c.order.review._o2c_check_price``)."""
        self.ensure_one()
        return bool(
            self.product_id
            and not self.display_type
            and not self.is_downpayment
            and not self.is_delivery
            and not ("is_reward_line" in self._fields and self.is_reward_line)
            and not (self.combo_item_id and self.linked_line_id.product_type == "combo")
        )

    def _o2c_prices(self):
        """``(net unit price, pricelist unit price)`` of the line, for the
        price review. The pricelist price is the one Odoo gives the line: in
        its unit of measure and currency, after the pricelist's discount,
        adapted to the taxes of the fiscal position like the unit price. A
        combo's line (always priced 0 by Odoo) carries its items: their net
        prices per combo against the combo's pricelist price plus the extra
        prices of the items chosen.

        Called by the price check for each line :meth:`_o2c_is_price_checked` keeps."""
        self.ensure_one()
        line = self.with_company(self.company_id)
        list_price = line._get_pricelist_price()
        if line.product_type == "combo":
            items = line.linked_line_ids.filtered("combo_item_id")
            net_price = sum(
                item._o2c_net_price() * item.product_uom_qty / line.product_uom_qty
                for item in items
            )
            list_price += sum(items.combo_item_id.mapped("extra_price"))
        else:
            net_price = line._o2c_net_price()
        fiscal_position = line.order_id.fiscal_position_id
        if fiscal_position:
            # without a fiscal position the price stays as it is (core's
            # _get_tax_included_unit_price_from_price): the taxes are not read
            product_taxes = line.product_id.taxes_id._filter_taxes_by_company(
                line.company_id
            )
            list_price = line.product_id._get_tax_included_unit_price_from_price(
                list_price,
                product_taxes=product_taxes,
                fiscal_position=fiscal_position,
            )
        return net_price, list_price

    def _o2c_net_price(self):
        """The unit price after the line's discount (called by :meth:`_o2c_prices`)."""
        self.ensure_one()
        return self.price_unit * (1.0 - (self.discount or 0.0) / 100.0)

    def _o2c_replenishment_lead_days(self):
        """Days to get the line's quantity when nothing is planned (``False``
        if nobody can tell): ``product.product._o2c_replenishment_lead_days``
        at the line's warehouse.

        Called by :meth:`_o2c_next_possible_date` and the promised dates
        (``o2c.order.promise._o2c_move_expected_date``)."""
        self.ensure_one()
        return self.product_id._o2c_replenishment_lead_days(
            self.warehouse_id or self.order_id.warehouse_id,
            self.product_uom._compute_quantity(
                self.product_uom_qty, self.product_id.uom_id
            ),
        )

    # --- Fulfilment, invoicing and payment (line) -------------------------------

    def _o2c_is_deliverable(self):
        """Whether the line ships goods (services skip the shipping steps).

        Called by the stage's delivery step and the terms check."""
        self.ensure_one()
        return (
            not self.display_type
            and not self.is_downpayment
            and self.product_id.type == "consu"
        )

    def _o2c_is_service_to_render(self):
        """Whether the line is a service rendered after the order, which step 4
        of the process ("packing, shipping and service") waits for.

        These are the services invoiced on their delivered quantity (core's
        *Delivered quantities* policy, which timesheets and milestones use
        too): a person records them rendered (the delivered quantity, or
        :meth:`sale.order.action_o2c_mark_services_rendered`), or timesheets
        do where installed. Services invoiced on the ordered quantity
        (licences, fees), delivery charges, expenses and down payments are
        not rendered in the process.

        Called by the stage's service step and the after-sales follow-up."""
        self.ensure_one()
        return (
            not self.display_type
            and not self.is_downpayment
            and not self.is_expense
            and not self.is_delivery
            # goods delivered by stock moves (sale_stock's stored method):
            # no need to read the product to know it is no service
            and self.qty_delivered_method != "stock_move"
            and self.product_id.type == "service"
            and self.product_id.invoice_policy == "delivery"
            and self.product_uom_qty > 0
        )

    def _o2c_services_to_mark_rendered(self):
        """The lines among ``self`` that are services to render, not rendered
        in full, whose delivered quantity a person records (not timesheets
        or milestones).

        Called by ``sale.order.action_o2c_mark_services_rendered`` and its
        button's flag."""
        return self.filtered(
            lambda line: (
                line.qty_delivered_method == "manual"
                and line._o2c_is_service_to_render()
                and not line._o2c_is_fully_delivered()
            )
        )

    def _o2c_mark_rendered(self):
        """Record the services as rendered in full, each order told in its
        chatter which services (called by
        ``sale.order.action_o2c_mark_services_rendered``)."""
        for line in self:
            line.qty_delivered = line.product_uom_qty
        for order in self.order_id:
            services = self.filtered(lambda line, order=order: line.order_id == order)
            order.message_post(
                body=self.env._(
                    "Services rendered: %(services)s",
                    services=", ".join(services.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _o2c_is_fully_delivered(self):
        """Whether the line's quantity is delivered (called by the stage's delivery
        step)."""
        self.ensure_one()
        if self.qty_delivered >= self.product_uom_qty:
            # delivered in full whatever the rounding: the unit is not read
            return True
        return (
            float_compare(
                self.qty_delivered,
                self.product_uom_qty,
                precision_rounding=self.product_uom.rounding or 0.01,
            )
            >= 0
        )

    def _o2c_has_qty_to_invoice(self):
        """Whether something of the line is left to invoice (called by the stage's
        invoicing step)."""
        self.ensure_one()
        if self.display_type or self.qty_to_invoice <= 0:
            # nothing (or a credit) to invoice whatever the rounding: the
            # unit is not read
            return False
        rounding = self.product_uom.rounding or 0.01
        return float_compare(self.qty_to_invoice, 0.0, precision_rounding=rounding) > 0
