# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The review of a quotation. With ``o2c_order_hold.py`` (hold, release,
confirmation guard), read top to bottom:

1. **Review** (:meth:`O2cOrderReview._o2c_review`): the checks of
   :meth:`~O2cOrderReview._o2c_review_checks` (credit, availability, price,
   terms) each return findings; they replace the order's
   ``o2c.order.check`` records (values from
   :meth:`~O2cOrderReview._prepare_o2c_check_vals`), releases that still
   cover the order are kept, the people who may release a new blocking
   finding are asked (activity values from
   ``o2c.order.hold._prepare_o2c_release_activity_vals``), clean orders
   of the chosen channels are confirmed. Doors into it, all on
   ``sale.order``: ``action_o2c_review()`` (button, XML-RPC), the intake
   (``o2c_submit_order``), a quotation sent (``action_quotation_sent``, the
   send wizard's message) and the confirmation (3.).
2. **Release** (``o2c.order.hold._o2c_release``), behind
   ``sale.order.action_o2c_release(reason)``: by the members of the group of
   ``o2c.order.hold._o2c_release_groups``, reason in the chatter.
3. **Confirmation guard** (``o2c.order.hold._o2c_confirmation_guard``):
   every door into a confirmed order (``action_confirm()`` and the Confirm
   button, ``action_o2c_confirm()``, a write or create of the state, the
   portal's signature and payment, the automatic confirmation) reaches
   ``sale.order.write(state="sale")`` or ``create()``, which run it: the
   orders are reviewed for their confirmation
   (``o2c.order.hold._o2c_confirmation_review``) and refused while held.
"""

import hashlib
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_compare, format_date, formatLang

from ..tools.o2c_prefetch import fetch_one2many
from .o2c_order_check import CHECK_RESULTS

# Severity of review results, to keep the worst finding.
RESULT_SEVERITY = {
    result: index for index, (result, _label) in enumerate(CHECK_RESULTS)
}


class O2cOrderReview(models.AbstractModel):
    """Service of ``sale.order``: the review's checks and findings. Holds no
    data; extend it with ``_inherit = "o2c.order.review"`` (add a check in
    :meth:`_o2c_review_checks`, adapt the findings it creates through
    :meth:`_prepare_o2c_check_vals`)."""

    _name = "o2c.order.review"
    _description = "Order to Cash: Order Review"

    # ------------------------------------------------------------------
    # 1. Review
    # ------------------------------------------------------------------
    @api.model
    def _o2c_review(
        self,
        orders,
        auto_confirm=True,
        notify_customer=True,
        recheck=False,
        released_by_user=False,
    ):
        """Run the checks on ``orders`` (quotations), keep the releases that
        still cover them, tell the people concerned and, for clean orders
        from the chosen channels, confirm them.

        :param bool auto_confirm: confirm clean orders of the channels the
            company chose
        :param bool notify_customer: e-mail a new promised date at once
            (at confirmation, the confirmation e-mail carries it instead)
        :param bool recheck: run only the checks of
            :meth:`_o2c_confirmation_rechecks` (the order is unchanged since
            its last full review); the findings of the other checks stay
        :param bool released_by_user: the caller releases, in the current
            user's name, the blocking findings that user may all release
            (a confirmation by such a person): no release is requested then
        """
        # the review posts messages itself: not as "quotation sent" ones
        orders = orders.with_context(mark_so_as_sent=False)
        # the findings of earlier reviews with their values, in one query
        fetch_one2many(orders, "o2c_check_ids")
        now = fields.Datetime.now()
        for order in orders:
            order = order.with_company(order.company_id)
            self.with_env(order.env)._o2c_review_order(
                order, now, notify_customer, recheck, released_by_user
            )
        if auto_confirm:
            self._o2c_auto_confirm(orders)

    @api.model
    def _o2c_review_order(self, order, now, notify_customer, recheck, released_by_user):
        """Review one order (see :meth:`_o2c_review` for the parameters)."""
        previous = order.o2c_check_ids
        previously_open = {
            (check.check_type, check.line_id.id)
            for check in previous._o2c_open_blocking()
        }
        all_checks = self._o2c_review_checks(order)
        vals_list = []
        for check in self._o2c_confirmation_rechecks(order) if recheck else all_checks:
            vals_list.extend(
                self._prepare_o2c_check_vals(
                    order, finding, all_checks.index(check), now
                )
                for finding in check(order)
            )
        checks = self._o2c_store_findings(order, vals_list, previous)
        if not recheck:
            order._o2c_action_write(
                {
                    "o2c_review_date": now,
                    "o2c_review_fingerprint": self._o2c_review_fingerprint(order),
                }
            )
        new_blocking = checks._o2c_open_blocking().filtered(
            lambda c: (c.check_type, c.line_id.id) not in previously_open
        )
        hold = self.env["o2c.order.hold"]
        if new_blocking and not (
            released_by_user
            and checks._o2c_open_blocking() <= hold._o2c_releasable_checks(order)
        ):
            hold._o2c_request_release(order, new_blocking)
        if previously_open and not checks._o2c_open_blocking():
            # the hold found before is gone: so are its release activities
            hold._o2c_close_release_activities(order)
        if notify_customer or not order.company_id.o2c_send_confirmation:
            self.env["o2c.order.mail"]._o2c_notify_promised_date(order)

    @api.model
    def _o2c_review_checks(self, order):
        """The checks of the review, in order.

        Each is a method of this service taking the order and returning a
        list of finding values (see :meth:`_o2c_finding`): dicts with
        ``check_type``, ``result`` (``ok``, ``warning``, ``blocking``),
        ``message`` and optionally ``line_id``. Called by
        :meth:`_o2c_review_order`; extend with ``super()`` to add checks
        (add the check type to ``o2c.order.check.check_type`` with
        ``selection_add``, and its group to
        ``o2c.order.hold._o2c_release_groups``).
        """
        return [
            self._o2c_check_credit,
            self._o2c_check_availability,
            self._o2c_check_price,
            self._o2c_check_terms,
        ]

    @api.model
    def _o2c_confirmation_rechecks(self, order):
        """Checks run again at confirmation on an order unchanged since a
        recent full review (called by :meth:`_o2c_review_order` with
        ``recheck``): the credit situation moves with every order and
        payment of the customer, so it is always checked again."""
        return [self._o2c_check_credit]

    @api.model
    def _prepare_o2c_check_vals(self, order, finding, sequence, date):
        """Values of one ``o2c.order.check`` (a finding of the review).

        Called by :meth:`_o2c_review_order` for each finding a check
        returned; the records are created (or kept, when found again
        unchanged) by :meth:`_o2c_store_findings`. An integrator may add
        values of fields added to ``o2c.order.check``; ``check_type``,
        ``line_id``, ``result``, ``message`` and ``amount_reviewed`` decide
        whether a finding is found again and a release still covers it.

        :param dict finding: the check's values (:meth:`_o2c_finding`)
        :param int sequence: the check's position in :meth:`_o2c_review_checks`
        :param datetime date: when the review ran
        """
        return {
            "order_id": order.id,
            "company_id": order.company_id.id,
            "sequence": sequence,
            "amount_reviewed": order.amount_total,
            "date": date,
            **finding,
        }

    @api.model
    def _o2c_finding(self, check_type, result, message, line=None):
        """A finding of a check: the values a check method returns."""
        return {
            "check_type": check_type,
            "result": result,
            "message": message,
            "line_id": line.id if line else False,
        }

    @api.model
    def _o2c_store_findings(self, order, vals_list, previous):
        """Replace the findings of the check types in ``vals_list`` by these
        values; a finding found again unchanged keeps its record (only its
        date moves). Returns all findings of the order."""
        order.ensure_one()
        self._o2c_carry_releases(order, vals_list, previous)
        rerun = {vals["check_type"] for vals in vals_list}
        replaced = previous.filtered(lambda c: c.check_type in rerun)

        def key(check_type, line_id, result, message, released, amount):
            message = message or ""
            return (check_type, line_id or False, result, message, released, amount)

        unchanged = {
            key(
                c.check_type,
                c.line_id.id,
                c.result,
                c.message,
                c.released,
                c.amount_reviewed,
            ): c
            for c in replaced
        }
        kept = self.env["o2c.order.check"]
        to_create = []
        for vals in vals_list:
            match = unchanged.pop(
                key(
                    vals["check_type"],
                    vals.get("line_id"),
                    vals["result"],
                    vals["message"],
                    vals.get("released", False),
                    vals["amount_reviewed"],
                ),
                None,
            )
            if match:
                kept |= match
            else:
                to_create.append(vals)
        # sudo: findings are the review's own records; users only read them;
        # written only where the date moves (a review in the same second
        # as the last one leaves them as they are)
        date = vals_list[0]["date"] if vals_list else False
        kept.filtered(lambda c: c.date != date).sudo()._o2c_action_write({"date": date})
        (replaced - kept).sudo().unlink()
        created = self.env["o2c.order.check"].sudo()._o2c_action_create(to_create)
        return (previous - replaced) | kept | created.with_env(self.env)

    @api.model
    def _o2c_carry_releases(self, order, vals_list, previous):
        """Keep a release on a new finding of the same kind when the order
        total does not exceed the amount that was released."""
        order.ensure_one()
        released = {
            (check.check_type, check.line_id.id): check
            for check in previous
            if check.released and check.result != "ok"
        }
        for vals in vals_list:
            old = released.get((vals["check_type"], vals.get("line_id", False)))
            if (
                not old
                or vals["result"] == "ok"
                or RESULT_SEVERITY[vals["result"]] > RESULT_SEVERITY[old.result]
                or order.currency_id.compare_amounts(
                    vals["amount_reviewed"], old.amount_reviewed
                )
                > 0
            ):
                continue
            vals.update(
                released=True,
                release_user_id=old.release_user_id.id,
                release_date=old.release_date,
                release_reason=old.release_reason,
                amount_reviewed=old.amount_reviewed,
            )

    @api.model
    def _o2c_review_fingerprint(self, order):
        """Digest of what the review looks at on the order itself.

        Called by the review (stored on the order) and by the confirmation
        (``o2c.order.hold``) to tell whether the order changed; extend it when a check
        looks at more of the order."""
        order.ensure_one()
        values = (
            order.company_id.id,
            order.partner_id.id,
            order.partner_invoice_id.id,
            order.partner_shipping_id.id,
            order.pricelist_id.id,
            order.payment_term_id.id,
            order.currency_id.id,
            order.warehouse_id.id,
            str(order.commitment_date or ""),
            order.amount_total,
            [
                (
                    line.id,
                    line.product_id.id,
                    line.product_uom.id,
                    line.product_uom_qty,
                    line.price_unit,
                    line.discount,
                    line.display_type or "",
                )
                for line in order.order_line
            ],
        )
        return hashlib.sha256(repr(values).encode()).hexdigest()

    @api.model
    def _o2c_review_is_current(self, order):
        """The last full review is recent (company setting) and the order
        has not changed since: at confirmation, only the credit is checked
        again.

        Called by ``o2c.order.hold._o2c_review_before_confirm``."""
        order.ensure_one()
        minutes = order.company_id.o2c_review_validity_minutes
        return bool(
            minutes > 0
            and order.o2c_review_date
            and fields.Datetime.now() - order.o2c_review_date
            <= timedelta(minutes=minutes)
            and order.o2c_review_fingerprint == self._o2c_review_fingerprint(order)
        )

    @api.model
    def _o2c_auto_confirm(self, orders):
        """Confirm clean orders of the channels the company chose (called
        by :meth:`_o2c_review` right after their review)."""
        clean = orders.filtered(
            lambda o: (
                o.state in ("draft", "sent")
                and o.company_id.o2c_auto_confirm
                and o.o2c_channel
                in o.company_id.o2c_auto_confirm_channel_ids.mapped("code")
                and o.o2c_check_ids
                and all(check.result == "ok" for check in o.o2c_check_ids)
                and any(not line.display_type for line in o.order_line)
            )
        )
        if clean:
            # reviewed just now by the caller (_o2c_review)
            self.env["o2c.order.hold"]._o2c_mark_reviewed_for_confirmation(clean)
            clean.action_confirm()

    # --- The checks --------------------------------------------------------------

    @api.model
    def _o2c_format_amount(self, order, amount, currency=None):
        """An amount as shown in a finding's message (called by the checks)."""
        return formatLang(self.env, amount, currency_obj=currency or order.currency_id)

    @api.model
    def _o2c_check_credit(self, order):
        """Exposure (open receivables + confirmed, uninvoiced orders) plus
        this order against the credit limit; overdue invoices and other
        reasons of the customer block too. A constant number of queries
        whatever the customer's history.

        One of :meth:`_o2c_review_checks`, called by :meth:`_o2c_review_order` (and
        again at every confirmation, see :meth:`_o2c_confirmation_rechecks`)."""
        order.ensure_one()
        company = order.company_id
        # the customer with the user's partner, in one query: the overdue
        # rule's today is the user's (its time zone is on the partner)
        (order.partner_id | self.env.user.partner_id).mapped("tz")
        partner = order.partner_id.commercial_partner_id.with_company(company)
        findings = [
            self._o2c_finding("credit", "blocking", reason)
            for reason in partner._o2c_credit_block_reasons()
        ]
        limit = partner._o2c_credit_limits(company).get(partner.id, 0.0)
        if limit:
            limit_finding = self._o2c_credit_limit_finding(order, partner, limit)
            if limit_finding["result"] != "ok" or not findings:
                findings.append(limit_finding)
        if not findings:
            findings.append(
                self._o2c_finding(
                    "credit", "ok", self.env._("No credit limit or block applies.")
                )
            )
        if all(finding["result"] == "ok" for finding in findings):
            return findings
        # what the customer paid of the order is read only when something
        # would hold it: an order paid in full gets no credit to hold
        prepaid = self._o2c_prepaid_amount(order)
        if order.currency_id.compare_amounts(prepaid, order.amount_total) >= 0:
            return [
                self._o2c_finding(
                    "credit",
                    "ok",
                    self.env._(
                        "Paid in advance (%(amount)s): no credit is given.",
                        amount=order.currency_id.format(prepaid),
                    ),
                )
            ]
        return findings

    @api.model
    def _o2c_prepaid_amount(self, order):
        """What the customer has paid of ``order`` already, in its currency:
        its authorized or done payment transactions (core's
        ``amount_paid``: the portal's payment), or the paid part of its
        posted invoices (a down payment registered by accounting), whichever
        is more (a transaction that paid an invoice is both). One query.

        Called by :meth:`_o2c_check_credit` when a finding would hold the
        order: an order paid in full is not held for credit."""
        if order.currency_id.is_zero(order.amount_total):
            return 0.0
        self.env["payment.transaction"].flush_model(["state", "amount", "currency_id"])
        self.env["account.move"].flush_model(
            ["state", "move_type", "currency_id", "amount_total", "amount_residual"]
        )
        self.env["account.move.line"].flush_model(["move_id"])
        self.env["sale.order.line"].flush_model(["order_id", "invoice_lines"])
        self.env["sale.order"].flush_model(["transaction_ids"])
        # one query: transactions and invoices are accounting's documents,
        # the salesperson's review only learns how much of the order is paid
        [(transactions, invoices)] = self.env.execute_query(
            SQL(
                """
                SELECT (SELECT COALESCE(SUM(tx.amount), 0)
                          FROM payment_transaction tx
                          JOIN sale_order_transaction_rel rel
                            ON rel.transaction_id = tx.id
                         WHERE rel.sale_order_id = %(order)s
                           AND tx.state IN ('authorized', 'done')
                           AND tx.currency_id = %(currency)s),
                       (SELECT COALESCE(SUM(move.amount_total
                                            - move.amount_residual), 0)
                          FROM account_move move
                         WHERE move.state = 'posted'
                           AND move.move_type = 'out_invoice'
                           AND move.currency_id = %(currency)s
                           AND move.id IN (
                                SELECT aml.move_id
                                  FROM account_move_line aml
                                  JOIN sale_order_line_invoice_rel rel
                                    ON rel.invoice_line_id = aml.id
                                  JOIN sale_order_line sol
                                    ON sol.id = rel.order_line_id
                                 WHERE sol.order_id = %(order)s))
                """,
                order=order.id,
                currency=order.currency_id.id,
            )
        )
        return max(transactions, invoices)

    @api.model
    def _o2c_credit_limit_finding(self, order, partner, limit):
        """The order against the customer's credit ``limit``: a blocking
        finding when exposure plus order go above it, else an ok one."""
        company = order.company_id
        exposure = partner._o2c_credit_exposure_by_partner(
            company, partner.ids, exclude_orders=order.ids
        )[partner.id]
        amount = order.currency_id._convert(
            order.amount_total,
            company.currency_id,
            company,
            (order.date_order or fields.Datetime.now()).date(),
        )
        currency = company.currency_id
        if currency.compare_amounts(exposure + amount, limit) > 0:
            return self._o2c_finding(
                "credit",
                "blocking",
                self.env._(
                    "Credit limit exceeded: exposure %(exposure)s plus "
                    "this order %(amount)s is above the limit of "
                    "%(limit)s.",
                    exposure=self._o2c_format_amount(order, exposure, currency),
                    amount=self._o2c_format_amount(order, amount, currency),
                    limit=self._o2c_format_amount(order, limit, currency),
                ),
            )
        return self._o2c_finding(
            "credit",
            "ok",
            self.env._(
                "Within the credit limit: %(available)s left after this order.",
                available=self._o2c_format_amount(
                    order, limit - exposure - amount, currency
                ),
            ),
        )

    @api.model
    def _o2c_check_availability(self, order):
        """Per line of storable goods: can the quantity be delivered on the
        requested date? Otherwise the next possible date from the forecast.
        Sets the promised delivery date of the lines and of the order.

        One of :meth:`_o2c_review_checks`, called by :meth:`_o2c_review_order`."""
        order.ensure_one()
        lines = order.order_line.filtered(lambda line: line._o2c_needs_stock())
        short_result = (
            "blocking" if order.company_id.o2c_availability_blocking else "warning"
        )
        findings = []
        promised = {}
        for line in lines:
            requested = line.scheduled_date or fields.Datetime.now()
            available = line.virtual_available_at_date
            rounding = line.product_uom.rounding or 0.01
            if (
                float_compare(
                    available, line.product_uom_qty, precision_rounding=rounding
                )
                >= 0
            ):
                promised[line] = requested
                continue
            promised[line] = line._o2c_next_possible_date(requested)
            findings.append(
                self._o2c_finding(
                    "availability",
                    short_result,
                    self._o2c_shortage_message(line, requested, promised[line]),
                    line,
                )
            )
        self._o2c_set_promised_dates(order, lines, promised)
        if not findings:
            findings.append(
                self._o2c_finding(
                    "availability",
                    "ok",
                    self.env._("Every line can be delivered on the requested date.")
                    if lines
                    else self.env._("No goods to deliver from stock."),
                )
            )
        return findings

    @api.model
    def _o2c_shortage_message(self, line, requested, next_date):
        """The availability finding of a line short on ``requested``."""
        values = {
            "product": line.product_id.display_name,
            "qty": formatLang(self.env, line.product_uom_qty),
            "uom": line.product_uom.name,
            "date": format_date(self.env, requested),
            "available": formatLang(self.env, max(line.virtual_available_at_date, 0.0)),
        }
        if next_date:
            return self.env._(
                "%(product)s: %(qty)s %(uom)s requested for %(date)s, "
                "%(available)s available then; next possible delivery "
                "on %(next_date)s.",
                next_date=format_date(self.env, next_date),
                **values,
            )
        return self.env._(
            "%(product)s: %(qty)s %(uom)s requested for %(date)s, "
            "%(available)s available then, and no supply is planned: "
            "no delivery date can be promised yet.",
            **values,
        )

    @api.model
    def _o2c_set_promised_dates(self, order, lines, promised):
        """The promised delivery of each line (``promised``: line -> date or
        False) and of the order: the last line's, none while a line has
        none, the commitment date when no line needs stock."""
        # one write per date, of the lines whose promise moves
        lines_by_date = defaultdict(lambda: order.order_line.browse())
        for line in order.order_line:
            date = promised.get(line, False)
            if line.o2c_promised_date != date:
                lines_by_date[date] |= line
        for date, date_lines in lines_by_date.items():
            date_lines._o2c_action_write({"o2c_promised_date": date})
        if lines and all(promised.values()):
            order_promise = max(promised.values())
        elif lines:
            order_promise = False
        else:
            order_promise = order.commitment_date or False
        order._o2c_action_write({"o2c_promised_date": order_promise})

    @api.model
    def _o2c_check_price(self, order):
        """Unit prices below the pricelist price beyond the allowed discount
        need a sales manager. Lines Odoo does not price from the pricelist
        (sections, notes, down payments, delivery charges, rewards) are no
        price findings, nor are lines the pricelist gives away; a combo is
        checked as a whole (see ``sale.order.line._o2c_is_price_checked``
        and ``sale.order.line._o2c_prices``).

        One of :meth:`_o2c_review_checks`, called by :meth:`_o2c_review_order`."""
        order.ensure_one()
        allowed = order.company_id.o2c_max_discount
        findings = []
        for line in order.order_line.filtered(
            lambda line: line.product_uom_qty > 0 and line._o2c_is_price_checked()
        ):
            net_price, list_price = line._o2c_prices()
            if order.currency_id.is_zero(list_price) or list_price < 0:
                continue
            floor = list_price * (1.0 - allowed / 100.0)
            if order.currency_id.compare_amounts(net_price, floor) >= 0:
                continue
            findings.append(
                self._o2c_finding(
                    "price",
                    "blocking",
                    self.env._(
                        "%(product)s: net unit price %(price)s is %(discount)s %% "
                        "below the pricelist price %(list_price)s (allowed: "
                        "%(allowed)s %%).",
                        product=line.product_id.display_name,
                        price=self._o2c_format_amount(order, net_price),
                        discount=formatLang(
                            self.env, (1.0 - net_price / list_price) * 100.0, digits=1
                        ),
                        list_price=self._o2c_format_amount(order, list_price),
                        allowed=formatLang(self.env, allowed, digits=1),
                    ),
                    line,
                )
            )
        if not findings:
            findings.append(
                self._o2c_finding(
                    "price", "ok", self.env._("Prices are within the allowed discount.")
                )
            )
        return findings

    @api.model
    def _o2c_check_terms(self, order):
        """Payment terms and a complete delivery address for goods.

        One of :meth:`_o2c_review_checks`, called by :meth:`_o2c_review_order`."""
        order.ensure_one()
        findings = []
        if not order.payment_term_id:
            findings.append(
                self._o2c_finding(
                    "terms",
                    "warning",
                    self.env._(
                        "No payment terms: the invoice would be due immediately."
                    ),
                )
            )
        shipping = order.partner_shipping_id
        if any(line._o2c_is_deliverable() for line in order.order_line) and not (
            shipping.street and shipping.city and shipping.country_id
        ):
            findings.append(
                self._o2c_finding(
                    "terms",
                    "warning",
                    self.env._(
                        "The delivery address %(partner)s is incomplete "
                        "(street, city and country are needed).",
                        partner=shipping.display_name,
                    ),
                )
            )
        if not findings:
            findings.append(
                self._o2c_finding(
                    "terms",
                    "ok",
                    self.env._("Payment terms and delivery address are set."),
                )
            )
        return findings
