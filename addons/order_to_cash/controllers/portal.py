# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

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

    # ------------------------------------------------------------------
    # The customer's lifecycle page (issue 21)
    # ------------------------------------------------------------------
    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        """The order page gets its lifecycle panel's values (computed by
        ``o2c.order.portal``); ``document`` is the order core's route
        checked access to."""
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sale.order":
            values["o2c_portal"] = request.env["o2c.order.portal"]._o2c_portal_values(
                document, access_token=access_token
            )
        return values

    def _prepare_sale_portal_rendering_values(self, *args, **kwargs):
        """``/my/orders`` shows each order's stage and next date."""
        values = super()._prepare_sale_portal_rendering_values(*args, **kwargs)
        orders = values.get("orders")
        if orders:
            values["o2c_portal_list"] = request.env[
                "o2c.order.portal"
            ]._o2c_portal_list_values(orders)
        return values

    @http.route(
        ["/my/orders/<int:order_id>/delivery/<int:picking_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_o2c_delivery_slip(self, order_id, picking_id, access_token=None, **kw):
        """The delivery slip of a shipped delivery of the order, as PDF.
        Access as core's order page: the customer logged in (record rules)
        or the order's access token; the delivery must be a shipped
        customer delivery of that order."""
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        fulfilment = request.env["o2c.order.fulfilment"]
        picking_sudo = fulfilment._o2c_outgoing_pickings(order_sudo).filtered(
            lambda p: p.id == picking_id and p.state == "done"
        )
        if not picking_sudo:
            return request.not_found()
        # sudo: the report is rendered for the checked delivery only, as
        # core's _show_report does for the order
        report = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(picking_sudo.company_id)
            ._render_qweb_pdf(
                "stock.action_report_delivery",
                picking_sudo.ids,
                data={"report_type": "pdf"},
            )[0]
        )
        filename = "{}.pdf".format(re.sub(r"\W+", "_", picking_sudo.name))
        return request.make_response(
            report,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(report)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
