# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.order_to_cash.tools.o2c_input import o2c_number, o2c_text

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

    def _o2c_inspection_location(self):
        """Where the line's goods wait for their inspection (the decisions
        are carried out by ``o2c.return.inspection``)."""
        return self.return_id.warehouse_id._o2c_get_inspection_location()
