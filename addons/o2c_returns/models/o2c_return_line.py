# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.order_to_cash.models.o2c_guard import o2c_action_scope
from odoo.addons.order_to_cash.models.o2c_input import (
    o2c_html_text,
    o2c_number,
    o2c_text,
)

DECISIONS = [
    ("restock", "Restock"),
    ("scrap", "Scrap"),
    ("repair", "Repair"),
    ("replace", "Replace"),
    ("refund_only", "Refund Only"),
]
# decisions that credit the customer unless the inspection says otherwise
REFUNDED_DECISIONS = ("restock", "scrap", "refund_only")


class O2cReturnLine(models.Model):
    _name = "o2c.return.line"
    _description = "Customer Return Line"
    _inherit = ["o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)
    _order = "return_id, sequence, id"
    _check_company_auto = True

    return_id = fields.Many2one(
        "o2c.return", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="return_id.company_id", store=True)
    state = fields.Selection(related="return_id.state")
    order_id = fields.Many2one(related="return_id.order_id", store=True, index=True)
    partner_id = fields.Many2one(related="return_id.partner_id", store=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
        index=True,
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty = fields.Float(
        string="Quantity",
        digits="Product Unit of Measure",
        required=True,
        default=1.0,
        help="Quantity the customer returns, in the product's unit.",
    )
    qty_received = fields.Float(
        string="Received",
        digits="Product Unit of Measure",
        compute="_compute_qty_received",
        store=True,
    )
    reason_id = fields.Many2one(
        "o2c.return.reason",
        string="Reason Code",
        # another company's reason is refused, not only hidden
        check_company=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    reason = fields.Char(
        compute="_compute_reason",
        store=True,
        readonly=False,
        help="The customer's reason, in words.",
    )
    decision = fields.Selection(
        selection=DECISIONS,
        compute="_compute_decision",
        store=True,
        readonly=False,
    )
    refund = fields.Boolean(
        compute="_compute_refund",
        store=True,
        readonly=False,
        help="Credit the customer for this line when the return is done.",
    )
    note = fields.Char(string="Inspection Note")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        compute="_compute_sale_line_id",
        store=True,
        string="Order Line",
    )
    move_ids = fields.One2many(
        "stock.move", "o2c_return_line_id", string="Return Moves", readonly=True
    )
    restock_move_id = fields.Many2one("stock.move", readonly=True, copy=False)
    scrap_id = fields.Many2one("stock.scrap", readonly=True, copy=False)
    replacement_move_id = fields.Many2one("stock.move", readonly=True, copy=False)
    repair_done = fields.Boolean(
        string="Repair Requested",
        readonly=True,
        copy=False,
    )
    credit_note_id = fields.Many2one("account.move", readonly=True, copy=False)

    _sql_constraints = (
        ("qty_positive", "CHECK(qty > 0)", "A returned quantity must be positive."),
    )

    @api.depends("move_ids.state", "move_ids.quantity")
    def _compute_qty_received(self):
        for line in self:
            done = line.move_ids.filtered(lambda m: m.state == "done")
            line.qty_received = sum((m._o2c_product_qty() for m in done), 0.0)

    @api.depends("reason_id")
    def _compute_reason(self):
        for line in self:
            if line.reason_id and not line.reason:
                line.reason = line.reason_id.name

    @api.depends("reason_id")
    def _compute_decision(self):
        for line in self:
            if line.reason_id.default_decision and not line.decision:
                line.decision = line.reason_id.default_decision

    @api.depends("decision")
    def _compute_refund(self):
        for line in self:
            line.refund = line.decision in REFUNDED_DECISIONS

    @api.depends("return_id.order_id", "product_id")
    def _compute_sale_line_id(self):
        for line in self:
            sale_lines = line.return_id.order_id.order_line.filtered(
                lambda sol, p=line.product_id: (
                    sol.product_id == p and not sol.display_type
                )
            )
            line.sale_line_id = sale_lines[:1]

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    @api.model
    def _o2c_protected_fields(self):
        # what the receipt and the inspection's actions record; the
        # decision, refund and note are the inspector's input
        # (_o2c_check_editable)
        return super()._o2c_protected_fields() | {
            "qty_received",
            "sale_line_id",
            "move_ids",
            "restock_move_id",
            "scrap_id",
            "replacement_move_id",
            "repair_done",
            "credit_note_id",
        }

    def _o2c_check_input(self, vals):
        """Values from outside (RPC, the form, the portal): a finite quantity
        above 0 and at least the unit's rounding, texts without control
        characters."""
        if "qty" in vals:
            product = self.env["product.product"]
            if isinstance(vals.get("product_id"), int):
                product = product.browse(vals["product_id"]).exists()
            roundings = (product or self.product_id).uom_id.mapped("rounding")
            vals["qty"] = o2c_number(
                self.env,
                vals["qty"],
                "qty",
                minimum=0,
                exclusive_minimum=True,
                rounding=min(roundings, default=None),
            )
        for fname, size in (("reason", 500), ("note", 500)):
            if vals.get(fname):
                vals[fname] = o2c_text(self.env, vals[fname], fname, size=size)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._o2c_check_input(vals)
        lines = super().create(vals_list)
        lines._o2c_check_editable(set())
        lines.return_id._o2c_check_quantities()
        return lines

    def write(self, vals):
        self._o2c_check_input(vals)
        self._o2c_check_editable(set(vals))
        res = super().write(vals)
        if {"qty", "product_id", "return_id"} & set(vals):
            self.return_id._o2c_check_quantities()
        return res

    def _o2c_check_editable(self, fnames):
        locked = {"product_id", "qty", "return_id"}
        for line in self:
            if line.return_id.state != "draft" and (not fnames or fnames & locked):
                raise UserError(
                    self.env._(
                        "The products and quantities of return %(return)s can "
                        "only change while it is a draft.",
                        **{"return": line.return_id.name},
                    )
                )
            if line.return_id.state in ("inspected", "done", "cancelled") and (
                {"decision", "refund", "note"} & fnames
            ):
                raise UserError(
                    self.env._(
                        "Return %(return)s is inspected: its decisions are final.",
                        **{"return": line.return_id.name},
                    )
                )

    @api.constrains("product_id", "return_id")
    def _check_product_on_order(self):
        for line in self.filtered("return_id.order_id"):
            if not line.sale_line_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s is not on order %(order)s.",
                        product=line.product_id.display_name,
                        order=line.return_id.order_id.name,
                    )
                )

    def _o2c_claimed_qty(self):
        """Quantity this line takes from what the customer can return:
        the requested quantity until the goods move, then what is received
        or still expected (a partial receipt without backorder frees the
        rest)."""
        self.ensure_one()
        if self.return_id.state == "cancelled":
            return 0.0
        moves = self.move_ids.filtered(lambda m: m.state != "cancel")
        if self.return_id.state == "draft" or not self.move_ids:
            return self.qty
        return sum((move._o2c_product_qty() for move in moves), 0.0)

    def _o2c_creditable_qty(self, already_credited):
        """Quantity of the sales order line to credit for this line (in the
        order line's unit): what was invoiced and is no longer delivered,
        up to what this line received."""
        self.ensure_one()
        sale_line = self.sale_line_id
        received = self.product_id.uom_id._compute_quantity(
            self.qty_received, sale_line.product_uom
        )
        if sale_line.product_id.invoice_policy == "delivery":
            open_credit = sale_line.qty_invoiced - sale_line.qty_delivered
        else:
            open_credit = sale_line.qty_invoiced
        open_credit -= already_credited
        return max(0.0, min(received, open_credit))

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------
    def _o2c_inspection_location(self):
        return self.return_id.warehouse_id._o2c_get_inspection_location()

    def _o2c_restock(self):
        """Move the goods from the inspection location to stock, then tell
        the customers waiting for them."""
        lines = self.filtered(lambda r: not r.restock_move_id)
        if not lines:
            return
        rma = lines.return_id
        rma.ensure_one()
        warehouse = rma.warehouse_id
        # the transfer of the return (a protected link): the caller's
        # context gives it no protected value
        with o2c_action_scope("stock.move"):
            picking = (
                self.env["stock.picking"]
                ._o2c_without_protected_defaults()
                ._o2c_action_create(
                    {
                        "picking_type_id": warehouse.int_type_id.id,
                        "location_id": lines._o2c_inspection_location().id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                        "origin": rma.name,
                        "o2c_return_id": rma.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "name": line.product_id.display_name,
                                    "product_id": line.product_id.id,
                                    "product_uom": line.product_id.uom_id.id,
                                    "product_uom_qty": line.qty_received,
                                    "location_id": lines._o2c_inspection_location().id,
                                    "location_dest_id": warehouse.lot_stock_id.id,
                                    "o2c_restock_line_id": line.id,
                                }
                            )
                            for line in lines
                        ],
                    }
                )
            )
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        waiting = self.env["stock.move"]._o2c_waiting_customer_moves(
            lines.product_id, warehouse.lot_stock_id
        )
        reserved_before = {move: move.quantity for move in waiting}
        picking._action_done()
        for move in picking.move_ids:
            move.o2c_restock_line_id._o2c_action_write({"restock_move_id": move.id})
        # Odoo reserves the goods for the waiting deliveries (by priority and
        # date); the customers whose delivery got goods are told.
        served = waiting.filtered(
            lambda m: (
                float_compare(
                    m.quantity,
                    reserved_before[m],
                    precision_rounding=m.product_uom.rounding,
                )
                > 0
            )
        )
        served.sale_line_id._o2c_notify_back_in_stock()

    def _o2c_scrap(self):
        for line in self.filtered(lambda r: not r.scrap_id):
            scrap = self.env["stock.scrap"].create(
                {
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_id.uom_id.id,
                    "scrap_qty": line.qty_received,
                    "location_id": line._o2c_inspection_location().id,
                    "company_id": line.company_id.id,
                    "origin": line.return_id.name,
                }
            )
            scrap.do_scrap()
            line._o2c_action_write({"scrap_id": scrap.id})

    def _o2c_repair(self):
        """A repair order where the repair app is installed, else an
        activity for the responsible of the return."""
        for line in self.filtered(lambda r: not r.repair_done):
            rma = line.return_id
            if "repair.order" in self.env:
                repair_type = rma.warehouse_id.repair_type_id
                repair = self.env["repair.order"].create(
                    {
                        "product_id": line.product_id.id,
                        "product_qty": line.qty_received,
                        "partner_id": rma.partner_id.id,
                        "picking_type_id": repair_type.id,
                        "location_id": line._o2c_inspection_location().id,
                        "sale_order_id": rma.order_id.id,
                        "internal_notes": rma.name,
                    }
                )
                rma.message_post(
                    body=self.env._(
                        "Repair order %(repair)s created for %(product)s.",
                        repair=repair._get_html_link(),
                        product=line.product_id.display_name,
                    )
                )
            else:
                rma.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._(
                        "Repair %(qty)s %(uom)s %(product)s",
                        qty=line.qty_received,
                        uom=line.uom_id.name,
                        product=line.product_id.display_name,
                    ),
                    # HTML: the inspector's note shown as typed, escaped
                    note=o2c_html_text(line.note or line.reason or ""),
                    user_id=(rma.user_id or self.env.user).id,
                )
            line._o2c_action_write({"repair_done": True})

    def _o2c_replace(self):
        """A new delivery of the same product at no charge: linked to the
        order line (so the order's delivered quantity is whole again) and
        marked as a return's follow-up so that it does not reopen the
        order's lifecycle."""
        lines = self.filtered(lambda r: not r.replacement_move_id)
        if not lines:
            return
        rma = lines.return_id
        rma.ensure_one()
        order = rma.order_id
        warehouse = rma.warehouse_id
        receipt = rma.return_picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )[:1]
        customer_location = order.partner_shipping_id.property_stock_customer
        # the transfer of the return (a protected link): the caller's
        # context gives it no protected value
        picking = (
            self.env["stock.picking"]
            ._o2c_without_protected_defaults()
            ._o2c_action_create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": order.partner_shipping_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": customer_location.id,
                    "origin": f"{order.name}, {rma.name}",
                    "group_id": order.procurement_group_id.id,
                    "o2c_return_id": rma.id,
                    # a follow-up of the return, like Odoo's exchanges: the
                    # order's lifecycle ignores it
                    "return_id": receipt.id,
                }
            )
        )
        for line in lines:
            move = self.env["stock.move"].create(
                {
                    "name": line.product_id.display_name,
                    "picking_id": picking.id,
                    "product_id": line.product_id.id,
                    "product_uom": line.product_id.uom_id.id,
                    "product_uom_qty": line.qty_received,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": customer_location.id,
                    "sale_line_id": line.sale_line_id.id,
                    "group_id": order.procurement_group_id.id,
                    "partner_id": order.partner_shipping_id.id,
                }
            )
            line._o2c_action_write({"replacement_move_id": move.id})
        picking.action_confirm()
        picking.action_assign()
