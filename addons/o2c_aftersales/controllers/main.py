# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools.misc import get_lang

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

RATING_SCORES = (1, 2, 3, 4, 5)


class O2cFollowupPortal(CustomerPortal):
    """Public rating page of a follow-up, reached by its secret token (the
    link in the follow-up mail), and the customer's list in the portal.

    The token is checked by portal's ``_document_check_access``: the logged-in
    customer (record rules) or anyone holding the token, compared in constant
    time. The page only accepts one rating: once rated, the link is used up.
    """

    # ------------------------------------------------------------------
    # Rating page
    # ------------------------------------------------------------------
    @http.route(
        "/aftersales/followup/<int:followup_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def o2c_followup_page(self, followup_id, access_token=None, rating=None, **kw):
        followup_sudo, response = self._o2c_open_followup(followup_id, access_token)
        if response is not None:
            return response
        return self._o2c_render_form(
            followup_sudo, access_token, self._o2c_parse_rating(rating)
        )

    @http.route(
        "/aftersales/followup/<int:followup_id>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def o2c_followup_submit(
        self, followup_id, access_token=None, rating=None, feedback=None, **kw
    ):
        followup_sudo, response = self._o2c_open_followup(followup_id, access_token)
        if response is not None:
            return response
        score = self._o2c_parse_rating(rating)
        if score not in RATING_SCORES:
            return self._o2c_render_form(
                followup_sudo,
                access_token,
                0,
                feedback,
                error=request.env._("Please choose a rating from 1 to 5."),
                status=400,
            )
        try:
            followup_sudo._o2c_answer_from_token_page(score, feedback or "")
        except (UserError, ValidationError) as error:
            return self._o2c_render_form(
                followup_sudo,
                access_token,
                score,
                feedback,
                error=error.args[0],
                status=400,
            )
        return self._o2c_render(
            "o2c_aftersales.followup_page_thanks", {"followup": followup_sudo}
        )

    def _o2c_open_followup(self, followup_id, access_token):
        """The follow-up the visitor may still rate, sudoed, as
        ``(followup_sudo, None)``; else ``(None, response)`` with the page to
        answer: 404 for an unknown follow-up or a wrong token, 403 once the
        link is used up."""
        followup_sudo = self._o2c_followup_check_access(followup_id, access_token)
        if not followup_sudo:
            return None, self._o2c_render(
                "o2c_aftersales.followup_page_invalid", {}, 404
            )
        if not followup_sudo._o2c_token_page_open():
            return None, self._o2c_render(
                "o2c_aftersales.followup_page_used", {"followup": followup_sudo}, 403
            )
        return followup_sudo, None

    @staticmethod
    def _o2c_parse_rating(rating):
        """The rating of the request as a number, 0 when missing or no number."""
        try:
            return int(rating) if rating else 0
        except ValueError:
            return 0

    def _o2c_followup_check_access(self, followup_id, access_token):
        """The follow-up, sudoed, if the visitor may answer it, else False."""
        try:
            return self._document_check_access(
                "o2c.followup", followup_id, access_token
            )
        except (AccessError, MissingError):
            return False

    def _o2c_render_form(
        self, followup_sudo, access_token, rating, feedback=None, error=None, status=200
    ):
        return self._o2c_render(
            "o2c_aftersales.followup_page_form",
            {
                "followup": followup_sudo,
                "access_token": access_token or "",
                "rating": rating,
                "feedback": feedback or "",
                "error": error,
                "scores": RATING_SCORES,
            },
            status,
        )

    def _o2c_render(self, template, values, status=200):
        followup = values.get("followup")
        lang = (followup and followup.partner_id.lang) or get_lang(request.env).code
        request.update_context(lang=lang)
        return request.render(template, values, status=status)

    # ------------------------------------------------------------------
    # Portal: the customer's follow-ups
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "o2c_followup_count" in counters:
            followups = request.env["o2c.followup"]
            values["o2c_followup_count"] = (
                followups.search_count(self._o2c_portal_domain())
                if followups.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/followups", "/my/followups/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_o2c_followups(self, page=1, **kw):
        followups = request.env["o2c.followup"]
        if not followups.has_access("read"):
            return request.redirect("/my")
        domain = self._o2c_portal_domain()
        count = followups.search_count(domain)
        pager = portal_pager(
            url="/my/followups", total=count, page=page, step=self._items_per_page
        )
        values = self._prepare_portal_layout_values()
        values.update(
            followups=followups.search(
                domain, limit=self._items_per_page, offset=pager["offset"]
            ),
            pager=pager,
            page_name="o2c_followup",
            default_url="/my/followups",
        )
        return request.render("o2c_aftersales.portal_my_followups", values)

    def _o2c_portal_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("commercial_partner_id", "=", partner.id),
            ("state", "!=", "scheduled"),
        ]
