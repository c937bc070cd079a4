# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer return (RMA) and its lifecycle.

draft -> confirmed (return transfers created) -> received (goods in, the
customer told) -> inspected (restock, scrap, repair, replace carried out)
-> done (credit note of the lines to refund); cancelled while nothing was
received. Each ``action_*`` filters what it may act on and guards with an
``_ensure_can_*`` method; the work is done by the concern's service:

- ``o2c.return.quantity`` (``o2c_return_quantity.py``): what is returnable
- ``o2c.return.request`` (``o2c_return_request.py``): portal and e-mail
- ``o2c.return.receipt`` (``o2c_return_receipt.py``): return transfers, receipt
- ``o2c.return.inspection`` (``o2c_return_inspection.py``): decisions
- ``o2c.return.refund`` (``o2c_return_refund.py``): credit notes
"""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from odoo.addons.order_to_cash.models.o2c_guard import o2c_action_scope
from odoo.addons.order_to_cash.tools.o2c_input import o2c_text

from .o2c_return_request import DESCRIPTION_SIZE

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
    # Quantities (o2c.return.quantity)
    # ------------------------------------------------------------------
    @api.model
    def _o2c_returnable_quantities(self, order, picking=None, exclude_lines=None):
        """Per product, what the customer can still return of ``order``
        (see ``o2c.return.quantity._returnable_quantities``)."""
        return self.env["o2c.return.quantity"]._returnable_quantities(
            order, picking=picking, exclude_lines=exclude_lines
        )

    def _o2c_check_quantities(self):
        """The quantity guard: per order and product, the lines of the
        returns never claim more than was delivered and not returned yet."""
        self.env["o2c.return.quantity"]._check_returns(self)

    @api.model
    def _o2c_action_new_return(self, order, picking=None):
        """Action opening a new return of ``order`` (of its delivery
        ``picking`` when given), proposing every product still returnable."""
        lines = self.env["o2c.return.quantity"]._default_lines(order, picking=picking)
        context = {"default_order_id": order.id}
        if picking:
            context["default_picking_id"] = picking.id
        context["default_line_ids"] = [Command.create(vals) for vals in lines]
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
        """One return transfer per delivery the lines come from (see
        ``o2c.return.receipt``)."""
        self.env["o2c.return.receipt"]._create_return_pickings(self)

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
        self.env["o2c.return.receipt"]._receive(rmas)
        return True

    def _o2c_update_received(self):
        """Called when return transfers are validated: a return whose
        transfers are all done (or cancelled) is received and its customer
        gets the receipt confirmation, once (see ``o2c.return.receipt``)."""
        self.env["o2c.return.receipt"]._update_received(self)

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
        repair or replacement (see ``o2c.return.inspection``)."""
        rmas = self
        rmas._ensure_can_inspect()
        for rma in rmas:
            self.env["o2c.return.inspection"]._carry_out(rma)
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

    def _o2c_create_credit_notes(self):
        """The draft credit note of the lines to refund (see
        ``o2c.return.refund``)."""
        return self.env["o2c.return.refund"]._create_credit_note(self)

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
    # Portal and e-mail (o2c.return.request)
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
        rma = self.env["o2c.return.request"]._create_portal_return(
            order_id, lines, description=description
        )
        return {"id": rma.id, "name": rma.name}

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A return requested by e-mail to the returns alias: the sender is
        the customer, an order named in the subject or body is linked (see
        ``o2c.return.request._prepare_email_return_vals``)."""
        # message_new is public (RPC): the values given may not set what only
        # the actions do; the origin is the gateway's, set by the hook
        self._o2c_check_protected([custom_values or {}])
        Request = self.env["o2c.return.request"]
        values = Request._prepare_email_return_vals(msg_dict, custom_values)
        Return = self._o2c_without_protected_defaults()
        with o2c_action_scope(self._name):
            rma = super(O2cReturn, Return).message_new(msg_dict, custom_values=values)
        Request._schedule_review_activity(rma)
        return rma
