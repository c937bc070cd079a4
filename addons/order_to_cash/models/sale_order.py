# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare

from .o2c_stage_log import O2C_STAGES

# Key of the transaction's pre-commit data holding, per order id, the stage the
# order had when its stage was first recomputed in the current transaction.
STAGE_LOG_KEY = "order_to_cash.stage_log"

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._o2c_check_stage_not_written(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._o2c_check_stage_not_written(vals)
        return super().write(vals)

    @api.model
    def _o2c_check_stage_not_written(self, vals):
        if "o2c_stage" in vals:
            raise UserError(
                self.env._(
                    "The lifecycle stage is derived from the order's documents "
                    "(order, transfers, invoices, payments) and cannot be set "
                    "by hand."
                )
            )

    # ------------------------------------------------------------------
    # Stage derivation
    # ------------------------------------------------------------------
    @api.depends(
        "state",
        "amount_total",
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
        """Stage of a quotation (not confirmed yet)."""
        return "intake"

    def _o2c_get_delivery_stage(self):
        """``confirmed``/``production``/``shipping`` while goods are to be
        delivered, ``False`` when delivery is complete or not needed."""
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
        return self.order_line.invoice_lines.move_id.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund") and m.state != "cancel"
            )
        )

    # ------------------------------------------------------------------
    # Stage log: one row per stage entered, whatever caused the change.
    # The stored stage is recomputed by the ORM whenever a document it
    # depends on changes; each transition seen there is queued in the
    # transaction's pre-commit data and written to the log when the
    # transaction commits (as mail tracking does for computed fields), so a
    # rolled back transaction leaves no log row behind.
    # ------------------------------------------------------------------
    def _compute_field_value(self, field):
        if field.name != "o2c_stage" or self.env.context.get("o2c_stage_log_disable"):
            return super()._compute_field_value(field)
        # the old value comes from the cache, or one query for the batch
        before = {order.id: order.o2c_stage for order in self if order.id}
        result = super()._compute_field_value(field)
        self._o2c_stage_log_queue(before)
        return result

    def _o2c_stage_log_queue(self, before):
        now = fields.Datetime.now()
        transitions = [
            {
                "order_id": order.id,
                "previous": before[order.id],
                "stage": order.o2c_stage,
                "date": now,
                "uid": self.env.uid,
            }
            for order in self
            if order.id in before and order.o2c_stage != before[order.id]
        ]
        if not transitions:
            return
        precommit = self.env.cr.precommit
        if STAGE_LOG_KEY not in precommit.data:
            precommit.add(self._o2c_stage_log_finalize)
        precommit.data.setdefault(STAGE_LOG_KEY, []).extend(transitions)

    def _o2c_stage_log_finalize(self):
        transitions = self.env.cr.precommit.data.pop(STAGE_LOG_KEY, [])
        if not transitions:
            return
        # sudo: the lifecycle's bookkeeping is written whoever caused the
        # change (a portal customer paying, a cron, a warehouse user), and
        # nobody may write it by hand.
        orders = (
            self.env["sale.order"]
            .sudo()
            .browse({t["order_id"] for t in transitions})
            .exists()
        )
        by_order = {}
        for transition in transitions:
            if transition["order_id"] in orders._ids:
                by_order.setdefault(transition["order_id"], []).append(transition)
        logs = self.env["o2c.stage.log"].sudo()
        open_logs = logs.search(
            [("order_id", "in", list(by_order)), ("date_end", "=", False)]
        )
        current = {log.order_id.id: log for log in open_logs}
        for order in orders.filtered(lambda o: o.id in by_order):
            queued = by_order[order.id]
            if queued[-1]["stage"] != order.o2c_stage:
                # changes undone by a rollback to a (non-flushing) savepoint
                # were queued too: keep one transition to the actual stage
                queued = by_order[order.id] = [
                    dict(
                        queued[-1],
                        stage=order.o2c_stage,
                        previous=queued[0]["previous"],
                    )
                ]
            log = current.get(order.id)
            if log and len(queued) == 1 and log.stage == queued[0]["stage"]:
                del by_order[order.id]
            elif log:
                log.date_end = queued[0]["date"]
        vals_list = []
        for order_id, order_transitions in by_order.items():
            for index, transition in enumerate(order_transitions):
                following = order_transitions[index + 1 : index + 2]
                vals_list.append(
                    {
                        "order_id": order_id,
                        "stage": transition["stage"],
                        "date_start": transition["date"],
                        "date_end": following and following[0]["date"] or False,
                        "user_id": transition["uid"],
                    }
                )
        logs.create(vals_list)
        previous = {
            order_id: order_transitions[0]["previous"]
            for order_id, order_transitions in by_order.items()
            if order_transitions[-1]["stage"] != order_transitions[0]["previous"]
        }
        if previous:
            orders.browse(list(previous))._o2c_on_stage_change(previous)
        self.env.flush_all()

    def _o2c_on_stage_change(self, previous_stages):
        """Hook called at the commit of a transaction, on the orders whose
        stage changed in it, as superuser (``self`` is sudoed).

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
            pickings = order._o2c_outgoing_pickings()
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
            invoices = order._o2c_customer_invoices().filtered(
                lambda move: move.state == "posted"
            )
            lines = invoices.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            ).sorted(lambda line: (line.date_maturity or fields.Date.today(), line.id))
            order.o2c_instalment_line_ids = lines
            order.o2c_amount_open = sum(lines.mapped("amount_residual_currency"))

    def _create_invoices(self, grouped=False, final=False, date=None):
        invoices = super()._create_invoices(grouped=grouped, final=final, date=date)
        # a new invoice settles a past automatic invoicing failure; sudo:
        # accounting staff invoicing an order may not write sales orders
        self.filtered("o2c_invoice_error").sudo().o2c_invoice_error = False
        return invoices

    @api.model
    def _o2c_auto_invoice_query(self):
        """Confirmed orders with something to invoice, of the companies that
        invoice automatically, not waiting for a person after a failure."""
        return SQL(
            """
            SELECT sale_order.id
              FROM sale_order
              JOIN res_company company ON company.id = sale_order.company_id
             WHERE sale_order.state = 'sale'
               AND sale_order.invoice_status = 'to invoice'
               AND sale_order.o2c_invoice_error IS NULL
               AND company.o2c_auto_invoice
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
        self.env.cr.execute(
            SQL(
                "%s ORDER BY sale_order.id LIMIT %s "
                "FOR UPDATE OF sale_order SKIP LOCKED",
                query,
                batch_size,
            )
        )
        orders = self.browse([row[0] for row in self.env.cr.fetchall()])
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
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM (%s) AS todo", query))
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(orders), remaining=remaining)
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
        self.o2c_invoice_error = message
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Automatic invoicing failed"),
            note=message,
            user_id=self.user_id.id or self.env.user.id,
        )

    def action_o2c_retry_auto_invoice(self):
        """Clear the automatic invoicing error: the next run retries."""
        orders = self.filtered("o2c_invoice_error")
        orders._ensure_can_o2c_retry_auto_invoice()
        orders.o2c_invoice_error = False
        return True

    def _ensure_can_o2c_retry_auto_invoice(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only accounting staff can retry automatic invoicing.")
            )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _o2c_is_deliverable(self):
        """Whether the line ships goods (services skip the shipping steps)."""
        self.ensure_one()
        return (
            not self.display_type
            and not self.is_downpayment
            and self.product_id.type == "consu"
        )

    def _o2c_is_fully_delivered(self):
        self.ensure_one()
        return (
            float_compare(
                self.qty_delivered,
                self.product_uom_qty,
                precision_rounding=self.product_uom.rounding or 0.01,
            )
            >= 0
        )

    def _o2c_has_qty_to_invoice(self):
        self.ensure_one()
        if self.display_type:
            return False
        rounding = self.product_uom.rounding or 0.01
        return float_compare(self.qty_to_invoice, 0.0, precision_rounding=rounding) > 0
