# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.order_to_cash.models.o2c_guard import o2c_action_scope
from odoo.addons.order_to_cash.models.o2c_input import (
    O2C_MAX_LINES,
    o2c_lines,
    o2c_number,
    o2c_strip_controls,
    o2c_text,
)

# Most characters of the customer's description of a return.
DESCRIPTION_SIZE = 10000

RETURN_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("received", "Received"),
    ("inspected", "Inspected"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class O2cReturn(models.Model):
    _name = "o2c.return"
    _description = "Customer Return"
    _inherit = (
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "o2c.guarded.mixin",
    )
    _order = "date desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    state = fields.Selection(
        selection=RETURN_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    date = fields.Datetime(
        string="Requested On", default=fields.Datetime.now, required=True
    )
    date_received = fields.Datetime(string="Received On", readonly=True, copy=False)
    order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index=True,
        check_company=True,
        tracking=True,
        domain="[('state', '=', 'sale')]",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        check_company=True,
        domain="[('sale_id', '=', order_id), ('state', '=', 'done'), "
        "('picking_type_code', '=', 'outgoing')]",
        help="The delivery the goods come from; leave empty to return from "
        "any delivery of the order.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        required=True,
        index=True,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    origin = fields.Selection(
        selection=[
            ("staff", "Staff"),
            ("portal", "Customer Portal"),
            ("email", "E-mail"),
        ],
        default="staff",
        required=True,
        readonly=True,
        copy=False,
    )
    description = fields.Text(help="What the customer tells about the return.")
    line_ids = fields.One2many(
        "o2c.return.line", "return_id", string="Lines", copy=True
    )
    return_picking_ids = fields.One2many(
        "stock.picking",
        "o2c_return_id",
        string="Transfers",
        readonly=True,
    )
    return_picking_count = fields.Integer(compute="_compute_return_picking_count")
    credit_note_ids = fields.One2many(
        "account.move",
        "o2c_return_id",
        string="Credit Notes",
        readonly=True,
        # journal entries: for those who may read them (others see the count)
        groups="account.group_account_invoice,account.group_account_readonly,"
        "sales_team.group_sale_salesman",
    )
    credit_note_count = fields.Integer(compute="_compute_credit_note_count")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    receipt_mail_sent = fields.Boolean(
        readonly=True,
        copy=False,
        help="The receipt confirmation was sent to the customer.",
    )
    can_confirm = fields.Boolean(compute="_compute_can_flags")
    can_receive = fields.Boolean(compute="_compute_can_flags")
    can_inspect = fields.Boolean(compute="_compute_can_flags")
    can_done = fields.Boolean(compute="_compute_can_flags")
    can_cancel = fields.Boolean(compute="_compute_can_flags")

    _sql_constraints = (
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The return reference must be unique per company.",
        ),
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("order_id", "picking_id")
    def _compute_partner_id(self):
        for rma in self:
            if rma.order_id:
                rma.partner_id = rma.order_id.partner_id
            elif rma.picking_id:
                rma.partner_id = rma.picking_id.partner_id

    @api.depends("order_id")
    def _compute_company_id(self):
        for rma in self:
            if rma.order_id:
                rma.company_id = rma.order_id.company_id
            elif not rma.company_id:
                rma.company_id = self.env.company

    @api.depends("order_id", "picking_id")
    def _compute_warehouse_id(self):
        for rma in self:
            rma.warehouse_id = (
                rma.picking_id.picking_type_id.warehouse_id
                or rma.order_id.warehouse_id
                or rma.warehouse_id
            )

    def _compute_return_picking_count(self):
        for rma in self:
            rma.return_picking_count = len(rma.return_picking_ids)

    def _compute_credit_note_count(self):
        for rma in self:
            # sudo: how many credit notes were made is a figure of the return
            # for warehouse staff too, who may not read journal entries
            rma.credit_note_count = len(rma.sudo().credit_note_ids)

    @api.depends("state", "line_ids.qty_received")
    def _compute_can_flags(self):
        for rma in self:
            received = any(rma.line_ids.mapped("qty_received"))
            rma.can_confirm = rma.state == "draft"
            rma.can_receive = rma.state == "confirmed"
            rma.can_inspect = rma.state == "received"
            rma.can_done = rma.state == "inspected"
            rma.can_cancel = rma.state == "draft" or (
                rma.state == "confirmed" and not received
            )

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for rma in self:
            rma.access_url = f"/my/returns/{rma.id}"
        return res

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _o2c_protected_fields(self):
        # the status and what the actions record: the receipt, where the
        # request came from (portal, e-mail), the transfers and credit notes
        return super()._o2c_protected_fields() | {
            "state",
            "date_received",
            "receipt_mail_sent",
            "origin",
            "return_picking_ids",
            "credit_note_ids",
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._o2c_check_input(vals)
            self._o2c_check_source_access(vals)
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("o2c.return") or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        self._o2c_check_input(vals)
        self._o2c_check_source_access(vals)
        if {"order_id", "picking_id"} & set(vals) and any(
            rma.state != "draft" for rma in self
        ):
            raise UserError(
                self.env._(
                    "The order and delivery of a return can only change while "
                    "it is a draft."
                )
            )
        res = super().write(vals)
        if {"order_id", "picking_id"} & set(vals):
            self._o2c_check_quantities()
        return res

    @api.model
    def _o2c_check_input(self, vals):
        """The customer's description: a text without control characters;
        the lines given with the return checked as the lines check theirs
        (before Odoo computes anything from them)."""
        if vals.get("description"):
            vals["description"] = o2c_text(
                self.env, vals["description"], "description", size=DESCRIPTION_SIZE
            )
        Line = self.env["o2c.return.line"]
        for command in vals.get("line_ids") or ():
            if (
                isinstance(command, list | tuple)
                and len(command) == 3
                and command[0] in (Command.CREATE, Command.UPDATE)
                and isinstance(command[2], dict)
            ):
                update = command[0] == Command.UPDATE and isinstance(command[1], int)
                lines = Line.browse(command[1]) if update else Line
                lines._o2c_check_input(command[2])

    def _o2c_check_source_access(self, vals):
        """Refuse a return on an order or delivery the calling user may not
        read (their access rules decide), before anything privileged
        happens. The portal creates in sudo after the same check."""
        if self.env.su:
            return
        for fname, model in (
            ("order_id", "sale.order"),
            ("picking_id", "stock.picking"),
        ):
            record_id = vals.get(fname)
            if not record_id or not isinstance(record_id, int):
                continue  # nothing to read; a bad value is refused by the field
            try:
                self.env[model].browse(record_id).check_access("read")
            except (AccessError, MissingError) as error:
                raise AccessError(
                    self.env._(
                        "You may not create a return on a record you cannot "
                        "read (%(field)s: %(id)s).",
                        field=fname,
                        id=record_id,
                    )
                ) from error

    def _o2c_set_state(self, state, **values):
        return self._o2c_action_write(dict(values, state=state))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_or_cancelled(self):
        if any(rma.state not in ("draft", "cancelled") for rma in self):
            raise UserError(
                self.env._("Only draft or cancelled returns can be deleted.")
            )

    @api.constrains("order_id", "partner_id")
    def _check_order_partner(self):
        for rma in self.filtered("order_id"):
            commercial = rma.order_id.partner_id.commercial_partner_id
            if rma.partner_id.commercial_partner_id != commercial:
                raise ValidationError(
                    self.env._(
                        "The customer of return %(return)s must be the customer "
                        "of order %(order)s.",
                        **{"return": rma.name, "order": rma.order_id.name},
                    )
                )

    @api.constrains("order_id", "picking_id")
    def _check_picking_of_order(self):
        for rma in self.filtered("picking_id"):
            if (
                rma.picking_id.sale_id != rma.order_id
                or rma.picking_id.state != "done"
                or rma.picking_id.picking_type_code != "outgoing"
            ):
                raise ValidationError(
                    self.env._(
                        "Delivery %(picking)s is not a done delivery of order "
                        "%(order)s.",
                        picking=rma.picking_id.name,
                        order=rma.order_id.name or "-",
                    )
                )

    # ------------------------------------------------------------------
    # Quantities
    # ------------------------------------------------------------------
    def _o2c_returnable_quantities(self, order, picking=None, exclude_lines=None):
        """Quantities of ``order`` the customer can still return, per product
        (in the product's unit): delivered minus returned, where returned
        counts every return of the order that is not cancelled (requested,
        in transit or received, partial receipts as received) and the returns
        made with Odoo's plain return wizard.

        :param picking: restrict the delivered quantities to this delivery
        :param exclude_lines: return lines not to count (the ones being checked)
        :return: dict product -> quantity
        """
        order = order.sudo()
        moves = order.order_line.move_ids.filtered(
            lambda m: m.state == "done" and not m.scrapped
        )
        result = {}
        for move in moves:
            qty = move._o2c_product_qty()
            if move.location_dest_id.usage == "customer":
                if picking and move.picking_id != picking:
                    continue
                result[move.product_id] = result.get(move.product_id, 0.0) + qty
            elif move.location_id.usage == "customer" and not move.o2c_return_line_id:
                # returned outside of o2c returns (Odoo's return wizard)
                result[move.product_id] = result.get(move.product_id, 0.0) - qty
        lines = (
            self.env["o2c.return.line"]
            .sudo()
            .search(
                [
                    ("return_id.order_id", "=", order.id),
                    ("return_id.state", "!=", "cancelled"),
                ]
            )
        )
        if exclude_lines:
            lines -= exclude_lines.sudo()
        for line in lines:
            other_picking = line.return_id.picking_id
            if picking and other_picking and other_picking != picking:
                # a return from another delivery of the order
                continue
            result[line.product_id] = (
                result.get(line.product_id, 0.0) - line._o2c_claimed_qty()
            )
        return result

    @api.model
    def _o2c_lock_orders(self, orders):
        """Serialise the returns of ``orders`` before what is still
        returnable is computed. The rows are locked without waiting (a
        concurrent return holds them: the request fails with a lock error
        and is retried) and then updated, so that a transaction that started
        before this one commits cannot take the lock afterwards with its
        older snapshot (Odoo's repeatable read: that update makes it fail
        with a serialization error and retry, and the retry sees this
        return's lines)."""
        ids = tuple(orders.ids)
        self.env.cr.execute(
            "SELECT id FROM sale_order WHERE id IN %s ORDER BY id "
            "FOR NO KEY UPDATE NOWAIT",
            [ids],
            # a lock held by a concurrent return is expected, not logged
            log_exceptions=False,
        )
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = write_date WHERE id IN %s", [ids]
        )

    def _o2c_check_quantities(self):
        """The quantity guard: per order and product, the lines of the
        returns never claim more than was delivered and not returned yet."""
        orders = self.mapped("order_id")
        if not orders:
            return
        self._o2c_lock_orders(orders)
        for order in orders:
            rmas = self.filtered(lambda r, o=order: r.order_id == o)
            lines = rmas.line_ids.filtered(lambda r: r.return_id.state != "cancelled")
            available = self._o2c_returnable_quantities(order, exclude_lines=lines)
            claimed = {}
            for line in lines:
                claimed[line.product_id] = (
                    claimed.get(line.product_id, 0.0) + line._o2c_claimed_qty()
                )
            for product, qty in claimed.items():
                free = max(available.get(product, 0.0), 0.0)
                if (
                    float_compare(qty, free, precision_rounding=product.uom_id.rounding)
                    > 0
                ):
                    raise ValidationError(
                        self.env._(
                            "You cannot return %(qty)s %(uom)s of %(product)s "
                            "from order %(order)s: only %(free)s %(uom)s were "
                            "delivered and not returned yet.",
                            qty=qty,
                            uom=product.uom_id.name,
                            product=product.display_name,
                            order=order.name,
                            free=free,
                        )
                    )
            for rma in rmas.filtered("picking_id"):
                per_picking = self._o2c_returnable_quantities(
                    order, picking=rma.picking_id, exclude_lines=rma.line_ids
                )
                for line in rma.line_ids:
                    free = max(per_picking.get(line.product_id, 0.0), 0.0)
                    if (
                        float_compare(
                            line._o2c_claimed_qty(),
                            free,
                            precision_rounding=line.product_id.uom_id.rounding,
                        )
                        > 0
                    ):
                        raise ValidationError(
                            self.env._(
                                "You cannot return %(qty)s of %(product)s from "
                                "delivery %(picking)s: only %(free)s were "
                                "delivered there and not returned yet.",
                                qty=line.qty,
                                product=line.product_id.display_name,
                                picking=rma.picking_id.name,
                                free=free,
                            )
                        )

    @api.model
    def _o2c_default_lines(self, order, picking=None):
        """Line values proposing every product still returnable."""
        quantities = self._o2c_returnable_quantities(order, picking=picking)
        return [
            {"product_id": product.id, "qty": qty}
            for product, qty in quantities.items()
            if float_compare(qty, 0.0, precision_rounding=product.uom_id.rounding) > 0
        ]

    @api.model
    def _o2c_action_new_return(self, order, picking=None):
        """Action opening a new return of ``order`` (of its delivery
        ``picking`` when given), proposing every product still returnable."""
        lines = self._o2c_default_lines(order, picking=picking)
        context = {"default_order_id": order.id}
        if picking:
            context["default_picking_id"] = picking.id
        context["default_line_ids"] = [(0, 0, vals) for vals in lines]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Return"),
            "res_model": "o2c.return",
            "view_mode": "form",
            "target": "current",
            "context": context,
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _ensure_group(self, group_xmlid):
        if not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise AccessError(
                self.env._(
                    "Only members of %(group)s can do this on returns.",
                    group=group.full_name,
                )
            )

    def _ensure_can_confirm(self):
        self._ensure_group("o2c_returns.group_o2c_returns_user")
        for rma in self:
            if not rma.can_confirm:
                raise UserError(
                    self.env._(
                        "Return %(return)s is not a draft.", **{"return": rma.name}
                    )
                )
            if not rma.order_id:
                raise UserError(
                    self.env._(
                        "Return %(return)s has no sales order: set the order "
                        "the goods were delivered with.",
                        **{"return": rma.name},
                    )
                )
            if not rma.line_ids:
                raise UserError(
                    self.env._(
                        "Return %(return)s has no lines: add the products to return.",
                        **{"return": rma.name},
                    )
                )

    def action_confirm(self):
        """Create the incoming return transfers (Odoo's return mechanism) to
        the warehouse's inspection location."""
        rmas = self
        rmas._ensure_can_confirm()
        rmas._o2c_check_quantities()
        for rma in rmas:
            rma._o2c_create_return_pickings()
        rmas._o2c_set_state("confirmed")
        return True

    def _o2c_create_return_pickings(self):
        """Allocate the lines to the order's delivered moves and create one
        return transfer per delivery with ``stock.return.picking``."""
        self.ensure_one()
        allocation = {}  # picking -> list of (move, qty, line)
        used = {}  # move -> qty already allocated in this return
        for line in self.line_ids:
            remaining = line.qty
            moves = self._o2c_returnable_moves(line.product_id)
            for move in moves:
                if float_is_zero(remaining, precision_rounding=line.uom_id.rounding):
                    break
                free = move._o2c_returnable_qty() - used.get(move, 0.0)
                if free <= 0:
                    continue
                qty = min(free, remaining)
                used[move] = used.get(move, 0.0) + qty
                allocation.setdefault(move.picking_id, []).append((move, qty, line))
                remaining -= qty
            if not float_is_zero(remaining, precision_rounding=line.uom_id.rounding):
                raise UserError(
                    self.env._(
                        "No delivered quantity of %(product)s is left to return "
                        "on order %(order)s.",
                        product=line.product_id.display_name,
                        order=self.order_id.name,
                    )
                )
        location = self.warehouse_id._o2c_get_inspection_location()
        # the caller's context gives the wizard no value of its own fields
        Wizard = self.env["stock.return.picking"]._o2c_without_protected_defaults()
        for picking, allocations in allocation.items():
            # the wizard's links to this return are protected fields: only
            # this action sets them, never a caller of Odoo's return wizard
            with o2c_action_scope("stock.return.picking", "stock.return.picking.line"):
                wizard = Wizard.create(
                    {
                        "picking_id": picking.id,
                        "o2c_return_id": self.id,
                        "o2c_location_dest_id": location.id,
                    }
                )
                wizard.product_return_moves = [Command.clear()] + [
                    Command.create(
                        {
                            "product_id": move.product_id.id,
                            "move_id": move.id,
                            "quantity": move.product_id.uom_id._compute_quantity(
                                qty, move.product_uom
                            ),
                            "to_refund": True,
                            "o2c_return_line_id": line.id,
                        }
                    )
                    for move, qty, line in allocations
                ]
            # the return moves carry their return line (a protected link)
            with o2c_action_scope("stock.move"):
                wizard._create_return()
            # used once: nothing left to run again with this return's links
            # (sudo: Odoo gives nobody the deletion of its return wizard;
            # this one is the action's own)
            wizard.sudo().unlink()

    def _o2c_returnable_moves(self, product):
        self.ensure_one()
        moves = self.order_id.order_line.move_ids.filtered(
            lambda m: (
                m.product_id == product
                and m.state == "done"
                and m.location_dest_id.usage == "customer"
                and (not self.picking_id or m.picking_id == self.picking_id)
            )
        )
        return moves.sorted(lambda m: (m.date, m.id), reverse=True)

    def _ensure_can_receive(self):
        self._ensure_group("o2c_returns.group_o2c_returns_user")
        for rma in self:
            if not rma.can_receive:
                raise UserError(
                    self.env._(
                        "Return %(return)s is not waiting for goods.",
                        **{"return": rma.name},
                    )
                )

    def action_receive(self):
        """Receive the goods of the open return transfers as announced, then
        confirm the receipt to the customer."""
        # receiving twice is harmless (integrations may retry)
        rmas = self.filtered(lambda r: r.state not in ("received", "inspected", "done"))
        rmas._ensure_can_receive()
        pickings = rmas.return_picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "incoming"
            )
        )
        for move in pickings.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ):
            move.quantity = move.product_uom_qty
            move.picked = True
        if pickings:
            result = pickings.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=pickings.ids
            ).button_validate()
            if isinstance(result, dict):
                raise UserError(
                    self.env._(
                        "The return transfers %(pickings)s need a decision in "
                        "the warehouse before they can be received.",
                        pickings=", ".join(pickings.mapped("name")),
                    )
                )
        rmas._o2c_update_received()
        return True

    def _o2c_update_received(self):
        """Called when return transfers are validated: a return whose
        transfers are all done (or cancelled) is received and its customer
        gets the receipt confirmation, once."""
        for rma in self.filtered(lambda r: r.state == "confirmed"):
            receipts = rma.return_picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming"
            )
            if any(p.state not in ("done", "cancel") for p in receipts):
                continue
            if not any(rma.line_ids.mapped("qty_received")):
                continue
            rma._o2c_set_state("received", date_received=fields.Datetime.now())
            rma._o2c_send_receipt_confirmation()

    def _o2c_send_receipt_confirmation(self):
        template = self.env.ref(
            "o2c_returns.mail_template_return_received", raise_if_not_found=False
        )
        for rma in self.filtered(lambda r: not r.receipt_mail_sent):
            # marker first, in the same transaction as the mail
            rma._o2c_action_write({"receipt_mail_sent": True})
            if template:
                rma.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )

    def _ensure_can_inspect(self):
        self._ensure_group("o2c_returns.group_o2c_returns_user")
        for rma in self:
            if not rma.can_inspect:
                raise UserError(
                    self.env._(
                        "Return %(return)s must be received before it is inspected.",
                        **{"return": rma.name},
                    )
                )
            missing = rma.line_ids.filtered(lambda r: r.qty_received and not r.decision)
            if missing:
                raise UserError(
                    self.env._(
                        "Decide what happens to %(products)s of return "
                        "%(return)s (restock, scrap, repair, replace or refund "
                        "only).",
                        products=", ".join(missing.product_id.mapped("display_name")),
                        **{"return": rma.name},
                    )
                )

    def action_inspect(self):
        """Carry out the inspection decisions on the goods: restock, scrap,
        repair or replacement."""
        rmas = self
        rmas._ensure_can_inspect()
        for rma in rmas:
            lines = rma.line_ids.filtered("qty_received")
            lines.filtered(lambda r: r.decision == "restock")._o2c_restock()
            lines.filtered(lambda r: r.decision == "scrap")._o2c_scrap()
            lines.filtered(lambda r: r.decision == "repair")._o2c_repair()
            lines.filtered(lambda r: r.decision == "replace")._o2c_replace()
        rmas._o2c_set_state("inspected")
        return True

    def _ensure_can_done(self):
        for rma in self:
            if not rma.can_done:
                raise UserError(
                    self.env._(
                        "Return %(return)s must be inspected before it is done.",
                        **{"return": rma.name},
                    )
                )
        if any(self.line_ids.mapped("refund")):
            self._ensure_group("o2c_returns.group_o2c_returns_manager")
        else:
            self._ensure_group("o2c_returns.group_o2c_returns_user")

    def action_done(self):
        """Create the credit notes of the lines to refund and close."""
        rmas = self
        rmas._ensure_can_done()
        for rma in rmas:
            rma._o2c_create_credit_notes()
        rmas._o2c_set_state("done")
        return True

    def _ensure_can_cancel(self):
        self._ensure_group("o2c_returns.group_o2c_returns_user")
        for rma in self:
            if not rma.can_cancel:
                raise UserError(
                    self.env._(
                        "Return %(return)s cannot be cancelled any more: goods "
                        "were received.",
                        **{"return": rma.name},
                    )
                )

    def action_cancel(self):
        rmas = self.filtered(lambda r: r.state != "cancelled")
        rmas._ensure_can_cancel()
        rmas.return_picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        rmas._o2c_set_state("cancelled")
        return True

    # ------------------------------------------------------------------
    # Refunds
    # ------------------------------------------------------------------
    def _o2c_create_credit_notes(self):
        """One draft credit note per return for the lines to refund, each
        invoice line linked to its sales order line so that the order's
        invoiced quantity follows. Only what was invoiced and is no longer
        delivered is credited: a return of goods not invoiced yet needs no
        credit note (the next invoice bills only what the customer kept).
        """
        self.ensure_one()
        # sudo: refunds are decided by returns managers, who need not be
        # accountants (invoiced quantities, invoice line values); the credit
        # note stays a draft for accounting to post.
        rma = self.sudo()
        lines = rma.line_ids.filtered(lambda r: r.refund and r.qty_received)
        invoice_line_vals = []
        credited = {}
        for line in lines:
            sale_line = line.sale_line_id
            if not sale_line:
                continue
            qty = line._o2c_creditable_qty(credited.get(sale_line, 0.0))
            if float_is_zero(qty, precision_rounding=sale_line.product_uom.rounding):
                continue
            credited[sale_line] = credited.get(sale_line, 0.0) + qty
            invoice_line_vals.append(
                (line, sale_line._prepare_invoice_line(quantity=qty))
            )
        if not invoice_line_vals:
            if lines:
                self.message_post(
                    body=self.env._(
                        "No credit note: the returned quantities were not "
                        "invoiced yet, the next invoice of the order bills "
                        "only what the customer kept."
                    )
                )
            return self.env["account.move"]
        order = rma.order_id
        vals = order._prepare_invoice()
        vals.update(
            {
                "move_type": "out_refund",
                "invoice_origin": f"{order.name}, {self.name}",
                "ref": self.env._("Return %(name)s", name=self.name),
                "o2c_return_id": self.id,
                "invoice_line_ids": [Command.create(v) for _l, v in invoice_line_vals],
            }
        )
        credit_note = (
            rma.env["account.move"]
            .with_company(self.company_id)
            .with_context(default_move_type="out_refund")
            ._o2c_without_protected_defaults()
            ._o2c_action_create([vals])
        )
        for line, _vals in invoice_line_vals:
            line._o2c_action_write({"credit_note_id": credit_note.id})
        self.message_post(
            body=self.env._(
                "Credit note %(move)s created for accounting to post.",
                move=credit_note._get_html_link(),
            )
        )
        return credit_note

    # ------------------------------------------------------------------
    # Views
    # ------------------------------------------------------------------
    def action_view_pickings(self):
        self.ensure_one()
        return self._o2c_action_for(
            "stock.action_picking_tree_all", self.return_picking_ids
        )

    def action_view_credit_notes(self):
        self.ensure_one()
        return self._o2c_action_for(
            "account.action_move_out_refund_type", self.credit_note_ids
        )

    @api.model
    def _o2c_action_for(self, xmlid, records):
        """The window action ``xmlid`` showing ``records``, no creation."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Portal and e-mail
    # ------------------------------------------------------------------
    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Return %(name)s", name=self.name)

    @api.model
    def portal_create_return(self, order_id, lines, description=False):
        """Create a return request for a delivered order of the current
        (portal) user, as the customer does in the portal.

        :param int order_id: the sales order
        :param list lines: dicts with ``product_id`` (int), ``qty`` (number)
            and optional ``reason_id`` (int)
        :param str description: optional text from the customer
        :return: dict with ``id`` and ``name`` of the draft return
        """
        if not isinstance(order_id, int) or isinstance(order_id, bool):
            raise ValidationError(self.env._("order_id must be an order id."))
        lines = o2c_lines(self.env, lines, "lines", maximum=O2C_MAX_LINES)
        description = o2c_text(
            self.env, description, "description", size=DESCRIPTION_SIZE
        )
        order = self.env["sale.order"].browse(order_id).exists()
        if not order:
            raise ValidationError(self.env._("order_id: no such order."))
        # the caller's access rules decide whether the order is theirs
        order.check_access("read")
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "Order %(order)s is not confirmed: nothing to return.",
                    order=order.name,
                )
            )
        line_vals = []
        reasons = self.env["o2c.return.reason"]
        for line in lines:
            if not isinstance(line, dict):
                raise ValidationError(
                    self.env._("Each line must be a dict with product_id and qty.")
                )
            product_id = line.get("product_id")
            qty = line.get("qty")
            reason_id = line.get("reason_id") or False
            if not isinstance(product_id, int) or isinstance(product_id, bool):
                raise ValidationError(self.env._("product_id must be a product id."))
            qty = o2c_number(self.env, qty, "qty", minimum=0, exclusive_minimum=True)
            if reason_id is not False:
                if not isinstance(reason_id, int) or isinstance(reason_id, bool):
                    raise ValidationError(self.env._("reason_id must be a reason id."))
                reason = reasons.sudo().browse(reason_id).exists()
                if not reason or not reason.portal_visible:
                    raise ValidationError(self.env._("reason_id: no such reason."))
            if product_id not in order.sudo().order_line.product_id.ids:
                raise ValidationError(
                    self.env._(
                        "product_id: the product is not on order %(order)s.",
                        order=order.name,
                    )
                )
            line_vals.append(
                {"product_id": product_id, "qty": qty, "reason_id": reason_id}
            )
        # sudo: customers may request returns of their own orders (checked
        # above with their access rights) but do not write returns otherwise;
        # the quantity guard runs as part of the creation.
        order = order.sudo()
        with self.env.cr.savepoint():
            rma = (
                self.sudo()
                .with_company(order.company_id)
                ._o2c_without_protected_defaults()
                ._o2c_action_create(
                    {
                        "order_id": order.id,
                        "partner_id": order.partner_id.id,
                        "company_id": order.company_id.id,
                        "origin": "portal",
                        "user_id": order.user_id.id,
                        "description": description or False,
                        "line_ids": [Command.create(v) for v in line_vals],
                    }
                )
            )
        rma._o2c_schedule_review_activity()
        return {"id": rma.id, "name": rma.name}

    def _o2c_schedule_review_activity(self):
        for rma in self:
            rma.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Review the return request"),
                user_id=(rma.user_id or rma.order_id.user_id).id
                or self.env.ref("base.user_admin").id,
            )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A return requested by e-mail to the returns alias: the sender is
        the customer, an order named in the subject or body is linked."""
        # message_new is public (RPC): the values given may not set what only
        # the actions do; the origin is the gateway's, set here
        self._o2c_check_protected([custom_values or {}])
        values = dict(custom_values or {}, origin="email")
        # core would name the record after the subject: the reference comes
        # from the returns sequence (create), as for any other return
        values.setdefault("name", "/")
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and msg_dict.get("email_from"):
            # a list of partners, one per e-mail given
            author = self.env["res.partner"]._find_or_create_from_emails(
                [msg_dict["email_from"]]
            )[0]
        values.setdefault("partner_id", author.id)
        text = " ".join(
            filter(None, [msg_dict.get("subject"), msg_dict.get("body") or ""])
        )
        order = self._o2c_find_order_in_text(author, text)
        if order:
            values.setdefault("order_id", order.id)
            values.setdefault("company_id", order.company_id.id)
        values.setdefault(
            "description",
            o2c_strip_controls(msg_dict.get("subject") or "")[:DESCRIPTION_SIZE]
            or False,
        )
        Return = self._o2c_without_protected_defaults()
        with o2c_action_scope(self._name):
            rma = super(O2cReturn, Return).message_new(msg_dict, custom_values=values)
        rma._o2c_schedule_review_activity()
        return rma

    @api.model
    def _o2c_find_order_in_text(self, partner, text):
        if not partner or not text:
            return self.env["sale.order"]
        words = set(re.findall(r"[\w/.-]+", text))
        if not words:
            return self.env["sale.order"]
        return (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("name", "in", list(words)),
                    ("state", "=", "sale"),
                    (
                        "partner_id",
                        "child_of",
                        partner.commercial_partner_id.id,
                    ),
                ],
                limit=1,
            )
        )
