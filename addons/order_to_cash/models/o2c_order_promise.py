# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delay notices: the promised delivery date kept true after confirmation.

The review promises a date (``o2c.order.review``); after the confirmation the
goods may come later than planned (a receipt or a production is late, stock
ran short), a control may fail, a delivery may leave in part. Whenever the
expected date of the open deliveries passes the promised day,
:meth:`O2cOrderPromise._o2c_update_promised_dates` moves the promise to it,
keeping the old date and the reason; the change of ``o2c_promised_date``
sends the customer the updated confirmation once (``sale.order
._track_template``). Callers: the daily scheduled action (the forecast),
a failed control (``stock.picking.action_o2c_control_fail``) and a backorder
(``stock.picking._create_backorder``).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_compare

from ..tools.o2c_batch import lock_batch, notify_remaining

PROMISE_REASONS = [
    ("supply", "The goods arrive later than planned"),
    ("control", "A quality control failed"),
    ("backorder", "Part of the order is delivered later"),
]


class O2cOrderPromise(models.AbstractModel):
    """Service of ``sale.order``: the promised date after confirmation. Holds
    no data; extend it with ``_inherit = "o2c.order.promise"``."""

    _name = "o2c.order.promise"
    _description = "Order to Cash: Promised Delivery Dates"

    @api.model
    def _o2c_open_moves(self, order):
        """The order's goods still to leave for the customer: the moves of
        its order lines in its deliveries (``o2c.order.fulfilment
        ._o2c_outgoing_pickings``), neither done nor cancelled."""
        pickings = self.env["o2c.order.fulfilment"]._o2c_outgoing_pickings(order)
        return pickings.move_ids.filtered(
            lambda move: move.sale_line_id and move.state not in ("done", "cancel")
        )

    @api.model
    def _o2c_move_expected_date(self, move, now):
        """When ``move`` can leave, or ``None`` when it can leave as planned
        or nobody can tell: reserved goods of a transfer whose control did
        not fail leave as planned; else the stock forecast's date (a receipt
        or production planned), or the later date of the purchase or
        manufacturing order the goods are bought or made by for the order,
        plus the company's safety days; without one,
        the replenishment lead time from now; after a failed control the
        lead time of replacing the goods."""
        safety = timedelta(days=move.company_id.security_lead or 0.0)
        failed = move.picking_id.o2c_control_state == "failed"
        if not failed:
            if move.state == "assigned":
                return None
            # goods made or bought for the order: the purchase or
            # manufacturing order's own date too (a vendor confirming later
            # moves the purchase's expected arrival, not the receipt's date);
            # sudo: only their dates are read, whoever's action moves the
            # promise (a warehouse user's backorder, the daily check)
            documents = move.sudo()._o2c_get_waiting_documents(supply=False)
            dates = [date for date in documents.values() if date]
            if move.forecast_expected_date:
                dates.append(move.forecast_expected_date)
            if dates:
                return max(dates) + safety
            rounding = move.product_id.uom_id.rounding
            if (
                float_compare(
                    move.forecast_availability,
                    move.product_qty,
                    precision_rounding=rounding,
                )
                >= 0
            ):
                return None
        lead_days = move.sale_line_id._o2c_replenishment_lead_days()
        if lead_days is False:
            return None
        return now + timedelta(days=lead_days) + safety

    @api.model
    def _o2c_expected_dates(self, order):
        """``{line: expected datetime}`` of the lines whose open goods are
        expected later than planned (the latest of their moves)."""
        now = fields.Datetime.now()
        expected = {}
        for move in self._o2c_open_moves(order):
            date = self._o2c_move_expected_date(move, now)
            line = move.sale_line_id
            if date and (line not in expected or expected[line] < date):
                expected[line] = date
        return expected

    @api.model
    def _o2c_update_promised_dates(self, orders, reason):
        """Move the promised date of each confirmed order whose open goods
        are now expected on a later day, and of its late lines; the old date
        and ``reason`` (a key of ``PROMISE_REASONS``) are kept for the
        customer's message. A promise is never moved earlier, nor to the
        same day, so a rerun or many moves of one order tell the customer
        nothing twice. Orders without a promise (those confirmed before the
        addons, unless reviewed since) are left alone.

        :return: the orders whose promise moved
        """
        moved = self.env["sale.order"]
        for order in orders:
            if order.state != "sale" or not order.o2c_promised_date:
                continue
            expected = self._o2c_expected_dates(order)
            for line, date in expected.items():
                if not line.o2c_promised_date or date.date() > (
                    line.o2c_promised_date.date()
                ):
                    line._o2c_action_write({"o2c_promised_date": date})
            latest = max(expected.values(), default=False)
            if latest and latest.date() > order.o2c_promised_date.date():
                order._o2c_action_write(
                    self._prepare_o2c_promise_change_vals(order, latest, reason)
                )
                moved |= order
        return moved

    @api.model
    def _prepare_o2c_promise_change_vals(self, order, date, reason):
        """Values written on ``order`` when its promise moves to ``date`` for
        ``reason``. Called by :meth:`_o2c_update_promised_dates`; the change
        of ``o2c_promised_date`` mails the customer (``_track_template``)."""
        return {
            "o2c_promised_date_previous": order.o2c_promised_date,
            "o2c_promise_change_reason": reason,
            "o2c_promised_date": date,
        }

    # --- The scheduled action ------------------------------------------------

    @api.model
    def _o2c_promise_check_query(self, today):
        """Confirmed orders with a promise and goods still to deliver, not
        checked ``today`` yet (id first)."""
        return SQL(
            """
            SELECT sale_order.id
              FROM sale_order
             WHERE sale_order.state = 'sale'
               AND sale_order.o2c_promised_date IS NOT NULL
               AND COALESCE(sale_order.delivery_status, 'pending') != 'full'
               AND (sale_order.o2c_promise_checked_on IS NULL
                    OR sale_order.o2c_promise_checked_on < %(today)s)
            """,
            today=today,
        )

    @api.model
    def _o2c_cron_check_promised_dates(self, batch_size=200):
        """Scheduled action *Order to Cash: check promised dates*: one
        locked batch of the orders not checked today; the forecast of their
        open goods moves the promises it no longer holds. The cron commits
        after each call and calls again while ``remaining`` is reported.

        :return: the orders whose promise moved
        """
        self.env.flush_all()
        today = fields.Date.context_today(self)
        query = self._o2c_promise_check_query(today)
        rows = lock_batch(self.env.cr, query, "sale_order", batch_size)
        orders = self.env["sale.order"].browse([row[0] for row in rows])
        moved = self._o2c_update_promised_dates(orders, "supply")
        self.env.flush_all()
        if orders:
            # bookkeeping of the run, not a change of the order: no tracking
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order SET o2c_promise_checked_on = %s WHERE id IN %s",
                    today,
                    tuple(orders.ids),
                )
            )
            orders.invalidate_recordset(["o2c_promise_checked_on"])
        notify_remaining(self.env, query, len(orders))
        return moved

    # --- What a partial shipment leaves open ---------------------------------

    @api.model
    def _o2c_open_items(self, picking):
        """The goods of ``picking``'s order still to come after it: one dict
        per line (``product``, ``qty``, ``uom``, ``date``: the line's
        promise, else the order's), for the shipping confirmation."""
        order = picking.sale_id
        if not order:
            return []
        items = {}
        for move in self._o2c_open_moves(order) - picking.move_ids:
            line = move.sale_line_id
            item = items.setdefault(
                line,
                {
                    "product": line.product_id.display_name,
                    "qty": 0.0,
                    "uom": line.product_uom.name,
                    "date": line.o2c_promised_date or order.o2c_promised_date,
                },
            )
            item["qty"] += move.product_uom._compute_quantity(
                move.product_uom_qty, line.product_uom
            )
        return list(items.values())
