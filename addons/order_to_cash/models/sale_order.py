# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .o2c_stage_log import O2C_STAGES

# Key of the transaction's pre-commit data holding, per order id, the stage the
# order had when its stage was first recomputed in the current transaction.
STAGE_LOG_KEY = "order_to_cash.stage_log"


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
