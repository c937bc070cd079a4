# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Late and blocked orders: the flags of the work queues and of the stage
kanban's cards (``sale.order.o2c_is_late``, ``o2c_is_blocked``,
``o2c_attention_color``). Each flag's Python test and its search domain
are side by side here, to be kept in line."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class O2cOrderAttention(models.AbstractModel):
    """Service of ``sale.order``: which orders need attention. Holds no
    data; extend it with ``_inherit = "o2c.order.attention"`` (both the test
    and the domain of a flag)."""

    _name = "o2c.order.attention"
    _description = "Order to Cash: Late and Blocked Orders"

    # Kanban color indexes (web's ColorList): 1 red, 2 orange.
    _O2C_COLOR_BLOCKED = 1
    _O2C_COLOR_LATE = 2

    @api.model
    def _o2c_delivery_stages(self):
        """Stages in which the order waits for its delivery.

        Called by :meth:`_o2c_get_is_late` and :meth:`_o2c_search_late`."""
        return ("confirmed", "production", "shipping")

    @api.model
    def _o2c_compute_attention(self, orders):
        """Compute ``o2c_is_late``, ``o2c_is_blocked`` and
        ``o2c_attention_color`` of ``orders`` (called by
        ``sale.order._compute_o2c_attention``)."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        for order in orders:
            order.o2c_is_late = self._o2c_get_is_late(order, now, today)
            order.o2c_is_blocked = self._o2c_get_is_blocked(order)
            if order.o2c_is_blocked:
                order.o2c_attention_color = self._O2C_COLOR_BLOCKED
            elif order.o2c_is_late:
                order.o2c_attention_color = self._O2C_COLOR_LATE
            else:
                order.o2c_attention_color = 0

    @api.model
    def _o2c_get_is_late(self, order, now, today):
        """Hook: is the order late (kept in line with :meth:`_o2c_search_late`).
        Called by :meth:`_o2c_compute_attention`."""
        order.ensure_one()
        if order.o2c_stage in self._o2c_delivery_stages():
            deadline = order.o2c_promised_date or order.commitment_date
            return bool(deadline and deadline < now)
        if order.o2c_stage == "payment":
            return any(
                move.state == "posted"
                and move.move_type == "out_invoice"
                and move.payment_state in ("not_paid", "partial")
                and move.invoice_date_due
                and move.invoice_date_due < today
                for move in order.invoice_ids
            )
        return False

    @api.model
    def _o2c_get_is_blocked(self, order):
        """Hook: does the order wait for a person's decision (kept in line
        with :meth:`_o2c_search_blocked`). Called by
        :meth:`_o2c_compute_attention`."""
        order.ensure_one()
        return bool(
            order.o2c_stage == "hold"
            or order.o2c_invoice_error
            or any(
                picking.o2c_control_state == "failed"
                and picking.state not in ("done", "cancel")
                for picking in order.picking_ids
            )
        )

    @api.model
    def _o2c_search_boolean(self, operator, value, domain):
        """``domain`` for ``= True`` / ``!= False``, its negation else."""
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

    @api.model
    def _o2c_search_late(self, operator, value):
        """Search of ``sale.order.o2c_is_late`` (kept in line with
        :meth:`_o2c_get_is_late`)."""
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

    @api.model
    def _o2c_search_blocked(self, operator, value):
        """Search of ``sale.order.o2c_is_blocked`` (kept in line with
        :meth:`_o2c_get_is_blocked`)."""
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
