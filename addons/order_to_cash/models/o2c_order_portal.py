# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.misc import format_date

# The six steps of the process as the customer sees them, and the step each
# lifecycle stage is in. A held order is "in review" for the customer: the
# hold and its reasons are the company's business.
O2C_PORTAL_STEPS = (
    "intake",
    "review",
    "production",
    "shipping",
    "invoicing",
    "payment",
)
O2C_PORTAL_STEP_OF_STAGE = {
    "intake": "intake",
    "review": "review",
    "hold": "review",
    "confirmed": "production",
    "production": "production",
    "shipping": "shipping",
    "invoicing": "invoicing",
    "payment": "payment",
}


class O2cOrderPortal(models.AbstractModel):
    """What the customer's portal shows of an order's lifecycle: the panel
    on ``/my/orders/<id>`` and the columns of ``/my/orders``.

    Computed here, shown by the templates (views/sale_portal_templates.xml);
    the satellite addons add their parts by extending
    :meth:`_o2c_portal_values`. Every method takes orders the caller has
    checked access to (the portal controller's ``_document_check_access``),
    sudoed as core's portal gives them, and returns only what the customer
    may read: no internal notes, hold reasons or credit figures.
    """

    _name = "o2c.order.portal"
    _description = "Order to Cash Customer Portal"

    # ------------------------------------------------------------------
    # The panel of one order
    # ------------------------------------------------------------------
    @api.model
    def _o2c_portal_values(self, order, access_token=None):
        """Values of the lifecycle panel of ``order`` (sudoed, access checked
        by the caller). Called by the portal controller
        (``controllers/portal.py``, ``_get_page_view_values``); the
        satellites add their keys through ``super()``.

        :param str access_token: the order's token the visitor came with
            (links then carry the tokens of the documents)
        :return: dict with ``steps``, ``stage_label``, ``cancelled``,
            ``done``, ``promised_date``, ``expected_date`` (while nothing
            was promised or delivered), ``delivered_date``,
            ``promise_history``, ``shipments``,
            ``invoices``, ``documents``
        """
        order.ensure_one()
        stage_labels = dict(order._fields["o2c_stage"]._description_selection(self.env))
        return {
            "steps": self._o2c_portal_steps(order, stage_labels),
            "stage_label": stage_labels.get(
                O2C_PORTAL_STEP_OF_STAGE.get(order.o2c_stage, order.o2c_stage), ""
            ),
            "cancelled": order.o2c_stage == "cancelled",
            "done": order.o2c_stage == "done",
            "promised_date": order.o2c_promised_date or order.commitment_date,
            "expected_date": (
                not order.o2c_delivered_date and order.expected_date or False
            ),
            "delivered_date": order.o2c_delivered_date,
            "promise_history": self._o2c_portal_promise_history(order),
            "shipments": self._o2c_portal_shipments(order, access_token),
            "invoices": self._o2c_portal_invoices(order),
            "documents": self._o2c_portal_documents(order),
        }

    @api.model
    def _o2c_portal_steps(self, order, stage_labels):
        """The six steps, each ``done``, ``current`` or ``todo``."""
        current = O2C_PORTAL_STEP_OF_STAGE.get(order.o2c_stage)
        done_all = order.o2c_stage == "done"
        index = O2C_PORTAL_STEPS.index(current) if current else -1
        steps = []
        for position, key in enumerate(O2C_PORTAL_STEPS):
            if done_all or (current and position < index):
                state = "done"
            elif position == index:
                state = "current"
            else:
                state = "todo"
            steps.append(
                {"key": key, "label": stage_labels.get(key, key), "state": state}
            )
        return steps

    @api.model
    def _o2c_portal_promise_history(self, order):
        """Each move of the promised delivery date (from the order's
        tracking): ``{"date", "old", "new", "reason", "text"}``, oldest
        first."""
        field = self.env["ir.model.fields"]._get("sale.order", "o2c_promised_date")
        # sudo: the tracking values of the order's messages are read here
        # for the one field the customer is told about, nothing else
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id", "=", field.id),
                    ("mail_message_id.model", "=", "sale.order"),
                    ("mail_message_id.res_id", "=", order.id),
                ],
                order="id",
            )
        )
        history = []
        for tracking in trackings:
            if not (tracking.old_value_datetime and tracking.new_value_datetime):
                continue
            reason = self._o2c_portal_promise_reason(order, tracking)
            history.append(
                {
                    "date": tracking.mail_message_id.date,
                    "old": tracking.old_value_datetime,
                    "new": tracking.new_value_datetime,
                    "reason": reason,
                    "text": self.env._(
                        "%(date)s: moved from %(old)s to %(new)s (%(reason)s)",
                        date=format_date(self.env, tracking.mail_message_id.date),
                        old=format_date(self.env, tracking.old_value_datetime),
                        new=format_date(self.env, tracking.new_value_datetime),
                        reason=reason,
                    ),
                }
            )
        return history

    @api.model
    def _o2c_portal_promise_reason(self, order, tracking):
        """The reason of a moved promise as the customer was told it (the
        availability e-mail or the updated confirmation); an integrator may
        tell more. Called by :meth:`_o2c_portal_promise_history`.

        The last move after confirmation has its reason recorded
        (``o2c_promise_change_reason``: late goods, a failed control, a
        partial shipment; see ``o2c.order.promise``), told as the updated
        confirmation told it; earlier moves are told by their direction."""
        if (
            order.o2c_promise_change_reason
            and tracking.new_value_datetime == order.o2c_promised_date
            and tracking.old_value_datetime == order.o2c_promised_date_previous
        ):
            reasons = dict(
                order._fields["o2c_promise_change_reason"]._description_selection(
                    self.env
                )
            )
            return reasons[order.o2c_promise_change_reason]
        if tracking.new_value_datetime > tracking.old_value_datetime:
            return self.env._("Not every item is available on the requested date.")
        return self.env._("The goods are available earlier than expected.")

    @api.model
    def _o2c_portal_shipments(self, order, access_token=None):
        """The deliveries to the customer: carrier, tracking links, shipped
        and delivered dates, and the delivery slip once shipped."""
        shipments = []
        state_labels = dict(
            self.env["stock.picking"]._fields["state"]._description_selection(self.env)
        )
        fulfilment = self.env["o2c.order.fulfilment"]
        for picking in fulfilment._o2c_outgoing_pickings(order).sorted("id"):
            slip_url = False
            if picking.state == "done":
                slip_url = f"/my/orders/{order.id}/delivery/{picking.id}"
                if access_token:
                    slip_url += f"?access_token={order._portal_ensure_token()}"
            shipments.append(
                {
                    "id": picking.id,
                    "name": picking.name,
                    "state": picking.state,
                    "state_label": state_labels.get(picking.state, ""),
                    "carrier": picking.carrier_id.name or "",
                    "tracking": picking.get_o2c_tracking_links(),
                    "date_done": picking.date_done,
                    "delivered_date": picking.o2c_delivered_date,
                    "slip_url": slip_url,
                }
            )
        return shipments

    @api.model
    def _o2c_portal_invoices(self, order):
        """Posted invoices and credit notes of the order with their
        instalments (due date, amount, still open, status) and, where the
        customer can pay online, the link to core's invoice page that has
        the pay button."""
        invoices = order._o2c_customer_invoices().filtered(
            lambda move: move.state == "posted"
        )
        instalment_labels = dict(
            self.env["account.move.line"]
            ._fields["o2c_instalment_state"]
            ._description_selection(self.env)
        )
        payment_labels = dict(
            self.env["account.move"]
            ._fields["payment_state"]
            ._description_selection(self.env)
        )
        online = self._o2c_portal_can_pay_online(order.company_id)
        result = []
        for invoice in invoices.sorted(lambda move: (move.invoice_date, move.id)):
            url = invoice.get_portal_url()
            lines = invoice.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            ).sorted(lambda line: (line.date_maturity, line.id))
            result.append(
                {
                    "id": invoice.id,
                    "name": invoice.name,
                    "date": invoice.invoice_date,
                    "is_refund": invoice.move_type == "out_refund",
                    "amount_total": invoice.amount_total,
                    "amount_residual": invoice.amount_residual,
                    "currency": invoice.currency_id,
                    "payment_label": payment_labels.get(invoice.payment_state, ""),
                    "url": url,
                    "pdf_url": invoice.get_portal_url(report_type="pdf", download=True),
                    "pay_url": url if online and invoice._has_to_be_paid() else False,
                    "instalments": [
                        {
                            "date_maturity": line.date_maturity,
                            "amount": abs(line.amount_currency),
                            "residual": abs(line.amount_residual_currency),
                            "state": line.o2c_instalment_state,
                            "state_label": instalment_labels.get(
                                line.o2c_instalment_state, ""
                            ),
                        }
                        for line in lines
                    ],
                }
            )
        return result

    @api.model
    def _o2c_portal_can_pay_online(self, company):
        """A payment provider of the company is set up (enabled or in test
        mode): core's invoice page then has the pay button."""
        # sudo: the providers are configuration the customer cannot read;
        # only whether one exists is used
        return bool(
            self.env["payment.provider"]
            .sudo()
            .search_count(
                [
                    ("state", "in", ("enabled", "test")),
                    ("company_id", "=", company.id),
                ],
                limit=1,
            )
        )

    @api.model
    def _o2c_portal_documents(self, order):
        """The order confirmation as PDF (core's report route)."""
        return [
            {
                "key": "confirmation",
                "label": self.env._("Order Confirmation"),
                "url": order.get_portal_url(report_type="pdf", download=True),
            }
        ]

    # ------------------------------------------------------------------
    # The list of orders
    # ------------------------------------------------------------------
    @api.model
    def _o2c_portal_list_values(self, orders):
        """Per order of ``/my/orders`` (sudoed, the customer's): its stage
        and the next date that matters, the promised delivery until
        delivered, else the next due date of an open instalment.

        Called by the portal controller
        (``_prepare_sale_portal_rendering_values``).

        :return: dict order id -> ``{"stage_label", "next_date",
            "next_date_label"}``
        """
        stage_labels = dict(
            self.env["sale.order"]._fields["o2c_stage"]._description_selection(self.env)
        )
        due = self._o2c_portal_next_due_dates(orders)
        today = fields.Date.context_today(self)
        result = {}
        for order in orders:
            stage = O2C_PORTAL_STEP_OF_STAGE.get(order.o2c_stage, order.o2c_stage)
            next_date, label = self._o2c_portal_next_date(order, due, today)
            result[order.id] = {
                "stage_label": stage_labels.get(stage, ""),
                "next_date": next_date,
                "next_date_label": label,
            }
        return result

    @api.model
    def _o2c_portal_next_due_dates(self, orders):
        """The next due date of each open posted invoice of the ``orders``
        (sudoed, the customer's).

        Called by :meth:`_o2c_portal_list_values`.

        :return: dict invoice id -> date
        """
        # sudo: the due dates of the orders' own invoices, one query for the
        # page rather than one per order
        due = {}
        invoices = orders.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        )
        if invoices:
            lines = (
                self.env["account.move.line"]
                .sudo()
                .search(
                    [
                        ("move_id", "in", invoices.ids),
                        ("display_type", "=", "payment_term"),
                        ("reconciled", "=", False),
                        ("amount_residual", "!=", 0),
                    ],
                    order="date_maturity, id",
                )
            )
            for line in lines:
                due.setdefault(line.move_id.id, line.date_maturity)
        return due

    @api.model
    def _o2c_portal_next_date(self, order, due, today):
        """The next date that matters for ``order`` in ``/my/orders``: the
        promised delivery until delivered, else the next due date of an open
        instalment (``due``: :meth:`_o2c_portal_next_due_dates`).

        Called by :meth:`_o2c_portal_list_values` for each order.

        :return: ``(date or False, label)``
        """
        next_date, label = False, ""
        if order.o2c_stage in (
            "intake",
            "review",
            "hold",
            "confirmed",
            "production",
            "shipping",
        ):
            promised = (
                order.o2c_promised_date or order.commitment_date or order.expected_date
            )
            if promised:
                next_date = fields.Date.to_date(
                    fields.Datetime.context_timestamp(order, promised)
                )
                label = self.env._("Delivery")
        elif order.o2c_stage == "payment":
            dates = [
                due[invoice.id] for invoice in order.invoice_ids if invoice.id in due
            ]
            if dates:
                next_date = min(dates)
                label = (
                    self.env._("Overdue since")
                    if next_date < today
                    else self.env._("Due")
                )
        return next_date, label
