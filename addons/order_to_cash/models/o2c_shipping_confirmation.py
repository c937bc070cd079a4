# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re
from urllib.parse import quote

from odoo import models

# Several tracking numbers are kept in the core carrier_tracking_ref field,
# separated by commas (semicolons, spaces and line breaks are accepted too).
TRACKING_SEPARATORS = re.compile(r"[,;\s]+")
TRACKING_PLACEHOLDER = "<shipmenttrackingnumber>"


class StockPicking(models.Model):
    """Tracking numbers and the shipping confirmation: the transfer's
    tracking links (several numbers in ``carrier_tracking_ref``), and the
    mail telling the customer of a shipped delivery, queued at validation and
    sent by the mail queue (``o2c.mail.queue``), once per transfer
    (``o2c_shipping_mail_sent``, stock_picking.py)."""

    # a concern of its own beside stock_picking.py, not merged into it on purpose
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    def _o2c_tracking_numbers(self):
        self.ensure_one()
        return [
            number
            for number in TRACKING_SEPARATORS.split(self.carrier_tracking_ref or "")
            if number
        ]

    def _compute_carrier_tracking_url(self):
        res = super()._compute_carrier_tracking_url()
        # Several numbers with a carrier tracking page: one link per number,
        # in the JSON list the core form already shows as several links.
        for picking in self:
            template = picking.carrier_id.tracking_url or ""
            numbers = picking._o2c_tracking_numbers()
            if len(numbers) > 1 and TRACKING_PLACEHOLDER in template:
                picking.carrier_tracking_url = json.dumps(
                    [
                        [number, template.replace(TRACKING_PLACEHOLDER, quote(number))]
                        for number in numbers
                    ]
                )
        return res

    def get_o2c_open_items(self):
        """The goods of the order still to come after this transfer (one
        dict per order line: ``product``, ``qty``, ``uom``, ``date``
        expected), listed by the shipping confirmation of a partial
        shipment. Reads what the user may read."""
        self.ensure_one()
        return self.env["o2c.order.promise"]._o2c_open_items(self)

    def get_o2c_tracking_links(self):
        """Tracking numbers of the transfer with the carrier's tracking link.

        :return: list of dicts ``{"number": str, "url": str or False}``
        """
        self.ensure_one()
        numbers = self._o2c_tracking_numbers()
        url = self.carrier_tracking_url or False
        trackers = self.get_multiple_carrier_tracking()
        if isinstance(trackers, list):
            return [
                {"number": str(tracker[0]), "url": tracker[1] or False}
                for tracker in trackers
                if isinstance(tracker, list) and len(tracker) == 2
            ]
        return [
            {"number": number, "url": url if len(numbers) == 1 else False}
            for number in numbers
        ]

    def _send_confirmation_email(self):
        # the carrier (stock_delivery) books the shipment first: its tracking
        # numbers go into the confirmation
        res = super()._send_confirmation_email()
        self._o2c_send_shipping_confirmation()
        return res

    def _o2c_shipping_mail_due(self):
        """Shipped customer deliveries not mailed yet. A company using
        Inventory's own delivery confirmation e-mail keeps that one alone, so
        the customer never gets two.

        Called by :meth:`_o2c_send_shipping_confirmation`."""
        return self.filtered(
            lambda p: (
                p.state == "done"
                and p._o2c_is_customer_delivery()
                and not p.o2c_shipping_mail_sent
                and p.company_id.o2c_shipping_confirmation
                and not p.company_id.stock_move_email_validation
                and p.partner_id.email
            )
        )

    def _o2c_send_shipping_confirmation(self):
        """Queue the mail that tells the customer of each shipped delivery
        its tracking links, once (called by ``_send_confirmation_email``, at
        validation; the mail queue ``o2c.mail.queue`` sends it)."""
        pickings = self._o2c_shipping_mail_due()
        if not pickings:
            return
        template = self.env.ref(
            "order_to_cash.mail_template_o2c_shipping_confirmation",
            raise_if_not_found=False,
        )
        if not template:
            return
        # the marker is written in the transaction that queues the mail: a
        # rollback undoes both, a rerun finds the marker and sends nothing
        pickings._o2c_action_write({"o2c_shipping_mail_sent": True})
        self.env["o2c.mail.queue"]._o2c_enqueue("shipping_confirmation", pickings)

    def _o2c_send_queued_shipping_confirmation(self):
        """Post the shipping confirmation of each transfer from the template
        *Shipping Confirmation*. Called by the mail queue
        (``o2c.mail.queue._o2c_send``), which :meth:`_o2c_send_shipping_confirmation`
        fed at validation."""
        template = self.env.ref(
            "order_to_cash.mail_template_o2c_shipping_confirmation",
            raise_if_not_found=False,
        )
        if not template:
            return
        for picking in self:
            picking.message_post_with_source(
                template, **picking._prepare_o2c_shipping_mail_vals()
            )

    def _prepare_o2c_shipping_mail_vals(self):
        """Options of the shipping confirmation posted to the customer from
        the template *Shipping Confirmation* (``message_post_with_source``).

        Called by :meth:`_o2c_send_shipping_confirmation` for each shipped
        customer delivery not mailed yet. An integrator may change the
        layout or add attachments (``attachment_ids``)."""
        self.ensure_one()
        return {
            "message_type": "comment",
            "email_layout_xmlid": "mail.mail_notification_light",
            "subtype_xmlid": "mail.mt_comment",
        }
