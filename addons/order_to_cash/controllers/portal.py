# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal


class O2cCustomerPortal(CustomerPortal):
    @http.route()
    def portal_quote_accept(
        self, order_id, access_token=None, name=None, signature=None
    ):
        """A quotation the review holds now is not signed: the signature is
        not recorded and the customer is told why (core would record it and
        then fail to confirm the order)."""
        token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=token
            )
        except (AccessError, MissingError):
            order_sudo = None  # core answers
        if order_sudo and order_sudo._o2c_held_for_signature():
            return {
                "error": request.env._(
                    "Your order is being reviewed by our team and cannot be "
                    "signed right now. We will contact you shortly."
                )
            }
        return super().portal_quote_accept(
            order_id, access_token=access_token, name=name, signature=signature
        )
