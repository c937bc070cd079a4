# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    """Fulfilment of the order: what its deliveries wait for (upstream
    transfers, purchase and manufacturing orders: ``stock.move``) and, once
    everything is delivered, its delivered date and on-time figures against
    the promised date (the transfers' delivered dates: ``stock.picking``)."""

    # a concern of its own beside sale_order.py, not merged into it on purpose
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

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

    def _o2c_outgoing_pickings(self):
        """The order's deliveries to the customer (no returns, not cancelled).

        Called by the on-time figures and the waiting documents."""
        return self.picking_ids.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and not p.return_id
                and p.state != "cancel"
            )
        )

    def _o2c_get_promised_date(self):
        """The date promised to the customer: the promised delivery, else the
        delivery date agreed on the order, else the expected date.

        Called by :meth:`_compute_o2c_on_time`."""
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
            # sudo: the purchase and manufacturing orders a delivery waits
            # for are named to whoever reads the order (sales staff without
            # Purchase or Manufacturing rights); only names and dates leave
            documents = order.sudo()._o2c_get_waiting_documents()
            order.o2c_waiting_for = (
                ", ".join(record.display_name for record in documents) or False
            )
            dates = [date for date in documents.values() if date]
            order.o2c_waiting_date = max(dates) if dates else False

    def _o2c_get_waiting_documents(self):
        """Documents the order's open deliveries wait for (see
        ``stock.move._o2c_get_waiting_documents``).

        :return: dict record -> expected datetime (or False), in the order
            they were found

        Called by :meth:`_compute_o2c_waiting`.
        """
        self.ensure_one()
        return self._o2c_outgoing_pickings().move_ids._o2c_get_waiting_documents()
