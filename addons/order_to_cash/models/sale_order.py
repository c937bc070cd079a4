# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import logging
from datetime import timedelta

from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.tools import (
    SQL,
    float_compare,
    format_date,
    formatLang,
)

from ..tools.o2c_batch import lock_batch, notify_remaining
from ..tools.o2c_input import (
    o2c_html_text,
    o2c_text,
)
from ..tools.o2c_mail import o2c_notifier
from .o2c_order_check import CHECK_RESULTS
from .o2c_sale_channel import O2C_CHANNELS
from .o2c_stage_log import (
    O2C_STAGES,
    STAGE_LOG_KEY,  # noqa: F401 (imported by hooks.py)
)

# Severity of review results, to keep the worst finding.
RESULT_SEVERITY = {
    result: index for index, (result, _label) in enumerate(CHECK_RESULTS)
}

# Key of the transaction's pre-commit data holding, per order id, the
# fingerprint of an order reviewed for its confirmation in the running call
# (see _o2c_mark_reviewed_for_confirmation).
REVIEWED_KEY = "order_to_cash.reviewed"

# Demo orders, by the stage they end in; found again by their customer's
# reference (client_order_ref) by the satellite addons' demo data.
DEMO_REF = "O2C-DEMO-%s"

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
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

    # --- Fulfilment fields ---------------------------------------------------
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
        for order in self:
            order.o2c_stage = order._o2c_get_stage()

    def _o2c_get_stage(self):
        """Return the first lifecycle step of the order that is not complete.

        Each step is a small hook returning a stage or ``False`` when the step
        is complete, so that other addons can refine one step without
        rewriting the whole derivation.
        """
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        if self.state in ("draft", "sent"):
            return self._o2c_get_quotation_stage()
        return (
            self._o2c_get_delivery_stage()
            or self._o2c_get_invoicing_stage()
            or self._o2c_get_payment_stage()
            or "done"
        )

    def _o2c_get_quotation_stage(self):
        """Stage of a quotation (not confirmed yet): ``hold`` while a
        blocking review finding is not released, ``review`` while a warning
        waits for a person, else ``intake`` (not reviewed yet, or all ok or
        released)."""
        open_checks = self.o2c_check_ids.filtered("is_open")
        if open_checks._o2c_open_blocking():
            return "hold"
        if open_checks:
            return "review"
        return "intake"

    def _o2c_get_delivery_stage(self):
        """``confirmed``/``production``/``shipping`` while goods are to be
        delivered, ``False`` when delivery is complete or not needed."""
        if self.delivery_status == "full":
            # sale_stock's stored status: every transfer of the order is done
            # or cancelled, one is done (the lines and transfers, returns
            # included, need not be read again)
            return False
        goods = self.order_line.filtered(lambda line: line._o2c_is_deliverable())
        if not goods:
            return False
        # Returns are followed by their own process: they never reopen the
        # order's delivery step.
        pickings = self.picking_ids.filtered(
            lambda p: not p.return_id and p.state != "cancel"
        )
        open_pickings = pickings.filtered(lambda p: p.state != "done")
        if not open_pickings:
            if pickings or all(line._o2c_is_fully_delivered() for line in goods):
                return False
            return "confirmed"
        if len(open_pickings) < len(pickings) or any(
            p.state == "assigned" for p in open_pickings
        ):
            return "shipping"
        return "production"

    def _o2c_get_invoicing_stage(self):
        """``invoicing`` while something is left to invoice, else ``False``."""
        invoices = self._o2c_customer_invoices()
        if any(move.state == "draft" for move in invoices):
            return "invoicing"
        if any(line._o2c_has_qty_to_invoice() for line in self.order_line):
            return "invoicing"
        if not any(move.state == "posted" for move in invoices) and not (
            self.currency_id.is_zero(self.amount_total)
        ):
            return "invoicing"
        return False

    def _o2c_get_payment_stage(self):
        """``payment`` while a posted invoice is not fully paid, else ``False``."""
        paid_states = self._o2c_paid_states()
        for move in self._o2c_customer_invoices():
            if move.state == "posted" and move.payment_state not in paid_states:
                return "payment"
        return False

    @api.model
    def _o2c_paid_states(self):
        """Payment states of an invoice that count as fully settled."""
        return ("paid", "reversed")

    def _o2c_customer_invoices(self):
        """Non-cancelled customer invoices and credit notes of the order."""
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
        (o2c_aftersales schedules its follow-ups here).

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

    # --- Intake and review ---------------------------------------------------

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

    # Review -----------------------------------------------------------------

    def _o2c_review_checks(self):
        """The checks of the review, in order.

        Each is a method of the order (``self`` is one order) returning a list
        of finding values: dicts with ``check_type``, ``result`` (``ok``,
        ``warning``, ``blocking``), ``message`` and optionally ``line_id``.
        Extend with ``super()`` to add checks (add the check type to
        ``o2c.order.check.check_type`` with ``selection_add``).
        """
        return [
            self._o2c_check_credit,
            self._o2c_check_availability,
            self._o2c_check_price,
            self._o2c_check_terms,
        ]

    @api.model
    def _o2c_release_groups(self):
        """XML id of the group allowed to release findings, per check type."""
        return {
            "credit": "order_to_cash.group_o2c_credit_manager",
            "availability": "sales_team.group_sale_manager",
            "price": "sales_team.group_sale_manager",
            "terms": "sales_team.group_sale_manager",
        }

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
        orders._o2c_review()
        return True

    def _o2c_review(
        self,
        auto_confirm=True,
        notify_customer=True,
        recheck=False,
        released_by_user=False,
    ):
        """Run the checks, keep the releases that still cover the order,
        tell the people concerned and, for clean orders from the chosen
        channels, confirm them.

        :param bool auto_confirm: confirm clean orders of the channels the
            company chose
        :param bool notify_customer: e-mail a new promised date at once
            (at confirmation, the confirmation e-mail carries it instead)
        :param bool recheck: run only the checks of
            :meth:`_o2c_confirmation_rechecks` (the order is unchanged since
            its last full review); the findings of the other checks stay
        :param bool released_by_user: the caller releases, in the current
            user's name, the blocking findings that user may all release
            (a confirmation by such a person): no release is requested then
        """
        # the review posts messages itself: not as "quotation sent" ones
        orders = self.with_context(mark_so_as_sent=False)
        now = fields.Datetime.now()
        for order in orders:
            order = order.with_company(order.company_id)
            previous = order.o2c_check_ids
            previously_open = {
                (check.check_type, check.line_id.id)
                for check in previous._o2c_open_blocking()
            }
            all_checks = order._o2c_review_checks()
            vals_list = []
            for check in order._o2c_confirmation_rechecks() if recheck else all_checks:
                for vals in check():
                    vals_list.append(
                        {
                            "order_id": order.id,
                            "company_id": order.company_id.id,
                            "sequence": all_checks.index(check),
                            "amount_reviewed": order.amount_total,
                            "date": now,
                            **vals,
                        }
                    )
            checks = order._o2c_store_findings(vals_list, previous)
            if not recheck:
                order._o2c_action_write(
                    {
                        "o2c_review_date": now,
                        "o2c_review_fingerprint": order._o2c_review_fingerprint(),
                    }
                )
            new_blocking = checks._o2c_open_blocking().filtered(
                lambda c, known=previously_open: (
                    (c.check_type, c.line_id.id) not in known
                )
            )
            if new_blocking and not (
                released_by_user
                and checks._o2c_open_blocking() <= order._o2c_releasable_checks()
            ):
                order._o2c_request_release(new_blocking)
            if previously_open and not checks._o2c_open_blocking():
                # the hold found before is gone: so are its release activities
                order._o2c_close_release_activities()
            if notify_customer or not order.company_id.o2c_send_confirmation:
                order._o2c_notify_promised_date()
        if auto_confirm:
            orders._o2c_auto_confirm()

    def _o2c_store_findings(self, vals_list, previous):
        """Replace the findings of the check types in ``vals_list`` by these
        values; a finding found again unchanged keeps its record (only its
        date moves). Returns all findings of the order."""
        self.ensure_one()
        self._o2c_carry_releases(vals_list, previous)
        rerun = {vals["check_type"] for vals in vals_list}
        replaced = previous.filtered(lambda c: c.check_type in rerun)

        def key(check_type, line_id, result, message, released, amount):
            message = message or ""
            return (check_type, line_id or False, result, message, released, amount)

        unchanged = {
            key(
                c.check_type,
                c.line_id.id,
                c.result,
                c.message,
                c.released,
                c.amount_reviewed,
            ): c
            for c in replaced
        }
        kept = self.env["o2c.order.check"]
        to_create = []
        for vals in vals_list:
            match = unchanged.pop(
                key(
                    vals["check_type"],
                    vals.get("line_id"),
                    vals["result"],
                    vals["message"],
                    vals.get("released", False),
                    vals["amount_reviewed"],
                ),
                None,
            )
            if match:
                kept |= match
            else:
                to_create.append(vals)
        # sudo: findings are the review's own records; users only read them
        kept.sudo()._o2c_action_write(
            {"date": vals_list[0]["date"] if vals_list else False}
        )
        (replaced - kept).sudo().unlink()
        created = self.env["o2c.order.check"].sudo()._o2c_action_create(to_create)
        return (previous - replaced) | kept | created.with_env(self.env)

    def _o2c_confirmation_rechecks(self):
        """Checks run again at confirmation on an order unchanged since a
        recent full review: the credit situation moves with every order and
        payment of the customer, so it is always checked again."""
        return [self._o2c_check_credit]

    def _o2c_review_fingerprint(self):
        """Digest of what the review looks at on the order itself."""
        self.ensure_one()
        values = (
            self.company_id.id,
            self.partner_id.id,
            self.partner_invoice_id.id,
            self.partner_shipping_id.id,
            self.pricelist_id.id,
            self.payment_term_id.id,
            self.currency_id.id,
            self.warehouse_id.id,
            str(self.commitment_date or ""),
            self.amount_total,
            [
                (
                    line.id,
                    line.product_id.id,
                    line.product_uom.id,
                    line.product_uom_qty,
                    line.price_unit,
                    line.discount,
                    line.display_type or "",
                )
                for line in self.order_line
            ],
        )
        return hashlib.sha256(repr(values).encode()).hexdigest()

    def _o2c_review_is_current(self):
        """The last full review is recent (company setting) and the order
        has not changed since: at confirmation, only the credit is checked
        again."""
        self.ensure_one()
        minutes = self.company_id.o2c_review_validity_minutes
        return bool(
            minutes > 0
            and self.o2c_review_date
            and fields.Datetime.now() - self.o2c_review_date
            <= timedelta(minutes=minutes)
            and self.o2c_review_fingerprint == self._o2c_review_fingerprint()
        )

    def _o2c_carry_releases(self, vals_list, previous):
        """Keep a release on a new finding of the same kind when the order
        total does not exceed the amount that was released."""
        self.ensure_one()
        released = {
            (check.check_type, check.line_id.id): check
            for check in previous
            if check.released and check.result != "ok"
        }
        for vals in vals_list:
            old = released.get((vals["check_type"], vals.get("line_id", False)))
            if (
                not old
                or vals["result"] == "ok"
                or RESULT_SEVERITY[vals["result"]] > RESULT_SEVERITY[old.result]
                or self.currency_id.compare_amounts(
                    vals["amount_reviewed"], old.amount_reviewed
                )
                > 0
            ):
                continue
            vals.update(
                released=True,
                release_user_id=old.release_user_id.id,
                release_date=old.release_date,
                release_reason=old.release_reason,
                amount_reviewed=old.amount_reviewed,
            )

    def _o2c_finding(self, check_type, result, message, line=None):
        return {
            "check_type": check_type,
            "result": result,
            "message": message,
            "line_id": line.id if line else False,
        }

    def _o2c_format_amount(self, amount, currency=None):
        return formatLang(self.env, amount, currency_obj=currency or self.currency_id)

    def _o2c_check_credit(self):
        """Exposure (open receivables + confirmed, uninvoiced orders) plus
        this order against the credit limit; overdue invoices and other
        reasons of the customer block too. A constant number of queries
        whatever the customer's history."""
        self.ensure_one()
        company = self.company_id
        partner = self.partner_id.commercial_partner_id.with_company(company)
        findings = [
            self._o2c_finding("credit", "blocking", reason)
            for reason in partner._o2c_credit_block_reasons()
        ]
        limit = partner._o2c_credit_limits(company).get(partner.id, 0.0)
        if limit:
            exposure = partner._o2c_credit_exposure_by_partner(
                company, partner.ids, exclude_orders=self.ids
            )[partner.id]
            amount = self.currency_id._convert(
                self.amount_total,
                company.currency_id,
                company,
                (self.date_order or fields.Datetime.now()).date(),
            )
            if company.currency_id.compare_amounts(exposure + amount, limit) > 0:
                findings.append(
                    self._o2c_finding(
                        "credit",
                        "blocking",
                        self.env._(
                            "Credit limit exceeded: exposure %(exposure)s plus "
                            "this order %(amount)s is above the limit of "
                            "%(limit)s.",
                            exposure=self._o2c_format_amount(
                                exposure, company.currency_id
                            ),
                            amount=self._o2c_format_amount(amount, company.currency_id),
                            limit=self._o2c_format_amount(limit, company.currency_id),
                        ),
                    )
                )
            elif not findings:
                findings.append(
                    self._o2c_finding(
                        "credit",
                        "ok",
                        self.env._(
                            "Within the credit limit: %(available)s left after "
                            "this order.",
                            available=self._o2c_format_amount(
                                limit - exposure - amount, company.currency_id
                            ),
                        ),
                    )
                )
        if not findings:
            findings.append(
                self._o2c_finding(
                    "credit", "ok", self.env._("No credit limit or block applies.")
                )
            )
        return findings

    def _o2c_check_availability(self):
        """Per line of storable goods: can the quantity be delivered on the
        requested date? Otherwise the next possible date from the forecast.
        Sets the promised delivery date of the lines and of the order."""
        self.ensure_one()
        lines = self.order_line.filtered(lambda line: line._o2c_needs_stock())
        short_result = (
            "blocking" if self.company_id.o2c_availability_blocking else "warning"
        )
        findings = []
        promised = {}
        for line in lines:
            requested = line.scheduled_date or fields.Datetime.now()
            available = line.virtual_available_at_date
            rounding = line.product_uom.rounding or 0.01
            if (
                float_compare(
                    available, line.product_uom_qty, precision_rounding=rounding
                )
                >= 0
            ):
                promised[line] = requested
                continue
            next_date = line._o2c_next_possible_date(requested)
            promised[line] = next_date
            values = {
                "product": line.product_id.display_name,
                "qty": formatLang(self.env, line.product_uom_qty),
                "uom": line.product_uom.name,
                "date": format_date(self.env, requested),
                "available": formatLang(self.env, max(available, 0.0)),
            }
            if next_date:
                message = self.env._(
                    "%(product)s: %(qty)s %(uom)s requested for %(date)s, "
                    "%(available)s available then; next possible delivery "
                    "on %(next_date)s.",
                    next_date=format_date(self.env, next_date),
                    **values,
                )
            else:
                message = self.env._(
                    "%(product)s: %(qty)s %(uom)s requested for %(date)s, "
                    "%(available)s available then, and no supply is planned: "
                    "no delivery date can be promised yet.",
                    **values,
                )
            findings.append(
                self._o2c_finding("availability", short_result, message, line)
            )
        for line in self.order_line:
            line._o2c_action_write({"o2c_promised_date": promised.get(line, False)})
        if lines and all(promised.values()):
            order_promise = max(promised.values())
        elif lines:
            order_promise = False
        else:
            order_promise = self.commitment_date or False
        self._o2c_action_write({"o2c_promised_date": order_promise})
        if not findings:
            findings.append(
                self._o2c_finding(
                    "availability",
                    "ok",
                    self.env._("Every line can be delivered on the requested date.")
                    if lines
                    else self.env._("No goods to deliver from stock."),
                )
            )
        return findings

    def _o2c_check_price(self):
        """Unit prices below the pricelist price beyond the allowed discount
        need a sales manager. Lines Odoo does not price from the pricelist
        (sections, notes, down payments, delivery charges, rewards) are no
        price findings, nor are lines the pricelist gives away; a combo is
        checked as a whole (see :meth:`SaleOrderLine._o2c_is_price_checked`
        and :meth:`SaleOrderLine._o2c_prices`)."""
        self.ensure_one()
        allowed = self.company_id.o2c_max_discount
        findings = []
        for line in self.order_line.filtered(
            lambda line: line.product_uom_qty > 0 and line._o2c_is_price_checked()
        ):
            net_price, list_price = line._o2c_prices()
            if self.currency_id.is_zero(list_price) or list_price < 0:
                continue
            floor = list_price * (1.0 - allowed / 100.0)
            if self.currency_id.compare_amounts(net_price, floor) >= 0:
                continue
            findings.append(
                self._o2c_finding(
                    "price",
                    "blocking",
                    self.env._(
                        "%(product)s: net unit price %(price)s is %(discount)s %% "
                        "below the pricelist price %(list_price)s (allowed: "
                        "%(allowed)s %%).",
                        product=line.product_id.display_name,
                        price=self._o2c_format_amount(net_price),
                        discount=formatLang(
                            self.env, (1.0 - net_price / list_price) * 100.0, digits=1
                        ),
                        list_price=self._o2c_format_amount(list_price),
                        allowed=formatLang(self.env, allowed, digits=1),
                    ),
                    line,
                )
            )
        if not findings:
            findings.append(
                self._o2c_finding(
                    "price", "ok", self.env._("Prices are within the allowed discount.")
                )
            )
        return findings

    def _o2c_check_terms(self):
        """Payment terms and a complete delivery address for goods."""
        self.ensure_one()
        findings = []
        if not self.payment_term_id:
            findings.append(
                self._o2c_finding(
                    "terms",
                    "warning",
                    self.env._(
                        "No payment terms: the invoice would be due immediately."
                    ),
                )
            )
        shipping = self.partner_shipping_id
        if any(line._o2c_is_deliverable() for line in self.order_line) and not (
            shipping.street and shipping.city and shipping.country_id
        ):
            findings.append(
                self._o2c_finding(
                    "terms",
                    "warning",
                    self.env._(
                        "The delivery address %(partner)s is incomplete "
                        "(street, city and country are needed).",
                        partner=shipping.display_name,
                    ),
                )
            )
        if not findings:
            findings.append(
                self._o2c_finding(
                    "terms",
                    "ok",
                    self.env._("Payment terms and delivery address are set."),
                )
            )
        return findings

    # Hold and release ---------------------------------------------------------

    def _o2c_releasable_checks(self):
        """Open findings of the order the deciding user may release (see
        :meth:`_o2c_deciding_user`)."""
        self.ensure_one()
        groups = self._o2c_release_groups()
        user = self._o2c_deciding_user()
        return self.o2c_check_ids.filtered(
            lambda check: (
                check.is_open
                and check.check_type in groups
                and user.has_group(groups[check.check_type])
            )
        )

    def _o2c_deciding_user(self):
        """The person who decides on a release: the user of the HTTP
        request when one is logged in, else the environment's user (a
        scheduled action, the shell). Portal routes act for the customer
        with the superuser (``_document_check_access``): the customer, or
        the public user, is the one deciding there, and releases nothing."""
        if request and request.env.uid:
            return request.env.user
        return self.env.user

    def _o2c_release_users(self, check_type):
        """Internal users of the order's company allowed to release a
        finding of ``check_type``, the responsible one first."""
        self.ensure_one()
        group = self.env.ref(self._o2c_release_groups()[check_type])
        # sudo: the salesperson's review must find who decides, whatever
        # the salesperson may read of users and groups
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.id),
                ],
                order="id",
            )
        )
        if check_type == "credit":
            first = self.company_id.o2c_credit_responsible_id & users
        else:
            first = self.team_id.user_id & users
        return first | users

    def _o2c_request_release(self, checks):
        """Message and activity to the people who can release ``checks``."""
        self.ensure_one()
        notifier, author = self._o2c_notifier()
        for check_type in dict.fromkeys(checks.mapped("check_type")):
            type_checks = checks.filtered(lambda c, t=check_type: c.check_type == t)
            users = self._o2c_release_users(check_type)
            findings = "\n".join(type_checks.mapped("message"))
            notifier.message_post(
                body=self.env._(
                    "On hold: %(findings)s Please review and release the order "
                    "or agree the next steps with the customer.",
                    findings=findings,
                ),
                partner_ids=users.partner_id.ids,
                subtype_xmlid="mail.mt_note",
                **author,
            )
            responsible = users[:1]
            if not responsible:
                continue
            activity_type = self.env.ref("order_to_cash.mail_activity_o2c_release")
            if self.activity_ids.filtered(
                lambda a, u=responsible, t=activity_type: (
                    a.activity_type_id == t and a.user_id == u
                )
            ):
                continue
            notifier.activity_schedule(
                "order_to_cash.mail_activity_o2c_release",
                user_id=responsible.id,
                summary=self.env._(
                    "Decide on the held order (%(check)s)",
                    check=dict(
                        type_checks._fields["check_type"]._description_selection(
                            self.env
                        )
                    )[check_type],
                ),
                note=o2c_html_text(findings),
            )

    def _o2c_notifier(self):
        """The order to post the lifecycle's own notices and activities
        with, and the author values of its messages (see
        :func:`~.o2c_mail.o2c_notifier`)."""
        self.ensure_one()
        return o2c_notifier(self, self.company_id)

    def _o2c_close_release_activities(self, feedback=None):
        self.ensure_one()
        activities = self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("order_to_cash.mail_activity_o2c_release")
            )
        )
        if activities:
            # sudo: closing the request is part of the release or the
            # review, whoever the activity was assigned to
            activities.sudo().action_feedback(feedback=feedback or False)

    def _ensure_can_o2c_release(self, reason):
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._("Give the reason of the release (field: reason).")
            )
        o2c_text(self.env, reason, "reason", size=2000, required=True)
        if not self:
            raise UserError(
                self.env._("These orders have no open review finding to release.")
            )
        # read, not write: credit managers decide on orders they may read
        # without editing them (no write access on sale.order); the group is
        # checked per finding below, the note posted with sudo on release
        self.check_access("read")
        for order in self:
            if not order._o2c_releasable_checks():
                groups = self._o2c_release_groups()
                needed = {
                    self.env.ref(groups[check.check_type]).full_name
                    for check in order.o2c_check_ids.filtered("is_open")
                    if check.check_type in groups
                }
                raise AccessError(
                    self.env._(
                        "You may not release order %(order)s: its findings "
                        "need a member of %(groups)s.",
                        order=order.name,
                        groups=", ".join(sorted(needed)),
                    )
                )

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
        for order in orders:
            order._o2c_release(order._o2c_releasable_checks(), reason.strip())
        return True

    def _o2c_release(self, checks, reason):
        """Release ``checks`` of the order in the current user's name (the
        caller made sure the user may) and keep the reason in the chatter."""
        self.ensure_one()
        # sudo: findings are written by the review and the release only
        checks.sudo()._o2c_action_write(
            {
                "released": True,
                "release_user_id": self._o2c_deciding_user().id,
                "release_date": fields.Datetime.now(),
                "release_reason": reason,
            }
        )
        # sudo: posting needs write access on the order, which a credit
        # manager has not (see _ensure_can_o2c_release); the note stays theirs
        self.sudo().message_post(
            author_id=self._o2c_deciding_user().partner_id.id,
            body=self.env._(
                "Released up to %(amount)s: %(findings)s Reason: %(reason)s",
                amount=self._o2c_format_amount(self.amount_total),
                findings="\n".join(checks.mapped("message")),
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if not self.o2c_check_ids._o2c_open_blocking():
            self._o2c_close_release_activities(feedback=reason)

    def _o2c_is_held(self):
        """Blocking finding not released, or released for a smaller total."""
        self.ensure_one()
        return any(
            check.result == "blocking"
            and (
                not check.released
                or self.currency_id.compare_amounts(
                    self.amount_total, check.amount_reviewed
                )
                > 0
            )
            for check in self.o2c_check_ids
        )

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or not self._o2c_is_held():
            return error
        return self._o2c_hold_message()

    def _o2c_hold_message(self):
        self.ensure_one()
        held = self.o2c_check_ids.filtered(lambda c: c.result == "blocking")
        return self.env._(
            "Order %(order)s is on hold until its review findings are released "
            "(for the current total): %(findings)s",
            order=self.name,
            findings=" ".join(held.mapped("message")),
        )

    # Confirmation: one guard behind every door ---------------------------------
    # The button, action_confirm() over RPC, a write or create of the state,
    # the portal's signature and payment, the intake's automatic confirmation:
    # all reach write(state="sale"), which runs _o2c_confirmation_guard().

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # an order created confirmed went through no door but this one
        orders.filtered(lambda o: o.state == "sale")._o2c_confirmation_guard()
        return orders

    def write(self, vals):
        if vals.get("state") == "sale":
            # a quotation, or a cancelled order written straight to "sale"
            quotations = self.filtered(lambda o: o.state != "sale")
            quotations._o2c_confirmation_guard()
            # the confirmation's review is used up: the next one reviews again
            reviewed = self.env.cr.precommit.data.get(REVIEWED_KEY, {})
            for order_id in quotations.ids:
                reviewed.pop(order_id, None)
        return super().write(vals)

    def action_confirm(self):
        if self.env.context.get("o2c_hold_notification"):
            # The web client's Confirm button. The key changes only how a
            # refusal is shown (a notification that keeps the review's
            # findings and release requests, instead of an error that would
            # roll them back): held orders are refused all the same.
            return self.with_context(
                o2c_hold_notification=False
            )._o2c_confirm_or_notify()
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        quotations._o2c_confirmation_guard()
        result = super().action_confirm()
        if not self.env.context.get("send_email"):
            quotations.filtered(
                lambda o: o.state == "sale" and o.company_id.o2c_send_confirmation
            )._send_order_confirmation_mail()
        return result

    def _o2c_confirm_or_notify(self):
        """Confirm button of the web client: like ``action_confirm()``, but
        the orders the review holds stay quotations with their findings,
        messages and release requests (refusing would roll them back), and
        the user is told; the others are confirmed."""
        quotations = self.filtered(lambda o: o.state in ("draft", "sent"))
        quotations._o2c_confirmation_review()
        held = quotations.filtered(lambda o: o._o2c_is_held())
        rest = self - held
        result = rest.action_confirm() if rest else True
        if held:
            return held._o2c_hold_notification()
        return result

    def _o2c_confirmation_guard(self):
        """Refuse to confirm the orders the review holds: reviewed for the
        confirmation first (see :meth:`_o2c_confirmation_review`)."""
        self._o2c_confirmation_review()
        for order in self:
            if order._o2c_is_held():
                raise UserError(order._o2c_hold_message())

    def _o2c_confirmation_review(self):
        """Review the orders for their confirmation, unless they were
        reviewed for it in the running call as they are now (see
        :meth:`_o2c_mark_reviewed_for_confirmation`).
        A held order whose blocking findings the current user may all
        release is released by that user: a person who may release it
        confirms it directly."""
        reviewed = self.env.cr.precommit.data.get(REVIEWED_KEY, {})
        stale = self.filtered(
            lambda o: reviewed.get(o.id) != o._o2c_review_fingerprint()
        )
        # a person who may release everything is asked for nothing
        stale._o2c_review_before_confirm(released_by_user=True)
        stale._o2c_mark_reviewed_for_confirmation()
        for order in self:
            blocking = order.o2c_check_ids._o2c_open_blocking()
            if blocking and blocking <= order._o2c_releasable_checks():
                order._o2c_release(
                    blocking,
                    self.env._("Confirmed by a person who may release."),
                )

    def _o2c_mark_reviewed_for_confirmation(self):
        """The orders were reviewed for their confirmation in the running
        call, as they are now: confirming them in this call (before their
        state is written) reviews nothing again. A mark is used up by the
        write of the state, and worth nothing once the order changes."""
        reviewed = self.env.cr.precommit.data.setdefault(REVIEWED_KEY, {})
        for order in self:
            reviewed[order.id] = order._o2c_review_fingerprint()

    def _o2c_review_before_confirm(self, released_by_user=False):
        """Credit and stock may have moved since the review: review the
        quotations again, only the credit of those unchanged since a recent
        review. The confirmation e-mail tells the promised date.

        :param bool released_by_user: see :meth:`_o2c_review`
        """
        current = self.filtered(lambda o: o._o2c_review_is_current())
        current._o2c_review(
            auto_confirm=False,
            notify_customer=False,
            recheck=True,
            released_by_user=released_by_user,
        )
        (self - current)._o2c_review(
            auto_confirm=False,
            notify_customer=False,
            released_by_user=released_by_user,
        )

    def _o2c_hold_notification(self):
        """Client action telling the user the orders were put on hold."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("On hold: not confirmed"),
                "message": self.env._(
                    "The review put %(orders)s on hold: %(findings)s The people "
                    "who can release it have been notified.",
                    orders=", ".join(self.mapped("name")),
                    findings=" ".join(
                        self.o2c_check_ids._o2c_open_blocking().mapped("message")
                    ),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _o2c_auto_confirm(self):
        """Confirm clean orders of the channels the company chose."""
        clean = self.filtered(
            lambda o: (
                o.state in ("draft", "sent")
                and o.company_id.o2c_auto_confirm
                and o.o2c_channel
                in o.company_id.o2c_auto_confirm_channel_ids.mapped("code")
                and o.o2c_check_ids
                and all(check.result == "ok" for check in o.o2c_check_ids)
                and any(not line.display_type for line in o.order_line)
            )
        )
        if clean:
            # reviewed just now by the caller (_o2c_review)
            clean._o2c_mark_reviewed_for_confirmation()
            clean.action_confirm()

    # Quotation sent: review --------------------------------------------------

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if self.env.context.get("mark_so_as_sent"):
            self.filtered(lambda o: o.state in ("draft", "sent"))._o2c_review()
        return message

    def action_quotation_sent(self):
        result = super().action_quotation_sent()
        self._o2c_review()
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
        findings and release requests kept."""
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            return False
        self._o2c_confirmation_review()
        return self._o2c_is_held()

    # Promised date and confirmations -------------------------------------------

    def _o2c_notify_promised_date(self):
        """Tell the customer at once the date the review could promise when
        stock is short (once per date)."""
        self.ensure_one()
        if (
            not self.company_id.o2c_notify_availability
            or not self.o2c_promised_date
            or self.o2c_promised_date == self.o2c_notified_promised_date
            or not self.o2c_check_ids.filtered(
                lambda c: c.check_type == "availability" and c.result != "ok"
            )
        ):
            return
        template = self.env.ref("order_to_cash.mail_template_o2c_availability")
        self._send_order_notification_mail(template)
        self._o2c_action_write({"o2c_notified_promised_date": self.o2c_promised_date})

    def _send_order_confirmation_mail(self):
        result = super()._send_order_confirmation_mail()
        for order in self:
            # the confirmation told the customer the promised date
            order._o2c_action_write(
                {"o2c_notified_promised_date": order.o2c_promised_date}
            )
        return result

    def _get_confirmation_template(self):
        """The order-to-cash confirmation (promised date per line, prices)
        when the company sends it: for orders its staff confirm, and when a
        confirmed order is sent again. A customer's own confirmation in the
        portal (signature, online payment: Odoo confirms those with
        ``send_email``) gets the template of the Sales settings, as in Odoo;
        so does every confirmation when the company sends none of its own.
        The context key chooses the text of the mail only."""
        self.ensure_one()
        if (
            self.env.context.get("send_email")
            or not self.company_id.o2c_send_confirmation
        ):
            return super()._get_confirmation_template()
        template = self.env.ref(
            "order_to_cash.mail_template_o2c_confirmation", raise_if_not_found=False
        )
        return template or super()._get_confirmation_template()

    def _mail_track(self, tracked_fields, initial_values):
        # The first date the review promises on a quotation is no news for
        # the chatter (the findings and the confirmation carry it): only a
        # promise that moves, or one given to a confirmed order, is tracked
        # (and tells the customer, see _track_template).
        if (
            "o2c_promised_date" in initial_values
            and not initial_values["o2c_promised_date"]
            and self.state in ("draft", "sent")
        ):
            initial_values = dict(initial_values)
            del initial_values["o2c_promised_date"]
        return super()._mail_track(tracked_fields, initial_values)

    def _track_template(self, changes):
        """An updated confirmation goes to the customer when the promised
        date of a confirmed order changes (sent with the tracking, at the
        end of the transaction)."""
        result = super()._track_template(changes)
        order = self[:1]
        if (
            "o2c_promised_date" in changes
            and order.state == "sale"
            and order.o2c_promised_date
            and order.o2c_promised_date != order.o2c_notified_promised_date
            and order.company_id.o2c_send_confirmation
        ):
            # sudo: the marker is bookkeeping of what the customer was told;
            # flushed here as this runs at the commit, after the last flush
            order.sudo()._o2c_action_write(
                {"o2c_notified_promised_date": order.o2c_promised_date}
            )
            order.sudo().flush_recordset(["o2c_notified_promised_date"])
            result["o2c_promised_date"] = (
                self.env.ref("order_to_cash.mail_template_o2c_confirmation_update"),
                {
                    "composition_mode": "comment",
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_comment"
                    ),
                    "email_layout_xmlid": (
                        "mail.mail_notification_layout_with_responsible_signature"
                    ),
                },
            )
        return result

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

    # --- Attention -----------------------------------------------------------
    # Kanban color indexes (web's ColorList): 1 red, 2 orange.
    _O2C_COLOR_BLOCKED = 1
    _O2C_COLOR_LATE = 2

    @api.model
    def _o2c_delivery_stages(self):
        """Stages in which the order waits for its delivery."""
        return ("confirmed", "production", "shipping")

    # Computed when read (the kanban, the lists): no dependencies on the
    # transfers and invoices, so writing those costs no extra query.
    @api.depends(
        "o2c_stage", "o2c_promised_date", "commitment_date", "o2c_invoice_error"
    )
    def _compute_o2c_attention(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        for order in self:
            order.o2c_is_late = order._o2c_get_is_late(now, today)
            order.o2c_is_blocked = order._o2c_get_is_blocked()
            if order.o2c_is_blocked:
                order.o2c_attention_color = self._O2C_COLOR_BLOCKED
            elif order.o2c_is_late:
                order.o2c_attention_color = self._O2C_COLOR_LATE
            else:
                order.o2c_attention_color = 0

    def _o2c_get_is_late(self, now, today):
        """Hook: is the order late (kept in line with ``_search_o2c_is_late``)."""
        self.ensure_one()
        if self.o2c_stage in self._o2c_delivery_stages():
            deadline = self.o2c_promised_date or self.commitment_date
            return bool(deadline and deadline < now)
        if self.o2c_stage == "payment":
            return any(
                move.state == "posted"
                and move.move_type == "out_invoice"
                and move.payment_state in ("not_paid", "partial")
                and move.invoice_date_due
                and move.invoice_date_due < today
                for move in self.invoice_ids
            )
        return False

    def _o2c_get_is_blocked(self):
        """Hook: does the order wait for a person's decision (kept in line
        with ``_search_o2c_is_blocked``)."""
        self.ensure_one()
        return bool(
            self.o2c_stage == "hold"
            or self.o2c_invoice_error
            or any(
                picking.o2c_control_state == "failed"
                and picking.state not in ("done", "cancel")
                for picking in self.picking_ids
            )
        )

    def _o2c_search_boolean(self, operator, value, domain):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._(
                    "Operation not supported: %(operator)s %(value)s.",
                    operator=operator,
                    value=value,
                )
            )
        positive = (operator == "=") == value
        return domain if positive else ["!", *domain]

    def _search_o2c_is_late(self, operator, value):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        domain = [
            "|",
            "&",
            ("o2c_stage", "in", self._o2c_delivery_stages()),
            "|",
            ("o2c_promised_date", "<", now),
            "&",
            ("o2c_promised_date", "=", False),
            ("commitment_date", "<", now),
            "&",
            ("o2c_stage", "=", "payment"),
            (
                "order_line.invoice_lines.move_id",
                "any",
                [
                    ("state", "=", "posted"),
                    ("move_type", "=", "out_invoice"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", today),
                ],
            ),
        ]
        return self._o2c_search_boolean(operator, value, domain)

    def _search_o2c_is_blocked(self, operator, value):
        domain = [
            "|",
            "|",
            ("o2c_stage", "=", "hold"),
            ("o2c_invoice_error", "!=", False),
            (
                "picking_ids",
                "any",
                [
                    ("o2c_control_state", "=", "failed"),
                    ("state", "not in", ("done", "cancel")),
                ],
            ),
        ]
        return self._o2c_search_boolean(operator, value, domain)

    # --- Fulfilment ----------------------------------------------------------
    def _o2c_outgoing_pickings(self):
        """The order's deliveries to the customer (no returns, not cancelled)."""
        return self.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and not p.return_id
                and p.state != "cancel"
            )
        )

    def _o2c_get_promised_date(self):
        """The date promised to the customer: the promised delivery, else the
        delivery date agreed on the order, else the expected date."""
        self.ensure_one()
        return self.o2c_promised_date or self.commitment_date or self.expected_date

    @api.depends(
        "picking_ids.state",
        "picking_ids.date_done",
        "picking_ids.o2c_delivered_date",
        "o2c_promised_date",
        "commitment_date",
        "expected_date",
    )
    def _compute_o2c_on_time(self):
        for order in self:
            # a quotation has no transfers yet: not read
            pickings = order.state == "sale" and order._o2c_outgoing_pickings()
            if not pickings or any(p.state != "done" for p in pickings):
                order.o2c_delivered_date = False
                order.o2c_on_time = False
                order.o2c_days_late = 0
                continue
            delivered = max(p._o2c_get_delivered_date() for p in pickings)
            promised = order._o2c_get_promised_date()
            days_late = 0
            if promised:
                promised_day = pickings[:1]._o2c_local_date(promised)
                days_late = max((delivered - promised_day).days, 0)
            order.o2c_delivered_date = delivered
            order.o2c_on_time = not days_late
            order.o2c_days_late = days_late

    @api.depends("picking_ids.move_ids.state", "picking_ids.move_ids.move_orig_ids")
    def _compute_o2c_waiting(self):
        for order in self:
            documents = order._o2c_get_waiting_documents()
            order.o2c_waiting_for = (
                ", ".join(record.display_name for record in documents) or False
            )
            dates = [date for date in documents.values() if date]
            order.o2c_waiting_date = max(dates) if dates else False

    def _o2c_get_waiting_documents(self):
        """Documents the order's open deliveries wait for, found through the
        stock moves: upstream transfers (move_orig_ids chains), and purchase
        and manufacturing orders where those apps are installed.

        :return: dict record -> expected datetime (or False), in the order
            they were found
        """
        self.ensure_one()
        done_states = ("done", "cancel")
        moves = self._o2c_outgoing_pickings().move_ids.filtered(
            lambda m: m.state not in done_states + ("assigned",)
        )
        upstream = self.env["stock.move"]
        frontier = moves
        while frontier:
            frontier = (
                frontier.move_orig_ids.filtered(lambda m: m.state not in done_states)
                - upstream
            )
            upstream |= frontier
        documents = {}
        move_fields = self.env["stock.move"]._fields
        for move in moves | upstream:
            if "created_purchase_line_ids" in move_fields:
                for line in move.created_purchase_line_ids:
                    if line.order_id.state not in ("done", "cancel"):
                        documents.setdefault(line.order_id, line.date_planned)
            if "purchase_line_id" in move_fields and move.purchase_line_id:
                line = move.purchase_line_id
                documents.setdefault(line.order_id, line.date_planned)
            for field_name in ("created_production_id", "production_id"):
                if field_name in move_fields and move[field_name]:
                    production = move[field_name]
                    if production.state not in done_states:
                        documents.setdefault(production, production.date_finished)
        for picking in upstream.picking_id:
            documents.setdefault(picking, picking.scheduled_date)
        return documents

    # --- Invoicing and payment -----------------------------------------------

    @api.depends(
        "order_line.invoice_lines.move_id.state",
        "order_line.invoice_lines.move_id.line_ids.amount_residual_currency",
    )
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

    @api.model
    def _o2c_auto_invoice_query(self):
        """Confirmed orders with something to invoice, of the companies that
        invoice automatically, not waiting for a person after a failure.

        The company's history is left alone: orders dated (confirmed) before
        its *Invoice Orders From* date are for a person, until included."""
        return SQL(
            """
            SELECT sale_order.id
              FROM sale_order
              JOIN res_company company ON company.id = sale_order.company_id
             WHERE sale_order.state = 'sale'
               AND sale_order.invoice_status = 'to invoice'
               AND sale_order.o2c_invoice_error IS NULL
               AND company.o2c_auto_invoice
               AND (company.o2c_auto_invoice_start_date IS NULL
                    OR sale_order.date_order
                       >= company.o2c_auto_invoice_start_date)
            """
        )

    @api.model
    def _o2c_cron_auto_invoice(self, batch_size=20):
        """Scheduled action: invoice, post and email what is invoiceable.

        One batch of orders per call; the cron commits after each call and
        calls again while ``remaining`` is reported. The orders of the batch
        are locked (``FOR UPDATE SKIP LOCKED``) so a second worker takes
        other orders; an invoiced order is no longer "to invoice", so a
        rerun invoices nothing twice. A failing order is rolled back to its
        savepoint, gets an activity with the error and is skipped until
        someone retries it; the batch goes on.
        """
        self.env.flush_all()
        query = self._o2c_auto_invoice_query()
        rows = lock_batch(self.env.cr, query, "sale_order", batch_size)
        orders = self.browse([row[0] for row in rows])
        invoices = self.env["account.move"]
        for order in orders:
            try:
                with self.env.cr.savepoint():
                    invoices |= order.with_company(order.company_id)._o2c_auto_invoice()
            except Exception as error:  # noqa: BLE001 - shown to a person
                _logger.warning(
                    "Automatic invoicing of %s failed: %s", order.name, error
                )
                order._o2c_auto_invoice_failed(error)
        notify_remaining(self.env, query, len(orders))
        return invoices

    def _o2c_auto_invoice(self):
        """Invoice what the order has to invoice, post and email the invoice."""
        self.ensure_one()
        invoices = self._create_invoices(final=True)
        invoices.action_post()
        invoices._o2c_send_invoices()
        return invoices

    def _o2c_auto_invoice_failed(self, error):
        self.ensure_one()
        message = tools.exception_to_unicode(error)
        self._o2c_action_write({"o2c_invoice_error": message})
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Automatic invoicing failed"),
            # HTML: the error may repeat customer data (names, addresses)
            note=o2c_html_text(message),
            user_id=self.user_id.id or self.env.user.id,
        )

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

    # --- Demo data ------------------------------------------------------------

    @api.model
    def _o2c_demo_order(self, stage):
        """The demo order that ends in ``stage`` (demo data only)."""
        return self.search(
            [("client_order_ref", "=", DEMO_REF % stage.upper())], limit=1
        )

    @api.model
    def _o2c_demo_create_lifecycle(self):
        """Demo mode: one order in every lifecycle stage, made through the
        real actions (review, release, confirm, control, deliver, invoice,
        remind, pay) so a newcomer sees the whole process at once.

        Called once by the addon's demo data, as the superuser.
        """
        if self._o2c_demo_order("done"):
            return True
        company = self.env.ref("base.main_company")
        orders_model = self.with_company(company).with_context(
            tracking_disable=True, mail_notrack=True
        )
        env = orders_model.env
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        term = env.ref("account.account_payment_term_30days")
        germany = env.ref("base.de")
        partner_vals = {
            "street": "Industriestraße 12",
            "zip": "70565",
            "city": "Stuttgart",
            "country_id": germany.id,
            "property_payment_term_id": term.id,
            "is_company": True,
        }
        customers = env["res.partner"].create(
            [
                {
                    **partner_vals,
                    "name": name,
                    "email": email,
                }
                for name, email in (
                    (
                        "Müller Maschinenbau GmbH",
                        "einkauf@mueller-maschinenbau.example.com",
                    ),
                    (
                        "Schneider Elektrotechnik AG",
                        "bestellung@schneider-et.example.com",
                    ),
                    ("Becker Antriebe KG", "service@becker-antriebe.example.com"),
                )
            ]
        )
        newcomer = env["res.partner"].create(
            {
                "name": "Weber Werkstatt (Neukunde)",
                "email": "info@weber-werkstatt.example.com",
                "city": "Ulm",
            }
        )
        # the demo goods have their own category, and their stock comes in
        # through an inventory adjustment (stock moves and valuation like
        # real goods): what Odoo's own demo data shows per category (stock,
        # valuation) is left as it was
        category = env["product.category"].create({"name": "Order to Cash (Demo)"})
        product_vals = {
            "type": "consu",
            "is_storable": True,
            "invoice_policy": "delivery",
            "categ_id": category.id,
        }
        bearing, shaft, special = env["product.product"].create(
            [
                {
                    **product_vals,
                    "name": "Kugellager 6204-2RS",
                    "default_code": "DEMO-KL-6204",
                    "list_price": 12.5,
                    "standard_price": 6.8,
                },
                {
                    **product_vals,
                    "name": "Antriebswelle 20 mm",
                    "default_code": "DEMO-WE-20",
                    "list_price": 48.0,
                    "standard_price": 29.0,
                },
                {
                    **product_vals,
                    "name": "Sondergetriebe SG-500",
                    "default_code": "DEMO-SG-500",
                    "list_price": 1850.0,
                    "standard_price": 1210.0,
                },
            ]
        )
        env["stock.quant"].with_context(inventory_mode=True).create(
            [
                {
                    "product_id": product.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "inventory_quantity": 500,
                }
                for product in bearing | shaft
            ]
        ).action_apply_inventory()
        shipping_product = env["product.product"].create(
            {
                "name": "Versand DHL Paket",
                "default_code": "DEMO-SHIP-DHL",
                "type": "service",
                "categ_id": category.id,
                "list_price": 6.9,
                "standard_price": 4.1,
                "invoice_policy": "order",
                "sale_ok": False,
            }
        )
        carrier = env["delivery.carrier"].create(
            {
                "name": "DHL Paket (Demo)",
                "delivery_type": "fixed",
                "fixed_price": 6.9,
                "product_id": shipping_product.id,
                "tracking_url": "https://www.dhl.de/de/privatkunden/dhl-sendungsverfolgung.html"
                "?piececode=<shipmenttrackingnumber>",
            }
        )
        main, second, third = customers
        today = fields.Date.context_today(orders_model)

        def order(stage, partner, lines, **values):
            shipped = values.pop("shipped", False)
            result = orders_model.create(
                {
                    "partner_id": partner.id,
                    "client_order_ref": DEMO_REF % stage.upper(),
                    "o2c_channel": values.pop("channel", "email"),
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty, **extra}
                        )
                        for product, qty, extra in lines
                    ],
                    **values,
                }
            )
            if shipped:
                result.set_delivery_line(carrier, carrier.fixed_price)
            return result

        def ship(orders):
            pickings = orders.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
            pickings.action_assign()
            for control in pickings.o2c_control_ids:
                control.is_done = True
            for move in pickings.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            pickings.action_o2c_control_pass()
            pickings.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=pickings.ids
            ).button_validate()
            pickings.carrier_tracking_ref = "00340434161234567890"

        # intake: entered, not reviewed yet
        order("intake", main, [(bearing, 40, {})], channel="phone")
        # review: the newcomer has neither payment terms nor a full address
        review = order("review", newcomer, [(shaft, 5, {})], channel="web")
        review.action_o2c_review()
        # hold: a price far below the pricelist waits for a sales manager
        hold = order(
            "hold", second, [(shaft, 20, {"price_unit": 30.0})], channel="field_sales"
        )
        hold.action_o2c_review()
        # production: nothing in stock, the delivery waits for the goods
        production = order("production", third, [(special, 1, {})], channel="post")
        production.action_confirm()
        # shipping: ready, but the control failed
        shipping = order(
            "shipping", main, [(bearing, 60, {}), (shaft, 4, {})], shipped=True
        )
        shipping.action_confirm()
        shipping.picking_ids.action_assign()
        shipping.picking_ids.action_o2c_control_fail(
            "Zwei Lager mit Korrosionsspuren, Ersatz angefordert."
        )
        # invoicing: delivered, not invoiced yet
        invoicing = order(
            "invoicing", second, [(bearing, 25, {})], channel="shop", shipped=True
        )
        invoicing.action_confirm()
        ship(invoicing)
        # payment: invoiced 45 days ago, overdue, first reminder sent
        payment = order("payment", third, [(shaft, 10, {})], shipped=True)
        payment.action_confirm()
        ship(payment)
        invoice = payment._create_invoices()
        invoice.invoice_date = today - timedelta(days=45)
        invoice.action_post()
        level = env["o2c.reminder.level"].search(
            [("company_id", "in", (company.id, False))], order="sequence, id", limit=1
        )
        if level:
            invoice._o2c_send_reminder(level, today)
        # done: delivered, invoiced and paid
        done = order("done", main, [(bearing, 100, {}), (shaft, 10, {})], shipped=True)
        done.action_confirm()
        ship(done)
        invoice = done._create_invoices()
        invoice.action_post()
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        return True
