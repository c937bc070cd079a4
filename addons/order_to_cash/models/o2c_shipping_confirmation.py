# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re
from urllib.parse import quote

from odoo import api, models

# Several tracking numbers are kept in the core carrier_tracking_ref field,
# separated by commas (semicolons, spaces and line breaks are accepted too).
TRACKING_SEPARATORS = re.compile(r"[,;\s]+")
TRACKING_PLACEHOLDER = "<shipmenttrackingnumber>"


class O2cShippingConfirmation(models.AbstractModel):
    """Service of ``stock.picking``: tracking numbers and the shipping
    confirmation, the transfer's tracking links (several numbers in
    ``carrier_tracking_ref``), and the mail telling the customer of a shipped
    delivery, queued at validation and sent by the mail queue
    (``o2c.mail.queue``), once per transfer (``o2c_shipping_mail_sent``,
    stock_picking.py). Holds no data; extend it with
    ``_inherit = "o2c.shipping.confirmation"``."""

    _name = "o2c.shipping.confirmation"
    _description = "Order to Cash: Tracking Links and Shipping Confirmation"

    @api.model
    def _o2c_tracking_numbers(self, picking):
        picking.ensure_one()
        return [
            number
            for number in TRACKING_SEPARATORS.split(picking.carrier_tracking_ref or "")
            if number
        ]

    @api.model
    def _o2c_compute_tracking_urls(self, pickings):
        """Several numbers with a carrier tracking page: one link per number,
        in the JSON list the core form already shows as several links.
        Called by ``stock.picking._compute_carrier_tracking_url`` after
        core's."""
        for picking in pickings:
            template = picking.carrier_id.tracking_url or ""
            numbers = self._o2c_tracking_numbers(picking)
            if len(numbers) > 1 and TRACKING_PLACEHOLDER in template:
                picking.carrier_tracking_url = json.dumps(
                    [
                        [number, template.replace(TRACKING_PLACEHOLDER, quote(number))]
                        for number in numbers
                    ]
                )

    @api.model
    def _o2c_tracking_links(self, picking):
        """Tracking numbers of ``picking`` with the carrier's tracking link:
        see ``stock.picking.get_o2c_tracking_links``, which calls this."""
        picking.ensure_one()
        numbers = self._o2c_tracking_numbers(picking)
        url = picking.carrier_tracking_url or False
        trackers = picking.get_multiple_carrier_tracking()
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

    @api.model
    def _o2c_shipping_mail_due(self, pickings):
        """Shipped customer deliveries not mailed yet. A company using
        Inventory's own delivery confirmation e-mail keeps that one alone, so
        the customer never gets two.

        Called by :meth:`_o2c_send_shipping_confirmation`."""
        return pickings.filtered(
            lambda p: (
                p.state == "done"
                and p._o2c_is_customer_delivery()
                and not p.o2c_shipping_mail_sent
                and p.company_id.o2c_shipping_confirmation
                and not p.company_id.stock_move_email_validation
                and p.partner_id.email
            )
        )

    @api.model
    def _o2c_send_shipping_confirmation(self, pickings):
        """Queue the mail that tells the customer of each shipped delivery
        its tracking links, once (called by
        ``stock.picking._send_confirmation_email``, at validation; the mail
        queue ``o2c.mail.queue`` sends it)."""
        pickings = self._o2c_shipping_mail_due(pickings)
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

    @api.model
    def _o2c_send_queued_shipping_confirmation(self, pickings):
        """Post the shipping confirmation of each of ``pickings`` from the
        template *Shipping Confirmation*. Called by the mail queue
        (``o2c.mail.queue._o2c_send``), which :meth:`_o2c_send_shipping_confirmation`
        fed at validation."""
        template = self.env.ref(
            "order_to_cash.mail_template_o2c_shipping_confirmation",
            raise_if_not_found=False,
        )
        if not template:
            return
        for picking in pickings:
            picking.message_post_with_source(
                template, **self._prepare_o2c_shipping_mail_vals(picking)
            )

    @api.model
    def _prepare_o2c_shipping_mail_vals(self, picking):
        """Options of the shipping confirmation of ``picking`` posted to the
        customer from the template *Shipping Confirmation*
        (``message_post_with_source``).

        Called by :meth:`_o2c_send_queued_shipping_confirmation` for each
        shipped customer delivery queued by
        :meth:`_o2c_send_shipping_confirmation`. An integrator may change the
        layout or add attachments (``attachment_ids``)."""
        picking.ensure_one()
        return {
            "message_type": "comment",
            "email_layout_xmlid": "mail.mail_notification_light",
            "subtype_xmlid": "mail.mt_comment",
        }
