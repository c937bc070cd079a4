# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Return requests from customers: the portal's form (and its XML-RPC
method ``o2c.return.portal_create_return``) and e-mails to the returns
alias (``o2c.return.message_new``). The input is checked here, as hostile;
the draft return is created in the customer's company and handed to the
responsible with an activity to review it."""

import re

from odoo import Command, api, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.order_to_cash.tools.o2c_input import (
    O2C_MAX_LINES,
    o2c_lines,
    o2c_number,
    o2c_strip_controls,
    o2c_text,
)

# Most characters of the customer's description of a return.
DESCRIPTION_SIZE = 10000


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


class O2cReturnRequest(models.AbstractModel):
    _name = "o2c.return.request"
    _description = "Customer Returns: Requests from the Portal and by E-mail"

    # ------------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------------
    @api.model
    def _create_portal_return(self, order_id, lines, description=False):
        """The draft return a customer requests in the portal (the arguments
        of ``o2c.return.portal_create_return``, checked here)."""
        lines = o2c_lines(self.env, lines, "lines", maximum=O2C_MAX_LINES)
        description = o2c_text(
            self.env, description, "description", size=DESCRIPTION_SIZE
        )
        order = self._portal_order(order_id)
        line_vals = [self._portal_line_vals(order, line) for line in lines]
        # sudo: customers may request returns of their own orders (checked
        # with their access rights) but do not write returns otherwise; the
        # quantity guard runs as part of the creation.
        order = order.sudo()
        vals = self._prepare_portal_return_vals(order, line_vals, description)
        with self.env.cr.savepoint():
            rma = (
                self.env["o2c.return"]
                .sudo()
                .with_company(order.company_id)
                ._o2c_without_protected_defaults()
                ._o2c_action_create(vals)
            )
        self._schedule_review_activity(rma)
        return rma

    @api.model
    def _portal_order(self, order_id):
        """The confirmed order ``order_id``, if the caller may read it."""
        if not _is_id(order_id):
            raise ValidationError(self.env._("order_id must be an order id."))
        order = self.env["sale.order"].browse(order_id).exists()
        if not order:
            raise ValidationError(self.env._("order_id: no such order."))
        # the caller's access rules decide whether the order is theirs
        order.check_access("read")
        if order.state != "sale":
            raise UserError(
                self.env._(
                    "Order %(order)s is not confirmed: nothing to return.",
                    order=order.name,
                )
            )
        return order

    @api.model
    def _portal_line_vals(self, order, line):
        """Return line values of one line of the portal's payload: a product
        of ``order``, a quantity above 0, a reason shown in the portal."""
        if not isinstance(line, dict):
            raise ValidationError(
                self.env._("Each line must be a dict with product_id and qty.")
            )
        product_id = line.get("product_id")
        reason_id = line.get("reason_id") or False
        if not _is_id(product_id):
            raise ValidationError(self.env._("product_id must be a product id."))
        qty = o2c_number(
            self.env, line.get("qty"), "qty", minimum=0, exclusive_minimum=True
        )
        if reason_id is not False:
            if not _is_id(reason_id):
                raise ValidationError(self.env._("reason_id must be a reason id."))
            # sudo: the reasons shown in the portal are the customer's choice
            reason = self.env["o2c.return.reason"].sudo().browse(reason_id).exists()
            if not reason or not reason.portal_visible:
                raise ValidationError(self.env._("reason_id: no such reason."))
        # sudo: the products of an order the caller may read
        if product_id not in order.sudo().order_line.product_id.ids:
            raise ValidationError(
                self.env._(
                    "product_id: the product is not on order %(order)s.",
                    order=order.name,
                )
            )
        return {"product_id": product_id, "qty": qty, "reason_id": reason_id}

    @api.model
    def _prepare_portal_return_vals(self, order, line_vals, description):
        """Values of the draft return a customer requests in the portal.

        Called by :meth:`_create_portal_return` (the portal's form and
        ``o2c.return.portal_create_return``) once the input is checked; an
        integrator may add values (e.g. a responsible per customer) or
        change the lines' values. Protected fields given here (``origin``)
        are set as the request's.

        :param order: the customer's confirmed order (sudo)
        :param list line_vals: values of the return lines
        :param str description: the customer's text, checked
        """
        return {
            "order_id": order.id,
            "partner_id": order.partner_id.id,
            "company_id": order.company_id.id,
            "origin": "portal",
            "user_id": order.user_id.id,
            "description": description or False,
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    # ------------------------------------------------------------------
    # E-mail
    # ------------------------------------------------------------------
    @api.model
    def _prepare_email_return_vals(self, msg_dict, custom_values=None):
        """Values of the draft return an e-mail to the returns alias creates
        (the mail gateway adds the chatter's own).

        Called by ``o2c.return.message_new`` (the mail gateway); an
        integrator may read more of the mail (a form's fields, an order
        number pattern). The sender is
        the customer; an order of the customer named in the subject or body
        is linked; ``custom_values`` (the alias's defaults) come first.
        """
        values = dict(custom_values or {}, origin="email")
        # core would name the record after the subject: the reference comes
        # from the returns sequence (create), as for any other return
        values.setdefault("name", "/")
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        if not author and msg_dict.get("email_from"):
            # a list of partners, one per e-mail given
            author = self.env["res.partner"]._find_or_create_from_emails(
                [msg_dict["email_from"]]
            )[0]
        values.setdefault("partner_id", author.id)
        text = " ".join(
            filter(None, [msg_dict.get("subject"), msg_dict.get("body") or ""])
        )
        order = self._find_order_in_text(author, text)
        if order:
            values.setdefault("order_id", order.id)
            values.setdefault("company_id", order.company_id.id)
        values.setdefault(
            "description",
            o2c_strip_controls(msg_dict.get("subject") or "")[:DESCRIPTION_SIZE]
            or False,
        )
        return values

    @api.model
    def _find_order_in_text(self, partner, text):
        """A confirmed order of ``partner``'s company named in ``text``."""
        if not partner or not text:
            return self.env["sale.order"]
        words = set(re.findall(r"[\w/.-]+", text))
        if not words:
            return self.env["sale.order"]
        # sudo: the sender is matched to their own company's orders only
        return (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("name", "in", list(words)),
                    ("state", "=", "sale"),
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                ],
                limit=1,
            )
        )

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------
    @api.model
    def _schedule_review_activity(self, rmas):
        for rma in rmas:
            rma.activity_schedule(**self._prepare_review_activity_vals(rma))

    @api.model
    def _prepare_review_activity_vals(self, rma):
        """Arguments of ``activity_schedule`` for the activity asking to
        review a return a customer requested.

        Called by :meth:`_schedule_review_activity` after a request from the
        portal or by e-mail; an integrator may change the activity type,
        the deadline or whom it is assigned to (the return's responsible,
        else the order's salesperson, else the administrator).
        """
        return {
            "act_type_xmlid": "mail.mail_activity_data_todo",
            "summary": self.env._("Review the return request"),
            "user_id": (rma.user_id or rma.order_id.user_id).id
            or self.env.ref("base.user_admin").id,
        }
