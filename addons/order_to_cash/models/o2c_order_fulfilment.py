# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class O2cOrderFulfilment(models.AbstractModel):
    """Service of ``sale.order``: fulfilment of the order, what its
    deliveries wait for (upstream transfers, purchase and manufacturing
    orders: ``stock.move``) and, once everything is delivered, its delivered
    date and on-time figures against the promised date (the transfers'
    delivered dates: ``stock.picking``). The fields are on the order
    (sale_order.py), computed here. Holds no data; extend it with
    ``_inherit = "o2c.order.fulfilment"``."""

    _name = "o2c.order.fulfilment"
    _description = "Order to Cash: Fulfilment and On-Time Delivery"

    @api.model
    def _o2c_outgoing_pickings(self, orders):
        """The deliveries of ``orders`` to the customer (no returns, not
        cancelled).

        Called by the on-time figures and the waiting documents, the delay
        notices (``o2c.order.promise``), the portal and after-sales."""
        return orders.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and not p.return_id
                and p.state != "cancel"
            )
        )

    @api.model
    def _o2c_get_promised_date(self, order):
        """The date promised to the customer: the promised delivery, else the
        delivery date agreed on the order, else the expected date.

        Called by :meth:`_o2c_compute_on_time`."""
        order.ensure_one()
        return order.o2c_promised_date or order.commitment_date or order.expected_date

    @api.model
    def _o2c_compute_on_time(self, orders):
        """The delivered date and on-time figures of ``orders``. Called by
        ``sale.order._compute_o2c_on_time``."""
        for order in orders:
            # a quotation has no transfers yet: not read
            pickings = order.state == "sale" and self._o2c_outgoing_pickings(order)
            if not pickings or any(p.state != "done" for p in pickings):
                order.o2c_delivered_date = False
                order.o2c_on_time = False
                order.o2c_days_late = 0
                continue
            delivered = max(p._o2c_get_delivered_date() for p in pickings)
            promised = self._o2c_get_promised_date(order)
            days_late = 0
            if promised:
                promised_day = pickings[:1]._o2c_local_date(promised)
                days_late = max((delivered - promised_day).days, 0)
            order.o2c_delivered_date = delivered
            order.o2c_on_time = not days_late
            order.o2c_days_late = days_late

    @api.model
    def _o2c_compute_waiting(self, orders):
        """What the deliveries of ``orders`` wait for, and when it is
        expected. Called by ``sale.order._compute_o2c_waiting``."""
        for order in orders:
            # sudo: the purchase and manufacturing orders a delivery waits
            # for are named to whoever reads the order (sales staff without
            # Purchase or Manufacturing rights); only names and dates leave
            documents = self._o2c_get_waiting_documents(order.sudo())
            order.o2c_waiting_for = (
                ", ".join(record.display_name for record in documents) or False
            )
            dates = [date for date in documents.values() if date]
            order.o2c_waiting_date = max(dates) if dates else False

    @api.model
    def _o2c_get_waiting_documents(self, order):
        """Documents the order's open deliveries wait for (see
        ``stock.move._o2c_get_waiting_documents``).

        :return: dict record -> expected datetime (or False), in the order
            they were found

        Called by :meth:`_o2c_compute_waiting`.
        """
        order.ensure_one()
        return self._o2c_outgoing_pickings(order).move_ids._o2c_get_waiting_documents()
