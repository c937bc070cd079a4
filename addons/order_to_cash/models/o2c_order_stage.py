# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class O2cOrderStage(models.AbstractModel):
    """Service of ``sale.order``: the lifecycle stage derived from the
    order's documents (order, review findings, transfers, invoices,
    payments). The stored field ``o2c_stage`` and its dependencies are on
    the order (``sale.order._compute_o2c_stage``); the stage log follows its
    changes (``o2c.stage.log``). Holds no data; extend it with
    ``_inherit = "o2c.order.stage"`` to refine one step."""

    _name = "o2c.order.stage"
    _description = "Order to Cash: Lifecycle Stage"

    @api.model
    def _o2c_get_stage(self, order):
        """Return the first lifecycle step of the order that is not complete.

        Each step is a small hook returning a stage or ``False`` when the step
        is complete, so that other addons can refine one step without
        rewriting the whole derivation.
        """
        order.ensure_one()
        if order.state == "cancel":
            return "cancelled"
        if order.state in ("draft", "sent"):
            return self._o2c_get_quotation_stage(order)
        return (
            self._o2c_get_delivery_stage(order)
            or self._o2c_get_invoicing_stage(order)
            or self._o2c_get_payment_stage(order)
            or "done"
        )

    @api.model
    def _o2c_get_quotation_stage(self, order):
        """Stage of a quotation (not confirmed yet): ``hold`` while a
        blocking review finding is not released, ``review`` while a warning
        waits for a person, else ``intake`` (not reviewed yet, or all ok or
        released).

        Called by :meth:`_o2c_get_stage` (the stored stage's compute)."""
        open_checks = order.o2c_check_ids.filtered("is_open")
        if open_checks._o2c_open_blocking():
            return "hold"
        if open_checks:
            return "review"
        return "intake"

    @api.model
    def _o2c_get_delivery_stage(self, order):
        """Step 4, shipping and service: the goods' stage while goods are to
        be delivered, then ``shipping`` while services are to be rendered;
        ``False`` when both are complete or not needed.

        Called by :meth:`_o2c_get_stage`; other addons call it to tell a
        delivered order."""
        return self._o2c_get_goods_stage(order) or self._o2c_get_service_stage(order)

    @api.model
    def _o2c_get_goods_stage(self, order):
        """``confirmed``/``production``/``shipping`` while goods are to be
        delivered, ``False`` when delivery is complete or not needed.

        Called by :meth:`_o2c_get_delivery_stage`."""
        if order.delivery_status == "full":
            # sale_stock's stored status: every transfer of the order is done
            # or cancelled, one is done (the lines and transfers, returns
            # included, need not be read again)
            return False
        goods = order.order_line.filtered(lambda line: line._o2c_is_deliverable())
        if not goods:
            return False
        # Returns are followed by their own process: they never reopen the
        # order's delivery step.
        pickings = order.picking_ids.filtered(
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

    @api.model
    def _o2c_get_service_stage(self, order):
        """``shipping`` while a service to render
        (``sale.order.line._o2c_is_service_to_render``) is not rendered in
        full, else ``False``.

        Called by :meth:`_o2c_get_delivery_stage`, once the goods are
        delivered."""
        if any(
            line._o2c_is_service_to_render() and not line._o2c_is_fully_delivered()
            for line in order.order_line
        ):
            return "shipping"
        return False

    @api.model
    def _o2c_get_invoicing_stage(self, order):
        """``invoicing`` while something is left to invoice, else ``False``.

        Called by :meth:`_o2c_get_stage`."""
        invoices = order._o2c_customer_invoices()
        if any(move.state == "draft" for move in invoices):
            return "invoicing"
        if any(line._o2c_has_qty_to_invoice() for line in order.order_line):
            return "invoicing"
        if not any(move.state == "posted" for move in invoices) and not (
            order.currency_id.is_zero(order.amount_total)
        ):
            return "invoicing"
        return False

    @api.model
    def _o2c_get_payment_stage(self, order):
        """``payment`` while a posted invoice is not fully paid, else ``False``.

        Called by :meth:`_o2c_get_stage`."""
        paid_states = self._o2c_paid_states()
        for move in order._o2c_customer_invoices():
            if move.state == "posted" and move.payment_state not in paid_states:
                return "payment"
        return False

    @api.model
    def _o2c_paid_states(self):
        """Payment states of an invoice that count as fully settled.

        Called by :meth:`_o2c_get_payment_stage`."""
        return ("paid", "reversed")
