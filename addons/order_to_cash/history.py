# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install into a company with history.

The addon adds stored, computed fields to existing documents (the lifecycle
stage and the delivery figures of orders, the control fields of transfers).
Left to the ORM, installing would compute them for every record at once, in
Python, holding the whole history in memory, and its stage log and tracking
would record the install as the moment every old order entered its stage
(and write a "Control: To Control" note on every past delivery).

Here the columns are created and derived in SQL before the ORM sees them, in
batches of order ids (bounded memory, whatever the size of the history), as
the computes of the addon derive them; after the install, the stage history
of the orders found is written from their documents' own dates: created,
confirmed, delivered, invoiced, paid. Nothing is written to the chatter.

``tests/test_history.py`` checks each derivation against the ORM's own
computation on orders in every stage.
"""

import logging
import time

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# orders per statement: bounded work per statement on a large history
BATCH = 20000


def o2c_init_control_fields(cr, picking_ids=None):
    """Derive ``o2c_control_required`` of operation types and transfers and
    ``o2c_control_state`` of transfers as their computes do (outgoing types
    require the control; a transfer of such a type to a customer location
    requires it and starts "todo"), in SQL: no tracking, no chatter.

    :param picking_ids: limit the transfers derived (all by default)
    """
    cr.execute(
        """
        ALTER TABLE stock_picking_type
            ADD COLUMN IF NOT EXISTS o2c_control_required boolean;
        ALTER TABLE stock_picking
            ADD COLUMN IF NOT EXISTS o2c_control_required boolean,
            ADD COLUMN IF NOT EXISTS o2c_control_state varchar;
        UPDATE stock_picking_type
           SET o2c_control_required = (code = 'outgoing')
         WHERE o2c_control_required IS NULL;
        """
    )
    only = SQL("AND picking.id IN %s", tuple(picking_ids)) if picking_ids else SQL()
    cr.execute(
        SQL(
            """
            UPDATE stock_picking picking
               SET o2c_control_required = required.value,
                   o2c_control_state = CASE
                        WHEN NOT required.value THEN NULL
                        ELSE COALESCE(picking.o2c_control_state, 'todo') END
              FROM (SELECT picking.id,
                           COALESCE(ptype.o2c_control_required
                                    AND ptype.code = 'outgoing'
                                    AND location.usage = 'customer', FALSE)
                               AS value
                      FROM stock_picking picking
                      JOIN stock_picking_type ptype
                        ON ptype.id = picking.picking_type_id
                      LEFT JOIN stock_location location
                        ON location.id = picking.location_dest_id
                     WHERE TRUE %s) required
             WHERE required.id = picking.id
            """,
            only,
        )
    )


def _order_batches(cr, order_ids=None):
    """Id ranges of at most ``BATCH`` orders: (SQL condition on ``alias``)."""
    if order_ids:
        ids = sorted(order_ids)
        for start in range(0, len(ids), BATCH):
            yield lambda alias, chunk=tuple(ids[start : start + BATCH]): SQL(
                "%s.id IN %s", SQL.identifier(alias), chunk
            )
        return
    cr.execute("SELECT MIN(id), MAX(id) FROM sale_order")
    low, high = cr.fetchone()
    if low is None:
        return
    for start in range(low, high + 1, BATCH):
        yield lambda alias, start=start: SQL(
            "%s.id >= %s AND %s.id < %s",
            SQL.identifier(alias),
            start,
            SQL.identifier(alias),
            start + BATCH,
        )


def _local_tz(user_tz):
    """SQL of a transfer's (``picking``) time zone as ``_o2c_local_date``
    takes it: its company's, else the installing user's, else UTC (names
    PostgreSQL does not know fall back too)."""
    return SQL(
        """COALESCE(
               (SELECT partner.tz
                  FROM res_company company
                  JOIN res_partner partner ON partner.id = company.partner_id
                 WHERE company.id = picking.company_id
                   AND partner.tz IN (SELECT name FROM pg_timezone_names)),
               (SELECT name FROM pg_timezone_names WHERE name = %s),
               'UTC')""",
        user_tz or "UTC",
    )


# --- The stage of an order, in SQL: one named piece per step ---------------
# Each piece is a CTE over ``orders`` (the orders of one batch) or an
# expression over the CTEs; ``_stage_query`` composes them.

# the lines: goods to deliver, all delivered, something to invoice
_STAGE_LINES = SQL(
    """
    lines AS (
        SELECT line.order_id,
               BOOL_OR(line.display_type IS NULL
                       AND NOT COALESCE(line.is_downpayment, FALSE)
                       AND template.type = 'consu') AS has_goods,
               BOOL_AND(line.display_type IS NOT NULL
                        OR COALESCE(line.is_downpayment, FALSE)
                        OR template.type IS DISTINCT FROM 'consu'
                        OR ROUND(((line.qty_delivered - line.product_uom_qty)
                                  / COALESCE(NULLIF(uom.rounding, 0), 0.01)
                                 )::numeric) >= 0) AS goods_delivered,
               BOOL_OR(line.display_type IS NULL
                       AND ROUND((line.qty_to_invoice
                                  / COALESCE(NULLIF(uom.rounding, 0), 0.01)
                                 )::numeric) > 0) AS to_invoice
          FROM orders
          JOIN sale_order_line line ON line.order_id = orders.id
          LEFT JOIN product_product product ON product.id = line.product_id
          LEFT JOIN product_template template
            ON template.id = product.product_tmpl_id
          LEFT JOIN uom_uom uom ON uom.id = line.product_uom
         GROUP BY line.order_id)"""
)

# the transfers (returns and cancelled ones aside): how many, how many open
_STAGE_PICKINGS = SQL(
    """
    pickings AS (
        SELECT picking.sale_id AS order_id,
               COUNT(*) AS total,
               COUNT(*) FILTER (WHERE picking.state != 'done') AS open,
               BOOL_OR(picking.state = 'assigned') AS any_assigned
          FROM orders
          JOIN stock_picking picking ON picking.sale_id = orders.id
         WHERE picking.return_id IS NULL
           AND picking.state != 'cancel'
         GROUP BY picking.sale_id)"""
)

# the customer invoices and credit notes: draft, posted, unpaid
_STAGE_INVOICES = SQL(
    """
    invoices AS (
        SELECT order_move.order_id,
               BOOL_OR(move.state = 'draft') AS any_draft,
               BOOL_OR(move.state = 'posted') AS any_posted,
               BOOL_OR(move.state = 'posted'
                       AND move.payment_state NOT IN ('paid', 'reversed'))
                   AS any_unpaid
          FROM (SELECT DISTINCT line.order_id, invoice_line.move_id
                  FROM orders
                  JOIN sale_order_line line ON line.order_id = orders.id
                  JOIN sale_order_line_invoice_rel rel
                    ON rel.order_line_id = line.id
                  JOIN account_move_line invoice_line
                    ON invoice_line.id = rel.invoice_line_id) order_move
          JOIN account_move move ON move.id = order_move.move_id
         WHERE move.move_type IN ('out_invoice', 'out_refund')
           AND move.state != 'cancel'
         GROUP BY order_move.order_id)"""
)

# the delivery step, if not complete: confirmed, production or shipping
_STAGE_DELIVERY = SQL(
    """
    CASE
      WHEN orders.delivery_status = 'full'
           OR NOT COALESCE(lines.has_goods, FALSE) THEN NULL
      WHEN COALESCE(pickings.open, 0) = 0 THEN
        CASE WHEN COALESCE(pickings.total, 0) > 0
                  OR lines.goods_delivered THEN NULL
             ELSE 'confirmed' END
      WHEN pickings.open < pickings.total
           OR pickings.any_assigned THEN 'shipping'
      ELSE 'production'
    END"""
)

# the invoicing step, if not complete
_STAGE_INVOICING = SQL(
    """
    CASE
      WHEN COALESCE(invoices.any_draft, FALSE)
           OR COALESCE(lines.to_invoice, FALSE)
           OR (NOT COALESCE(invoices.any_posted, FALSE)
               AND ROUND((orders.amount_total
                          / COALESCE(NULLIF(
                                orders.currency_rounding, 0), 0.01)
                         )::numeric) != 0)
      THEN 'invoicing'
    END"""
)


def _stage_query(condition):
    """SELECT (id, stage) of the orders matching ``condition`` (on ``so``),
    as ``o2c.order.stage._o2c_get_stage`` derives it for an order without review
    findings (none exist before the install): cancelled; a quotation in
    intake; else the first step not complete of delivery (goods to ship),
    invoicing, payment."""
    return SQL(
        """
        WITH orders AS (
            SELECT so.id, so.state, so.delivery_status, so.amount_total,
                   currency.rounding AS currency_rounding
              FROM sale_order so
              JOIN res_currency currency ON currency.id = so.currency_id
             WHERE %(condition)s),
        %(lines)s,
        %(pickings)s,
        %(invoices)s
        SELECT orders.id,
               CASE
                 WHEN orders.state = 'cancel' THEN 'cancelled'
                 WHEN orders.state IN ('draft', 'sent') THEN 'intake'
                 ELSE COALESCE(
                   %(delivery)s,
                   %(invoicing)s,
                   CASE WHEN invoices.any_unpaid THEN 'payment' END,
                   'done')
               END AS stage
          FROM orders
          LEFT JOIN lines ON lines.order_id = orders.id
          LEFT JOIN pickings ON pickings.order_id = orders.id
          LEFT JOIN invoices ON invoices.order_id = orders.id
        """,
        condition=condition,
        lines=_STAGE_LINES,
        pickings=_STAGE_PICKINGS,
        invoices=_STAGE_INVOICES,
        delivery=_STAGE_DELIVERY,
        invoicing=_STAGE_INVOICING,
    )


def _delivery_figures_query(condition, user_tz):
    """SELECT (id, delivered_date, days_late) of the confirmed orders
    matching ``condition`` (on ``so``) whose deliveries to the customer are
    all done, as ``sale.order._compute_o2c_on_time`` derives them before any
    promise of the addon: the day the last delivery was done, where the
    company works, against the delivery date agreed on the order, else the
    expected date (order date plus the lines' lead times: the shortest for
    "as soon as possible", the longest for "all at once")."""
    return SQL(
        """
        WITH delivered AS (
            SELECT picking.sale_id AS order_id,
                   MAX((picking.date_done AT TIME ZONE 'UTC'
                        AT TIME ZONE %(tz)s)::date) AS day,
                   MIN(%(tz)s) AS tz
              FROM stock_picking picking
              JOIN stock_picking_type ptype ON ptype.id = picking.picking_type_id
              JOIN sale_order so ON so.id = picking.sale_id
             WHERE %(condition)s
               AND so.state = 'sale'
               AND ptype.code = 'outgoing'
               AND picking.return_id IS NULL
               AND picking.state != 'cancel'
             GROUP BY picking.sale_id
            HAVING BOOL_AND(picking.state = 'done')),
        promised AS (
            SELECT delivered.order_id, delivered.day, delivered.tz,
                   COALESCE(
                       so.commitment_date,
                       (SELECT so.date_order + MAKE_INTERVAL(secs => 86400 * (
                                   CASE WHEN so.picking_policy = 'direct'
                                        THEN MIN(COALESCE(line.customer_lead, 0))
                                        ELSE MAX(COALESCE(line.customer_lead, 0))
                                   END))
                          FROM sale_order_line line
                         WHERE line.order_id = so.id
                           AND line.display_type IS NULL
                           AND NOT COALESCE(line.is_delivery, FALSE)
                        HAVING COUNT(*) > 0)) AS date
              FROM delivered
              JOIN sale_order so ON so.id = delivered.order_id)
        SELECT order_id, day,
               CASE WHEN date IS NULL THEN 0
                    ELSE GREATEST(
                        day - (date AT TIME ZONE 'UTC' AT TIME ZONE tz)::date, 0)
               END
          FROM promised
        """,
        condition=condition,
        tz=_local_tz(user_tz),
    )


def o2c_init_order_fields(cr, user_tz=None, order_ids=None):
    """Create and derive the stored fields the addon adds to orders: the
    lifecycle stage and the delivery figures (delivered on, on time, days
    late), in SQL, by batches of orders.

    :param user_tz: time zone of the installing user (the computes' fallback
        when a company has none)
    :param order_ids: limit the orders derived (all by default)
    :return: number of orders derived
    """
    cr.execute(
        """
        ALTER TABLE sale_order
            ADD COLUMN IF NOT EXISTS o2c_stage varchar,
            ADD COLUMN IF NOT EXISTS o2c_delivered_date date,
            ADD COLUMN IF NOT EXISTS o2c_on_time boolean,
            ADD COLUMN IF NOT EXISTS o2c_days_late integer
        """
    )
    count = 0
    started = time.monotonic()
    # statistics as they are now, so that the planner joins in bulk
    cr.execute(
        "ANALYZE sale_order, sale_order_line, stock_picking, account_move,"
        " account_move_line, account_partial_reconcile, sale_order_line_invoice_rel"
    )
    for condition in _order_batches(cr, order_ids):
        count += _derive_order_batch(cr, condition("so"), user_tz)
    _logger.info(
        "order_to_cash: stage and delivery figures of %s orders in %.1f s",
        count,
        time.monotonic() - started,
    )
    return count


def _derive_order_batch(cr, condition, user_tz):
    """Write the stage and the delivery figures of the orders matching
    ``condition`` (on ``so``); returns how many orders."""
    cr.execute(
        SQL(
            """
            UPDATE sale_order so
               SET o2c_stage = derived.stage,
                   o2c_delivered_date = NULL,
                   o2c_on_time = FALSE,
                   o2c_days_late = 0
              FROM (%s) derived
             WHERE derived.id = so.id
            """,
            _stage_query(condition),
        )
    )
    count = cr.rowcount
    cr.execute(
        SQL(
            """
            UPDATE sale_order so
               SET o2c_delivered_date = figures.day,
                   o2c_on_time = figures.days_late = 0,
                   o2c_days_late = figures.days_late
              FROM (%s) figures(order_id, day, days_late)
             WHERE figures.order_id = so.id
            """,
            _delivery_figures_query(condition, user_tz),
        )
    )
    return count


# --- The stage history of an order, from its documents' dates: one named
# piece per CTE (over ``orders``, those of one batch without a history),
# composed by ``_stage_history_insert``.

# the last transfer done (from the invoicing step on)
_HISTORY_DELIVERED = SQL(
    """
    delivered AS (
        SELECT picking.sale_id AS order_id,
               MAX(picking.date_done) AS date
          FROM orders
          JOIN stock_picking picking ON picking.sale_id = orders.id
         WHERE orders.rank >= 2
           AND picking.return_id IS NULL
           AND picking.state = 'done'
         GROUP BY picking.sale_id)"""
)

# the posted invoices and credit notes (from the payment step on), and the
# last one's date
_HISTORY_INVOICED = SQL(
    """
    moves AS (
        SELECT DISTINCT line.order_id, invoice_line.move_id
          FROM orders
          JOIN sale_order_line line ON line.order_id = orders.id
          JOIN sale_order_line_invoice_rel rel
            ON rel.order_line_id = line.id
          JOIN account_move_line invoice_line
            ON invoice_line.id = rel.invoice_line_id
          JOIN account_move move ON move.id = invoice_line.move_id
         WHERE orders.rank >= 3
           AND move.move_type IN ('out_invoice', 'out_refund')
           AND move.state = 'posted'),
    invoiced AS (
        SELECT moves.order_id,
               MAX(COALESCE(move.invoice_date, move.date))::timestamp
                   AS date
          FROM moves
          JOIN account_move move ON move.id = moves.move_id
         GROUP BY moves.order_id)"""
)

# the last payment reconciled with the invoices (orders done)
_HISTORY_PAID = SQL(
    """
    receivable AS (
        SELECT moves.order_id, line.id
          FROM moves
          JOIN orders ON orders.id = moves.order_id
          JOIN account_move_line line ON line.move_id = moves.move_id
         WHERE line.display_type = 'payment_term'
           AND orders.rank = 4),
    paid AS (
        SELECT reconciled.order_id,
               MAX(reconciled.max_date)::timestamp AS date
          FROM (SELECT receivable.order_id, partial.max_date
                  FROM receivable
                  JOIN account_partial_reconcile partial
                    ON partial.debit_move_id = receivable.id
                UNION ALL
                SELECT receivable.order_id, partial.max_date
                  FROM receivable
                  JOIN account_partial_reconcile partial
                    ON partial.credit_move_id = receivable.id
               ) reconciled
         GROUP BY reconciled.order_id)"""
)

# a row per step up to the order's stage, with its start (never before the
# previous step's), then its end (the next step's start)
_HISTORY_STEPS = SQL(
    """
    steps AS (
        SELECT orders.*, step.idx, step.stage AS step_stage,
               MAX(step.date) OVER (PARTITION BY orders.id
                                    ORDER BY step.idx) AS date_start
          FROM orders
          LEFT JOIN delivered ON delivered.order_id = orders.id
          LEFT JOIN invoiced ON invoiced.order_id = orders.id
          LEFT JOIN paid ON paid.order_id = orders.id
         CROSS JOIN LATERAL (VALUES
            (0, 'intake', LEAST(orders.create_date,
                                orders.date_order)),
            (1, CASE WHEN orders.rank = 1 THEN orders.stage
                     ELSE 'confirmed' END, orders.date_order),
            (2, 'invoicing', COALESCE(delivered.date, orders.date_order)),
            (3, 'payment', invoiced.date),
            (4, 'done', paid.date),
            (5, 'cancelled', orders.write_date)
         ) step(idx, stage, date)
         WHERE step.idx <= orders.rank
            OR (orders.stage = 'cancelled' AND step.idx = 5)),
    ranged AS (
        SELECT steps.*,
               LEAD(date_start) OVER (PARTITION BY id ORDER BY idx)
                   AS date_end
          FROM steps)"""
)

# the rows of the stage log: the last one open, none taking no time
_HISTORY_INSERT = SQL(
    """
    INSERT INTO o2c_stage_log (
        order_id, company_id, partner_id, salesperson_id, stage,
        date_start, date_end, duration_hours, user_id,
        create_uid, create_date, write_uid, write_date)
    SELECT id, company_id, partner_id, user_id,
           CASE WHEN date_end IS NULL THEN stage ELSE step_stage END,
           date_start, date_end,
           COALESCE(ROUND(EXTRACT(EPOCH FROM date_end - date_start)
                          / 3600.0, 2), 0),
           CASE WHEN idx = 0 THEN create_uid END,
           1, NOW() AT TIME ZONE 'UTC', 1, NOW() AT TIME ZONE 'UTC'
      FROM ranged
     WHERE date_end IS NULL OR date_end > date_start"""
)


def _stage_history_insert(condition, excluded):
    """INSERT of the stage history of the orders matching ``condition``
    (on ``so``, and ``excluded``) that have a stage and no history yet."""
    return SQL(
        """
        WITH orders AS (
            SELECT so.id, so.o2c_stage AS stage, so.create_date,
                   so.create_uid, so.date_order, so.write_date,
                   so.company_id, so.partner_id, so.user_id,
                   CASE so.o2c_stage
                       WHEN 'intake' THEN 0 WHEN 'cancelled' THEN 0
                       WHEN 'confirmed' THEN 1 WHEN 'production' THEN 1
                       WHEN 'shipping' THEN 1 WHEN 'invoicing' THEN 2
                       WHEN 'payment' THEN 3 WHEN 'done' THEN 4
                       ELSE 0 END AS rank
              FROM sale_order so
             WHERE %(condition)s %(excluded)s
               AND so.o2c_stage IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM o2c_stage_log log
                                WHERE log.order_id = so.id)),
        %(delivered)s,
        %(invoiced)s,
        %(paid)s,
        %(steps)s
        %(insert)s
        """,
        condition=condition,
        excluded=excluded,
        delivered=_HISTORY_DELIVERED,
        invoiced=_HISTORY_INVOICED,
        paid=_HISTORY_PAID,
        steps=_HISTORY_STEPS,
        insert=_HISTORY_INSERT,
    )


def o2c_init_stage_history(cr, order_ids=None, exclude_ids=()):
    """Start the stage history of the orders that have none from their
    documents' own dates: intake from the order's creation (or its date, if
    earlier: orders imported from another system); the delivery
    step (confirmed, or production/shipping if the order is there now) from
    its confirmation; invoicing from the last transfer done; payment from
    the last posted invoice's date; done from the last payment reconciled;
    cancelled from the order's last change. Steps are kept up to the stage
    the order is in (the last row stays open); a step taking no time (a
    service order has no delivery) leaves no row. Who caused a change is
    known for the creation only.

    :param order_ids: limit the orders (all by default)
    :param exclude_ids: orders left out (their history is being logged)
    :return: number of rows written
    """
    excluded = SQL("AND so.id NOT IN %s", tuple(exclude_ids)) if exclude_ids else SQL()
    rows = 0
    started = time.monotonic()
    # the stages just derived, in the planner's statistics (else it expects
    # no order to have one, and joins them one by one)
    cr.execute("ANALYZE sale_order")
    for condition in _order_batches(cr, order_ids):
        cr.execute(_stage_history_insert(condition("so"), excluded))
        rows += cr.rowcount
    _logger.info(
        "order_to_cash: %s stage history rows from the documents in %.1f s",
        rows,
        time.monotonic() - started,
    )
    return rows
