# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

O2C_STAGES = [
    ("intake", "Intake"),
    ("review", "Review"),
    ("hold", "On Hold"),
    ("confirmed", "Confirmed"),
    ("production", "Production"),
    ("shipping", "Shipping"),
    ("invoicing", "Invoicing"),
    ("payment", "Payment"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

# Key of the transaction's pre-commit data holding the stage transitions
# queued by sale.order._compute_field_value (see
# O2cStageLog._o2c_queue_transitions).
STAGE_LOG_KEY = "order_to_cash.stage_log"

# One statement for the whole log, raw SQL as it is the lifecycle's
# bookkeeping at every stage change (the ORM would need a read, a write and
# an insert): which orders still exist (deleted ones drop out) and their
# stage now; the end of their open row when they left its stage; a row per
# stage entered, unless the order is still in the stage of its open row
# (back in it after a single change; changes undone by a rollback to a
# savepoint were queued too). When the last stage queued is not the stage
# now (such a rollback), one row from the first change to the stage now.
# Durations in hours, rounded as stored (0 while in the stage). Answers the
# orders logged and their stage now.
_STAGE_LOG_SQL = """
WITH steps(order_id, idx, stage, date_start, uid) AS (VALUES %(steps)s),
     target AS (
         SELECT q.*, so.o2c_stage AS stage,
                so.company_id, so.partner_id, so.user_id,
                EXISTS(SELECT 1 FROM o2c_stage_log open_log
                        WHERE open_log.order_id = q.order_id
                          AND open_log.date_end IS NULL) AS has_open_row
           FROM (SELECT order_id,
                        COUNT(*) AS transitions,
                        (ARRAY_AGG(stage ORDER BY idx DESC))[1] AS last_stage,
                        (ARRAY_AGG(date_start ORDER BY idx))[1] AS date_end
                   FROM steps GROUP BY order_id) q
           JOIN sale_order so ON so.id = q.order_id),
     closed AS (
         UPDATE o2c_stage_log log
            SET date_end = t.date_end,
                duration_hours = %(closed_hours)s,
                write_uid = %(uid)s,
                write_date = %(now)s
           FROM target t
          WHERE log.order_id = t.order_id
            AND log.date_end IS NULL
            AND (log.stage != t.stage
                 OR (t.transitions > 1 AND t.last_stage = t.stage))
      RETURNING log.order_id),
     logged AS (
         SELECT t.*, t.last_stage = t.stage AS as_queued
           FROM target t
          WHERE NOT t.has_open_row
             OR t.order_id IN (SELECT order_id FROM closed)),
     ended AS (
         SELECT s.*, LEAD(s.date_start) OVER (
                    PARTITION BY s.order_id ORDER BY s.idx) AS date_end
           FROM steps s),
     inserted AS (
         INSERT INTO o2c_stage_log (
             order_id, company_id, partner_id, salesperson_id,
             stage, date_start, date_end, duration_hours,
             user_id, create_uid, create_date, write_uid, write_date)
         SELECT l.order_id, l.company_id, l.partner_id, l.user_id,
                CASE WHEN l.as_queued THEN s.stage ELSE l.stage END,
                s.date_start,
                CASE WHEN l.as_queued THEN s.date_end END,
                CASE WHEN l.as_queued AND s.date_end IS NOT NULL
                     THEN %(step_hours)s ELSE 0 END,
                s.uid, %(uid)s, %(now)s, %(uid)s, %(now)s
           FROM logged l
           JOIN ended s ON s.order_id = l.order_id
          WHERE l.as_queued OR s.idx = 0)
SELECT DISTINCT order_id, stage FROM logged
"""


class O2cStageLog(models.Model):
    """One row per stage an order entered, whatever caused the change (web
    client, RPC, cron, a picking or payment elsewhere).

    Nobody writes it: ``sale.order._compute_field_value`` queues each
    transition of the stored stage (:meth:`_o2c_queue_transitions`) and the
    rows are written in one statement when the transaction commits
    (:meth:`_o2c_finalize_transitions`).
    """

    _name = "o2c.stage.log"
    _description = "Order to Cash Stage Log"
    _inherit = ["o2c.guarded.mixin"]  # noqa: RUF012 (Odoo's declaration)
    _order = "date_start desc, id desc"
    _rec_name = "stage"

    @api.model
    def _o2c_protected_fields(self):
        # the log is written by the stage changes only
        return super()._o2c_protected_fields() | {
            name
            for name, field in self._fields.items()
            if field.store and not field.automatic
        }

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id",
        string="Customer",
        store=True,
        readonly=True,
    )
    salesperson_id = fields.Many2one(
        related="order_id.user_id",
        string="Salesperson",
        store=True,
        readonly=True,
    )
    stage = fields.Selection(
        selection=O2C_STAGES, required=True, index=True, readonly=True
    )
    date_start = fields.Datetime(
        string="Entered", required=True, readonly=True, index=True
    )
    date_end = fields.Datetime(string="Left", readonly=True)
    duration_hours = fields.Float(
        string="Hours in Stage",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Hours between entering and leaving the stage; 0 while the "
        "order is still in it.",
    )
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        search="_search_is_current",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Changed by",
        readonly=True,
        help="User whose action moved the order into this stage.",
    )

    @api.depends("date_end")
    def _compute_is_current(self):
        for log in self:
            log.is_current = not log.date_end

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        current = (operator == "=") == bool(value)
        return [("date_end", "=" if current else "!=", False)]

    # ------------------------------------------------------------------
    # Writing the log: queued during the transaction, written at commit
    # ------------------------------------------------------------------
    @api.model
    def _o2c_queue_transitions(self, orders, before):
        """Queue the stage changes of ``orders`` for the log.

        Called by ``sale.order._compute_field_value`` each time the ORM
        recomputes the stored ``o2c_stage``, with the stages the orders had
        before (``{order id: stage}``); the first call of a transaction
        registers :meth:`_o2c_finalize_transitions` to run at its commit."""
        now = fields.Datetime.now()
        transitions = [
            {
                "order_id": order.id,
                "previous": before[order.id],
                "stage": order.o2c_stage,
                "date": now,
                "uid": self.env.uid,
            }
            for order in orders
            if order.id in before and order.o2c_stage != before[order.id]
        ]
        if not transitions:
            return
        precommit = self.env.cr.precommit
        if STAGE_LOG_KEY not in precommit.data:
            precommit.add(self._o2c_finalize_transitions)
        precommit.data.setdefault(STAGE_LOG_KEY, []).extend(transitions)

    @api.model
    def _o2c_finalize_transitions(self):
        """Write the transitions queued in the transaction (run by the
        cursor's pre-commit hooks, registered by
        :meth:`_o2c_queue_transitions`), then call
        ``sale.order._o2c_on_stage_change`` on the orders that moved on.

        Written as superuser (raw SQL): whoever caused the change (a portal
        customer paying, a cron, a warehouse user), and nobody may write the
        log by hand."""
        transitions = self.env.cr.precommit.data.pop(STAGE_LOG_KEY, [])
        if not transitions:
            return
        self.env["sale.order"].flush_model(["o2c_stage"])
        self.flush_model()
        by_order = {}
        for transition in transitions:
            by_order.setdefault(transition["order_id"], []).append(transition)
        rows = self.env.execute_query(self._o2c_stage_log_sql(by_order))
        self.invalidate_model()
        self.env["sale.order"].invalidate_model(
            ["o2c_stage_log_ids", "o2c_stage_log_count"]
        )
        # the orders that moved on in the transaction: the hook's business
        previous = {
            order_id: by_order[order_id][0]["previous"]
            for order_id, stage in rows
            if stage != by_order[order_id][0]["previous"]
        }
        if previous:
            self.env["sale.order"].sudo().browse(sorted(previous))._o2c_on_stage_change(
                previous
            )
        self.env.flush_all()

    @api.model
    def _o2c_stage_log_sql(self, by_order):
        """The statement writing the log (``_STAGE_LOG_SQL``) for the
        transitions queued, per order in the order they happened."""
        steps = SQL(", ").join(
            SQL(
                "(%s::int, %s::int, %s::varchar, %s::timestamp, %s::int)",
                order_id,
                index,
                transition["stage"],
                transition["date"],
                transition["uid"],
            )
            for order_id, order_transitions in by_order.items()
            for index, transition in enumerate(order_transitions)
        )

        def hours(date_end, date_start):
            return SQL(
                "ROUND(EXTRACT(EPOCH FROM %s - %s) / 3600.0, 2)", date_end, date_start
            )

        return SQL(
            _STAGE_LOG_SQL,
            steps=steps,
            closed_hours=hours(SQL("t.date_end"), SQL("log.date_start")),
            step_hours=hours(SQL("s.date_end"), SQL("s.date_start")),
            uid=self.env.uid,
            now=self.env.cr.now(),
        )
