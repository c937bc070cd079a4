# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .o2c_order_promise import PROMISE_REASONS
from .o2c_sale_channel import O2C_CHANNELS
from .o2c_stage_log import O2C_STAGES


class SaleOrder(models.Model):
    """The order's lifecycle: its fields, the stage and its history, and the
    entry points of intake, review, release, confirmation and invoicing,
    which hand the work to the services beside them (readme/DEVELOP.md):
    among them the customer's mails (``o2c.order.mail``, o2c_order_mail.py)
    and fulfilment and on-time figures (``o2c.order.fulfilment``,
    o2c_order_fulfilment.py); a failed control's follow-ups are
    ``o2c.control.followup``."""

    _name = "sale.order"
    _inherit = ["sale.order", "o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)

    o2c_stage = fields.Selection(
        selection=O2C_STAGES,
        string="Lifecycle Stage",
        compute="_compute_o2c_stage",
        store=True,
        index=True,
        copy=False,
        group_expand=True,
        help="Derived from the order's documents (order, transfers, invoices, "
        "payments): the first step of the order-to-cash lifecycle that is not "
        "complete yet.",
    )
    o2c_stage_log_ids = fields.One2many(
        comodel_name="o2c.stage.log",
        inverse_name="order_id",
        string="Stage History",
        readonly=True,
    )
    o2c_stage_log_count = fields.Integer(
        string="Stage Changes",
        compute="_compute_o2c_stage_log_count",
    )
    o2c_promised_date = fields.Datetime(
        string="Promised Delivery",
        copy=False,
        readonly=True,
        tracking=True,
        help="Delivery date promised to the customer, from the availability review.",
    )
    o2c_promised_date_previous = fields.Datetime(
        string="Previously Promised",
        copy=False,
        readonly=True,
        help="The promised delivery date before it last moved, told to the "
        "customer with the new one.",
    )
    o2c_promise_change_reason = fields.Selection(
        selection=PROMISE_REASONS,
        string="Why the Date Moved",
        copy=False,
        readonly=True,
        help="Why the promised delivery date last moved, as the customer was told.",
    )
    o2c_promise_checked_on = fields.Date(
        string="Promise Checked On",
        copy=False,
        readonly=True,
        help="Technical: the day the scheduled action last compared the "
        "promise with the forecast of the order's open goods.",
    )

    # --- Intake and review fields --------------------------------------------

    o2c_channel = fields.Selection(
        selection=O2C_CHANNELS,
        string="Channel",
        index=True,
        tracking=True,
        help="How the order came in.",
    )
    o2c_external_ref = fields.Char(
        string="External Reference",
        copy=False,
        index=True,
        tracking=True,
        help="The sender's reference of the order (shop order number, EDI "
        "message, customer's order number); unique per company and channel.",
    )
    o2c_check_ids = fields.One2many(
        comodel_name="o2c.order.check",
        inverse_name="order_id",
        string="Review Findings",
        readonly=True,
        copy=False,
    )
    o2c_review_date = fields.Datetime(string="Reviewed on", readonly=True, copy=False)
    o2c_review_fingerprint = fields.Char(
        readonly=True,
        copy=False,
        help="Technical: digest of what the last full review looked at "
        "(customer, terms, lines, total), to tell at confirmation whether "
        "the order changed since.",
    )
    o2c_notified_promised_date = fields.Datetime(
        string="Promised Date Told",
        readonly=True,
        copy=False,
        help="Promised delivery date last e-mailed to the customer.",
    )
    o2c_can_review = fields.Boolean(
        string="Can Review", compute="_compute_o2c_can_review"
    )
    o2c_can_mark_services_rendered = fields.Boolean(
        string="Can Mark Services Rendered",
        compute="_compute_o2c_can_mark_services_rendered",
    )
    o2c_can_release = fields.Boolean(
        string="Can Release", compute="_compute_o2c_can_release"
    )

    _sql_constraints = [  # noqa: RUF012 (Odoo's declaration)
        (
            "o2c_external_ref_uniq",
            "unique(company_id, o2c_channel, o2c_external_ref)",
            (
                "An order with this external reference already exists for "
                "this channel in this company."
            ),
        ),
    ]

    # --- Invoicing and payment fields ----------------------------------------
    o2c_instalment_line_ids = fields.Many2many(
        comodel_name="account.move.line",
        string="Instalments",
        compute="_compute_o2c_instalments",
        # journal items: for those who may read them (others see the amount)
        groups="sales_team.group_sale_salesman,account.group_account_invoice,"
        "account.group_account_readonly",
        help="Instalment schedule: the receivable items of the order's posted "
        "invoices and credit notes, with their due dates and what is left to pay.",
    )
    o2c_amount_open = fields.Monetary(
        string="Amount Open",
        compute="_compute_o2c_instalments",
        help="What the customer still owes on the order's posted invoices.",
    )
    o2c_invoice_error = fields.Text(
        string="Automatic Invoicing Error",
        readonly=True,
        copy=False,
        help="Why automatic invoicing failed for this order. The scheduled "
        "action skips the order until someone retries it.",
    )

    # --- Fulfilment (o2c.order.fulfilment) and control follow-ups -----------
    o2c_waiting_for = fields.Char(
        string="Waiting for",
        compute="_compute_o2c_waiting",
        help="Documents the delivery waits for: upstream transfers and, where "
        "those apps are installed, purchase and manufacturing orders.",
    )
    o2c_waiting_date = fields.Datetime(
        string="Expected Availability",
        compute="_compute_o2c_waiting",
        help="When the last document the delivery waits for is expected.",
    )
    o2c_delivered_date = fields.Date(
        string="Delivered on",
        compute="_compute_o2c_on_time",
        store=True,
        copy=False,
        help="Date the last delivery reached the customer (the carrier's "
        "report, else the shipping date), once everything is delivered.",
    )
    o2c_on_time = fields.Boolean(
        string="On Time",
        compute="_compute_o2c_on_time",
        store=True,
        copy=False,
        help="Delivered by the promised date (the promised delivery, else the "
        "delivery date, else the expected date). Set once delivered.",
    )
    o2c_days_late = fields.Integer(
        string="Days Late",
        compute="_compute_o2c_on_time",
        store=True,
        copy=False,
        aggregator="avg",
    )
    o2c_control_followup_ids = fields.One2many(
        comodel_name="o2c.control.followup",
        inverse_name="order_id",
        string="Reorders and Complaints",
        readonly=True,
        help="What the failed shipment controls of the order's deliveries "
        "reordered or claimed, and when it is expected.",
    )
    o2c_control_followup_count = fields.Integer(
        string="Reorders", compute="_compute_o2c_control_followup_count"
    )

    # --- Attention (work queues and the stage kanban) -----------------------
    o2c_is_late = fields.Boolean(
        string="Late",
        compute="_compute_o2c_attention",
        search="_search_o2c_is_late",
        help="Not delivered by the promised date yet, or an invoice of the "
        "order is overdue.",
    )
    o2c_is_blocked = fields.Boolean(
        string="Blocked",
        compute="_compute_o2c_attention",
        search="_search_o2c_is_blocked",
        help="On hold after the review, a delivery failed its control, or "
        "automatic invoicing failed: a person must act.",
    )
    o2c_attention_color = fields.Integer(
        string="Attention Color",
        compute="_compute_o2c_attention",
        help="Color of the order's card: red when blocked, orange when late.",
    )

    @api.model
    def _o2c_protected_fields(self):
        # the stage is derived; the review, the promise, delivery and
        # invoicing figures are the lifecycle's own records
        return super()._o2c_protected_fields() | {
            "o2c_stage",
            "o2c_stage_log_ids",
            "o2c_check_ids",
            "o2c_review_date",
            "o2c_review_fingerprint",
            "o2c_promised_date",
            "o2c_promised_date_previous",
            "o2c_promise_change_reason",
            "o2c_promise_checked_on",
            "o2c_notified_promised_date",
            "o2c_delivered_date",
            "o2c_on_time",
            "o2c_days_late",
            "o2c_invoice_error",
        }

    @api.model
    def _o2c_protected_hint(self, names):
        if "o2c_stage" in names:
            return self.env._(
                "The lifecycle stage is derived from the order's documents "
                "(order, transfers, invoices, payments)."
            )
        return super()._o2c_protected_hint(names)

    # ------------------------------------------------------------------
    # Stage derivation
    # ------------------------------------------------------------------
    @api.depends(
        "state",
        "amount_total",
        "o2c_check_ids.result",
        "o2c_check_ids.released",
        "order_line.product_uom_qty",
        "order_line.qty_delivered",
        "order_line.qty_invoiced",
        "order_line.qty_to_invoice",
        "picking_ids.state",
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.payment_state",
    )
    def _compute_o2c_stage(self):
        stage = self.env["o2c.order.stage"]
        for order in self:
            order.o2c_stage = stage._o2c_get_stage(order)

    @api.depends("state", "order_line.qty_delivered", "order_line.qty_delivered_method")
    def _compute_o2c_can_mark_services_rendered(self):
        for order in self:
            order.o2c_can_mark_services_rendered = order.state == "sale" and bool(
                order.order_line._o2c_services_to_mark_rendered()
            )

    def action_o2c_mark_services_rendered(self):
        """Record the services of the confirmed orders as rendered in full:
        the delivered quantity of each service still to render whose
        quantity a person records (not timesheets) becomes its ordered
        quantity, and the order moves on to invoicing. A service rendered in
        part is recorded on its line (*Delivered*), as in core. Returns True.
        """
        lines = self.filtered(lambda o: o.state == "sale").order_line
        lines = lines._o2c_services_to_mark_rendered()
        self._ensure_can_o2c_mark_services_rendered(lines)
        lines._o2c_mark_rendered()
        return True

    def _ensure_can_o2c_mark_services_rendered(self, lines):
        if not lines:
            raise UserError(
                self.env._(
                    "Only services of confirmed orders that are still to be "
                    "rendered and recorded by hand can be marked rendered."
                )
            )
        # the person records a delivered quantity, as on the line itself
        lines.check_access("write")

    def _o2c_customer_invoices(self):
        """Non-cancelled customer invoices and credit notes of the order.

        Called by the stage's steps and the instalments; extend it to count
        other documents (refunds of returns)."""
        return self.invoice_ids.filtered(lambda m: m.state != "cancel")

    # ------------------------------------------------------------------
    # Stage log: one row per stage entered, whatever caused the change.
    # ------------------------------------------------------------------
    def _compute_field_value(self, field):
        """Feed the stage log (``o2c.stage.log``). The ORM recomputes the
        stored stage whenever a document it depends on changes (see
        ``_compute_o2c_stage``'s dependencies), in whatever request, cron or
        portal call changed it: every transition seen here is queued by
        :meth:`o2c.stage.log._o2c_queue_transitions`, which writes the log
        rows at the commit of the transaction (as mail tracking does for
        computed fields) and then calls :meth:`_o2c_on_stage_change`; a
        rolled back transaction leaves no log row behind."""
        if field.name != "o2c_stage":
            return super()._compute_field_value(field)
        # the old value comes from the cache, or one query for the batch
        before = {order.id: order.o2c_stage for order in self if order.id}
        result = super()._compute_field_value(field)
        self.env["o2c.stage.log"]._o2c_queue_transitions(self, before)
        return result

    def _o2c_on_stage_change(self, previous_stages):
        """Hook called at the commit of a transaction, on the orders whose
        stage changed in it, as superuser (``self`` is sudoed), by
        ``o2c.stage.log._o2c_finalize_transitions`` once the log is written
        (for work that follows a stage change, such as a follow-up after
        delivery).

        :param dict previous_stages: order id -> stage before the transaction
            (``False`` for orders created in it).
        """
        return True

    @api.depends("o2c_stage_log_ids")
    def _compute_o2c_stage_log_count(self):
        data = self.env["o2c.stage.log"]._read_group(
            [("order_id", "in", self.ids)], ["order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in data}
        for order in self:
            order.o2c_stage_log_count = counts.get(order.id, 0)

    def action_view_o2c_stage_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_to_cash.o2c_stage_log_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"search_default_group_by_stage": 0}
        return action

    # --- Review, release and confirmation -------------------------------------
    # The doors are here; the work is in two services, read top to bottom:
    # o2c_order_review.py (checks, findings) then o2c_order_hold.py (release
    # requests, release, the confirmation guard).

    @api.depends("state")
    def _compute_o2c_can_review(self):
        for order in self:
            order.o2c_can_review = order.state in ("draft", "sent")

    @api.depends("state", "o2c_check_ids.result", "o2c_check_ids.released")
    @api.depends_context("uid")
    def _compute_o2c_can_release(self):
        for order in self:
            order.o2c_can_release = order.state in ("draft", "sent") and bool(
                order._o2c_releasable_checks()
            )

    def _ensure_can_o2c_review(self):
        if not self:
            raise UserError(
                self.env._("Only quotations (not confirmed yet) can be reviewed.")
            )
        self.check_access("write")

    def action_o2c_review(self):
        """Run the review checks on the quotations among ``self`` and
        refresh their findings (``o2c_check_ids``), promised delivery date
        and stage. Returns True."""
        orders = self.filtered(lambda order: order.state in ("draft", "sent"))
        orders._ensure_can_o2c_review()
        self.env["o2c.order.review"]._o2c_review(orders)
        return True

    def _ensure_can_o2c_release(self, reason):
        self.env["o2c.order.hold"]._o2c_ensure_can_release(self, reason)

    def action_o2c_release(self, reason):
        """Release the open review findings of the orders that the current
        user may decide on (credit findings: credit managers; price, terms
        and availability: sales managers). The reason is kept in the chatter;
        the release covers the order total reviewed, so a later increase is
        reviewed again. Returns True."""
        orders = self.filtered(
            lambda o: (
                o.state in ("draft", "sent") and o.o2c_check_ids.filtered("is_open")
            )
        )
        orders._ensure_can_o2c_release(reason)
        hold = self.env["o2c.order.hold"]
        for order in orders:
            hold._o2c_release(order, order._o2c_releasable_checks(), reason.strip())
        return True

    def _o2c_releasable_checks(self):
        """Open findings of the order the deciding user may release (the
        Release button's flag, the release wizard)."""
        return self.env["o2c.order.hold"]._o2c_releasable_checks(self)

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        hold = self.env["o2c.order.hold"]
        if error or not hold._o2c_is_held(self):
            return error
        return hold._o2c_hold_message(self)

    # Confirmation: one guard behind every door. The Confirm button and
    # action_confirm() over RPC, action_o2c_confirm(), a write or create of
    # the state, the portal's signature and payment, the intake's automatic
    # confirmation: all reach write(state="sale") or create(), which run
    # o2c.order.hold._o2c_confirmation_guard().

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # an order created confirmed went through no door but this one
        self.env["o2c.order.hold"]._o2c_confirmation_guard(
            orders.filtered(lambda o: o.state == "sale")
        )
        return orders

    def write(self, vals):
        if vals.get("state") == "sale":
            # a quotation, or a cancelled order written straight to "sale"
            quotations = self.filtered(lambda o: o.state != "sale")
            hold = self.env["o2c.order.hold"]
            hold._o2c_confirmation_guard(quotations)
            hold._o2c_use_confirmation_marks(quotations)
        return super().write(vals)

    def action_confirm(self):
        """Core's confirmation (XML-RPC, other addons): a held order is
        refused with a ``UserError`` naming the findings (see ``write``),
        which rolls back that review; :meth:`action_o2c_confirm` keeps it."""
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        self.env["o2c.order.hold"]._o2c_confirmation_guard(quotations)
        result = super().action_confirm()
        if not self.env.context.get("send_email"):
            self.env["o2c.order.mail"]._o2c_queue_confirmation_mail(
                quotations.filtered(
                    lambda o: o.state == "sale" and o.company_id.o2c_send_confirmation
                )
            )
        return result

    def _ensure_can_o2c_confirm(self):
        if not self:
            raise UserError(self.env._("Select the orders to confirm."))
        self.check_access("write")

    def action_o2c_confirm(self):
        """Confirm, keeping what the review finds (integrations, a button of
        another addon): like :meth:`action_confirm`, but the orders the
        review holds stay quotations with their findings, messages and release requests
        (refusing would roll them back), and the user is told with a
        notification; the others are confirmed. Held orders are never
        confirmed, whoever calls it."""
        self._ensure_can_o2c_confirm()
        hold = self.env["o2c.order.hold"]
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        hold._o2c_confirmation_review(quotations)
        held = quotations.filtered(lambda o: hold._o2c_is_held(o))
        rest = self - held
        result = rest.action_confirm() if rest else True
        if held:
            return hold._o2c_hold_notification(held)
        return result

    # Quotation sent: review --------------------------------------------------

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # core's send wizard marks the quotation sent with this key (see
        # sale.order.message_post): the review runs as when it is marked sent
        if self.env.context.get("mark_so_as_sent"):
            self.env["o2c.order.review"]._o2c_review(
                self.filtered(lambda o: o.state in ("draft", "sent"))
            )
        return message

    def action_quotation_sent(self):
        result = super().action_quotation_sent()
        self.env["o2c.order.review"]._o2c_review(self)
        return result

    # Portal: a held order cannot be signed or paid --------------------------------

    def _has_to_be_signed(self):
        return super()._has_to_be_signed() and self.o2c_stage != "hold"

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and self.o2c_stage != "hold"

    def _o2c_held_for_signature(self):
        """Review a quotation about to be signed in the portal as its
        confirmation would (``self`` is sudoed by the portal, its user is the
        customer's, who releases nothing); True when it is held, its
        findings and release requests kept. Called by the portal's
        ``portal_quote_accept`` (controllers/portal.py)."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            return False
        hold = self.env["o2c.order.hold"]
        hold._o2c_confirmation_review(self)
        return hold._o2c_is_held(self)

    # --- Intake (the service: o2c.order.intake) ------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to the order intake alias creates a draft quotation
        (channel e-mail) for the sender, which staff complete: the person
        responsible gets an activity to enter it. The mail and its
        attachments are posted on it by the mail gateway. See
        ``o2c.order.intake._o2c_email_intake``."""
        return self.env["o2c.order.intake"]._o2c_email_intake(msg_dict, custom_values)

    @api.model
    def o2c_submit_order(self, payload):
        """Create a quotation from an integration (shop, EDI, field sales).

        :param dict payload: ``channel``, ``external_ref``, ``partner`` (id,
            or dict with ``name``/``email``/``vat`` and address keys to find
            or create), ``lines`` (list of dicts with ``product`` id or
            internal reference, ``qty``, optional ``price_unit``), optional
            ``commitment_date`` (ISO date or datetime) and ``note``.
        :return: dict with ``id``, ``name``, ``state``, ``o2c_stage``,
            ``o2c_promised_date`` and ``checks`` (the review's findings).
            The same ``external_ref`` again returns the same order and
            creates nothing. Every bad payload raises a ``UserError`` or
            ``ValidationError`` naming the field, before anything is created.

        The work is done by ``o2c.order.intake._o2c_submit`` (payload
        checks, ``_prepare_o2c_intake_order_vals``), then the review.
        """
        self.check_access("create")
        return self.env["o2c.order.intake"]._o2c_submit(payload)

    # --- Attention (the service: o2c.order.attention) -------------------------
    # Computed when read (the kanban, the lists): no dependencies on the
    # transfers and invoices, so writing those costs no extra query.
    @api.depends(
        "o2c_stage", "o2c_promised_date", "commitment_date", "o2c_invoice_error"
    )
    def _compute_o2c_attention(self):
        self.env["o2c.order.attention"]._o2c_compute_attention(self)

    def _search_o2c_is_late(self, operator, value):
        return self.env["o2c.order.attention"]._o2c_search_late(operator, value)

    def _search_o2c_is_blocked(self, operator, value):
        return self.env["o2c.order.attention"]._o2c_search_blocked(operator, value)

    # --- Invoicing and payment -----------------------------------------------

    # Computed when read from the posted invoices' receivable items; what is
    # paid follows the reconciliations (account.partial.reconcile drops the
    # figure from the cache), not a dependency on the items' residuals.
    @api.depends("order_line.invoice_lines.move_id.state")
    def _compute_o2c_instalments(self):
        for order in self:
            # sudo: what is still open is a figure of the order for everyone
            # who reads it (a credit manager, the warehouse); the journal
            # items are given only to their readers (the field's groups)
            invoices = (
                order.sudo()
                ._o2c_customer_invoices()
                .filtered(lambda move: move.state == "posted")
            )
            lines = invoices.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            ).sorted(lambda line: (line.date_maturity or fields.Date.today(), line.id))
            order.o2c_instalment_line_ids = lines.with_env(self.env)
            order.o2c_amount_open = sum(lines.mapped("amount_residual_currency"))

    def _create_invoices(self, grouped=False, final=False, date=None):
        invoices = super()._create_invoices(grouped=grouped, final=final, date=date)
        # a new invoice settles a past automatic invoicing failure; sudo:
        # accounting staff invoicing an order may not write sales orders
        self.filtered("o2c_invoice_error").sudo()._o2c_action_write(
            {"o2c_invoice_error": False}
        )
        return invoices

    # Automatic invoicing: the scheduled action's entry; the work is in
    # o2c_order_invoicing.py (o2c.order.invoicing).

    @api.model
    def _o2c_cron_auto_invoice(self, batch_size=20):
        """Scheduled action *Order to Cash: automatic invoicing*
        (data/ir_cron_data.xml): see
        ``o2c.order.invoicing._o2c_cron_auto_invoice``."""
        return self.env["o2c.order.invoicing"]._o2c_cron_auto_invoice(batch_size)

    @api.model
    def _o2c_cron_check_promised_dates(self, batch_size=200):
        """Scheduled action *Order to Cash: check promised dates*
        (data/ir_cron_data.xml): see
        ``o2c.order.promise._o2c_cron_check_promised_dates``."""
        return self.env["o2c.order.promise"]._o2c_cron_check_promised_dates(batch_size)

    def action_o2c_retry_auto_invoice(self):
        """Clear the automatic invoicing error: the next run retries."""
        orders = self.filtered("o2c_invoice_error")
        orders._ensure_can_o2c_retry_auto_invoice()
        orders._o2c_action_write({"o2c_invoice_error": False})
        return True

    def _ensure_can_o2c_retry_auto_invoice(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only accounting staff can retry automatic invoicing.")
            )

    def action_o2c_create_invoices(self):
        """Invoice what the confirmed orders have to invoice now: products
        invoiced on order, and the delivered quantities of products invoiced
        on delivery. Draft invoices as *Create Invoice* makes them (one per
        company, customer and currency, down payments deducted); for
        integrations, as Odoo's invoicing wizard answers with a window
        action XML-RPC cannot carry.

        :return: list of the ids of the invoices created (``[]`` when there
            is nothing to invoice)
        """
        self._ensure_can_o2c_create_invoices()
        orders = self.filtered(lambda order: order.invoice_status == "to invoice")
        if not orders:
            return []
        return orders._create_invoices(final=True).ids

    def _ensure_can_o2c_create_invoices(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only accounting staff can create invoices."))
        if not self:
            raise UserError(self.env._("Select the orders to invoice."))
        self.check_access("read")
        unconfirmed = self.filtered(lambda order: order.state != "sale")
        if unconfirmed:
            raise UserError(
                self.env._(
                    "Only confirmed orders can be invoiced: %(orders)s is not.",
                    orders=", ".join(unconfirmed.mapped("name")),
                )
            )

    # --- Margin (sale_margin) ------------------------------------------------

    def _compute_margin(self):
        """sale_margin's margin of the order (the addon depends on it for
        the margin figures), without its query where the lines are in
        memory: an order created, confirmed or delivered in the transaction
        has its lines and their margins there, summed as sale_margin sums
        them for new records. Other orders: sale_margin's one query for the
        batch."""
        line_field = self._fields["order_line"]
        margin_field = self.env["sale.order.line"]._fields["margin"]
        cache = self.env.cache
        in_memory = self.filtered(
            lambda order: (
                order.id
                and cache.contains(order, line_field)
                and all(
                    cache.contains(line, margin_field)
                    or self.env.is_to_compute(margin_field, line)
                    for line in order.order_line
                )
            )
        )
        for order in in_memory:
            order.margin = sum(order.order_line.mapped("margin"))
            order.margin_percent = (
                order.amount_untaxed and order.margin / order.amount_untaxed
            )
        others = self - in_memory
        if others:
            return super(SaleOrder, others)._compute_margin()
        return None

    # --- The customer's mails (o2c.order.mail) ------------------------------
    def _send_order_confirmation_mail(self):
        result = super()._send_order_confirmation_mail()
        for order in self:
            # the confirmation told the customer the promised date
            order._o2c_action_write(
                {"o2c_notified_promised_date": order.o2c_promised_date}
            )
        return result

    def _get_confirmation_template(self):
        """The order-to-cash confirmation when the company sends it: see
        ``o2c.order.mail._o2c_confirmation_template``."""
        self.ensure_one()
        template = self.env["o2c.order.mail"]._o2c_confirmation_template(self)
        return template or super()._get_confirmation_template()

    def _mail_track(self, tracked_fields, initial_values):
        # the first date promised on a quotation is not tracked
        initial_values = self.env["o2c.order.mail"]._o2c_tracked_initial_values(
            self, initial_values
        )
        return super()._mail_track(tracked_fields, initial_values)

    def _track_template(self, changes):
        """An updated confirmation goes to the customer when the promised
        date of a confirmed order changes: see
        ``o2c.order.mail._o2c_confirmation_update``."""
        result = super()._track_template(changes)
        update = self.env["o2c.order.mail"]._o2c_confirmation_update(self[:1], changes)
        if update:
            result["o2c_promised_date"] = update
        return result

    # --- Fulfilment (o2c.order.fulfilment) and control follow-ups -----------
    @api.depends(
        "picking_ids.state",
        "picking_ids.date_done",
        "picking_ids.o2c_delivered_date",
        "o2c_promised_date",
        "commitment_date",
        "expected_date",
    )
    def _compute_o2c_on_time(self):
        self.env["o2c.order.fulfilment"]._o2c_compute_on_time(self)

    @api.depends("picking_ids.move_ids.state", "picking_ids.move_ids.move_orig_ids")
    def _compute_o2c_waiting(self):
        self.env["o2c.order.fulfilment"]._o2c_compute_waiting(self)

    @api.depends("o2c_control_followup_ids")
    def _compute_o2c_control_followup_count(self):
        for order in self:
            order.o2c_control_followup_count = len(order.o2c_control_followup_ids)

    def action_view_o2c_control_followups(self):
        """The reorders and complaints of the order's failed controls."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "order_to_cash.o2c_control_followup_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        return action
