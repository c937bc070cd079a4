# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class O2cReturnPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "o2c_return_count" in counters:
            Return = request.env["o2c.return"]
            values["o2c_return_count"] = (
                Return.search_count([]) if Return.has_access("read") else 0
            )
        return values

    @http.route(["/my/returns"], type="http", auth="user", website=True)
    def portal_my_o2c_returns(self, **kw):
        returns = request.env["o2c.return"].search([], order="date desc, id desc")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "returns": returns,
                "page_name": "o2c_return",
                "default_url": "/my/returns",
            }
        )
        return request.render("o2c_returns.portal_my_returns", values)

    @http.route(
        ["/my/returns/<int:return_id>"], type="http", auth="public", website=True
    )
    def portal_my_o2c_return(self, return_id, access_token=None, **kw):
        try:
            rma = self._document_check_access("o2c.return", return_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            rma,
            access_token,
            {"o2c_return": rma, "page_name": "o2c_return"},
            "my_o2c_returns_history",
            False,
        )
        return request.render("o2c_returns.portal_my_return", values)

    @http.route(
        ["/my/orders/<int:order_id>/return"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_o2c_request_return(self, order_id, **post):
        try:
            order = self._document_check_access("sale.order", order_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        Return = request.env["o2c.return"]
        returnable = Return.sudo()._o2c_returnable_quantities(order)
        returnable = {p: q for p, q in returnable.items() if q > 0}
        error = False
        if request.httprequest.method == "POST":
            try:
                lines = self._o2c_return_form_lines(post, returnable)
                result = Return.portal_create_return(
                    order.id, lines, description=post.get("description") or False
                )
                return request.redirect(f"/my/returns/{result['id']}")
            except ValueError:
                error = request.env._("Quantities must be numbers.")
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        return self._o2c_render_return_form(order, returnable, error)

    def _o2c_return_form_lines(self, post, returnable):
        """Lines of the posted return form for ``portal_create_return``: one
        per returnable product with a quantity, the reason chosen for all
        (checked there as any other caller's)."""
        lines = []
        reason_id = int(post.get("reason_id") or 0) or False
        for product in returnable:
            qty = float(post.get(f"qty_{product.id}") or 0)
            # anything but 0 is a line: negative, NaN or infinite quantities
            # are refused with the field named
            if qty != 0:
                lines.append(
                    {"product_id": product.id, "qty": qty, "reason_id": reason_id}
                )
        if not lines:
            raise UserError(request.env._("Enter a quantity to return."))
        return lines

    def _o2c_render_return_form(self, order, returnable, error):
        reasons = (
            request.env["o2c.return.reason"]
            .sudo()
            .search(
                [
                    ("portal_visible", "=", True),
                    ("company_id", "in", (False, order.company_id.id)),
                ]
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "sale_order": order,
                "returnable": returnable,
                "reasons": reasons,
                "error": error,
                "page_name": "o2c_return",
            }
        )
        return request.render("o2c_returns.portal_request_return", values)
