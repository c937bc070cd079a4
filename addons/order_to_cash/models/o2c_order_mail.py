# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class O2cOrderMail(models.AbstractModel):
    """Service of ``sale.order``: what the customer is told of the order and
    its promised delivery date, the confirmation (queued when staff confirm,
    sent by the mail queue ``o2c.mail.queue`` or printed for customers by
    post), the notice of the date the review could promise when stock is
    short, and the updated confirmation when the promise of a confirmed
    order moves (mail tracking). ``o2c_notified_promised_date``
    (sale_order.py) keeps the date last told, so that each date is told
    once. Holds no data; extend it with ``_inherit = "o2c.order.mail"``.
    The overrides of Odoo's mail methods are on ``sale.order``
    (sale_order.py) and call this."""

    _name = "o2c.order.mail"
    _description = "Order to Cash: Order Confirmation Mails"

    @api.model
    def _o2c_queue_confirmation_mail(self, orders):
        """Queue the confirmation of the orders staff confirmed (rendered
        and sent by the mail queue, off the request path: see
        ``o2c.mail.queue``). The promised date it will tell is marked told
        now, so that the confirmation's own date is not mailed again as an
        update at the commit. Called by ``sale.order.action_confirm``."""
        for order in orders:
            order._o2c_action_write(
                {"o2c_notified_promised_date": order.o2c_promised_date}
            )
        self.env["o2c.mail.queue"]._o2c_enqueue("order_confirmation", orders)

    @api.model
    def _o2c_send_queued_confirmation(self, orders):
        """Send the queued confirmation of the ``orders`` still confirmed.
        Called by the mail queue (``o2c.mail.queue._o2c_send``). Customers
        whose documents go by post get the order's PDF queued for printing
        (``o2c.print.job``) instead of the e-mail."""
        orders = orders.filtered(lambda o: o.state == "sale")
        by_post = orders.filtered(lambda o: o.partner_id._o2c_by_post())
        if by_post:
            self.env["o2c.print.job"]._o2c_queue(
                by_post, "sale.action_report_saleorder"
            )
            for order in by_post:
                # the printed confirmation tells the promised date
                order._o2c_action_write(
                    {"o2c_notified_promised_date": order.o2c_promised_date}
                )
        (orders - by_post)._send_order_confirmation_mail()

    @api.model
    def _o2c_notify_promised_date(self, order):
        """Tell the customer at once the date the review could promise when
        stock is short (once per date).

        Called by the review (``o2c.order.review._o2c_review_order``) and by a payment
        that finds the order held (payment_transaction.py)."""
        order.ensure_one()
        if (
            not order.company_id.o2c_notify_availability
            or not order.o2c_promised_date
            or order.o2c_promised_date == order.o2c_notified_promised_date
            or not order.o2c_check_ids.filtered(
                lambda c: c.check_type == "availability" and c.result != "ok"
            )
        ):
            return
        template = self.env.ref("order_to_cash.mail_template_o2c_availability")
        order._send_order_notification_mail(template)
        order._o2c_action_write({"o2c_notified_promised_date": order.o2c_promised_date})

    @api.model
    def _o2c_confirmation_template(self, order):
        """The order-to-cash confirmation (promised date per line, prices)
        when the company sends it: for orders its staff confirm, and when a
        confirmed order is sent again; ``None`` (or ``False``) where Odoo's
        template applies. A customer's own confirmation in the
        portal (signature, online payment: Odoo confirms those with
        ``send_email``) gets the template of the Sales settings, as in Odoo;
        so does every confirmation when the company sends none of its own.
        The context key chooses the text of the mail only. Called by
        ``sale.order._get_confirmation_template``."""
        order.ensure_one()
        if (
            self.env.context.get("send_email")
            or not order.company_id.o2c_send_confirmation
        ):
            return False
        return self.env.ref(
            "order_to_cash.mail_template_o2c_confirmation", raise_if_not_found=False
        )

    @api.model
    def _o2c_tracked_initial_values(self, order, initial_values):
        """The initial values mail tracking compares ``order`` with
        (``sale.order._mail_track``). The first date the review promises on
        a quotation is no news for the chatter (the findings and the
        confirmation carry it): only a promise that moves, or one given to a
        confirmed order, is tracked (and tells the customer, see
        :meth:`_o2c_confirmation_update`)."""
        if (
            "o2c_promised_date" in initial_values
            and not initial_values["o2c_promised_date"]
            and order.state in ("draft", "sent")
        ):
            initial_values = dict(initial_values)
            del initial_values["o2c_promised_date"]
        return initial_values

    @api.model
    def _o2c_confirmation_update(self, order, changes):
        """An updated confirmation goes to the customer when the promised
        date of a confirmed order changes (sent with the tracking, at the
        end of the transaction): the ``(template, options)`` mail tracking
        sends for ``o2c_promised_date``, or ``None``. Called by
        ``sale.order._track_template`` with the tracked ``order``."""
        if (
            "o2c_promised_date" in changes
            and order.state == "sale"
            and order.o2c_promised_date
            and order.o2c_promised_date != order.o2c_notified_promised_date
            and order.company_id.o2c_send_confirmation
        ):
            # sudo: the marker is bookkeeping of what the customer was told;
            # flushed here as this runs at the commit, after the last flush
            order.sudo()._o2c_action_write(
                {"o2c_notified_promised_date": order.o2c_promised_date}
            )
            order.sudo().flush_recordset(["o2c_notified_promised_date"])
            return (
                self.env.ref("order_to_cash.mail_template_o2c_confirmation_update"),
                self._prepare_o2c_confirmation_update_mail_vals(order),
            )
        return None

    @api.model
    def _prepare_o2c_confirmation_update_mail_vals(self, order):
        """Options of the updated confirmation mailed when the promised
        date of the confirmed ``order`` moves (template *Order Confirmation
        Update*), as mail tracking takes them.

        Called by :meth:`_o2c_confirmation_update` (``sale.order
        ._track_template``) at the end of the transaction. An integrator may
        change the layout or the subtype."""
        return {
            "composition_mode": "comment",
            "auto_delete_keep_log": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
            "email_layout_xmlid": (
                "mail.mail_notification_layout_with_responsible_signature"
            ),
        }
