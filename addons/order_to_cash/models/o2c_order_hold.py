# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An order on hold: who may release it, the release, and the guard that
keeps a held order from being confirmed. Follows ``o2c_order_review.py``
(the review that finds the holds); read top to bottom:

2. **Hold and release**: an order is held (:meth:`O2cOrderHold._o2c_is_held`)
   while a blocking finding is open, or released for a smaller total; the
   review asks the people of :meth:`~O2cOrderHold._o2c_release_groups`
   (:meth:`~O2cOrderHold._o2c_request_release`), who release with
   ``sale.order.action_o2c_release(reason)``
   (:meth:`~O2cOrderHold._o2c_release`).
3. **Confirmation guard** (:meth:`~O2cOrderHold._o2c_confirmation_guard`):
   every door into a confirmed order (``action_confirm()`` and the Confirm
   button, ``action_o2c_confirm()``, a write or create of the state, the
   portal's signature and payment, the automatic confirmation) reaches
   ``sale.order.write(state="sale")`` or ``create()``, which run it: the
   orders are reviewed for their confirmation
   (:meth:`~O2cOrderHold._o2c_confirmation_review`) and refused while held.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.http import request
from odoo.tools import formatLang

from ..tools.o2c_input import o2c_html_text, o2c_text
from ..tools.o2c_mail import o2c_notifier
from ..tools.o2c_prefetch import fetch_one2many

_logger = logging.getLogger(__name__)

# Key of the transaction's pre-commit data holding, per order id, the
# fingerprint of an order reviewed for its confirmation in the running call
# (see O2cOrderHold._o2c_mark_reviewed_for_confirmation).
REVIEWED_KEY = "order_to_cash.reviewed"


class O2cOrderHold(models.AbstractModel):
    """Service of ``sale.order``: hold, release and the confirmation guard.
    Holds no data; extend it with ``_inherit = "o2c.order.hold"`` (who may
    release what, the release request's activity through
    :meth:`_prepare_o2c_release_activity_vals`)."""

    _name = "o2c.order.hold"
    _description = "Order to Cash: Hold, Release and Confirmation Guard"

    # ------------------------------------------------------------------
    # 2. Hold and release
    # ------------------------------------------------------------------
    @api.model
    def _o2c_release_groups(self):
        """XML id of the group allowed to release findings, per check type.

        Called by :meth:`_o2c_releasable_checks`, :meth:`_o2c_release_users` and the
        release's guard; extend it with the group of a check added to the review."""
        return {
            "credit": "order_to_cash.group_o2c_credit_manager",
            "availability": "sales_team.group_sale_manager",
            "price": "sales_team.group_sale_manager",
            "terms": "sales_team.group_sale_manager",
        }

    @api.model
    def _o2c_is_held(self, order):
        """Blocking finding not released, or released for a smaller total.

        Called by the confirmation guard, the Confirm button, the portal and a payment
        (payment_transaction.py), and by ``sale.order._confirmation_error_message``."""
        order.ensure_one()
        return any(
            check.result == "blocking"
            and (
                not check.released
                or order.currency_id.compare_amounts(
                    order.amount_total, check.amount_reviewed
                )
                > 0
            )
            for check in order.o2c_check_ids
        )

    @api.model
    def _o2c_hold_message(self, order):
        """Why a held order cannot be confirmed (the refusal's message)."""
        order.ensure_one()
        held = order.o2c_check_ids.filtered(lambda c: c.result == "blocking")
        return self.env._(
            "Order %(order)s is on hold until its review findings are released "
            "(for the current total): %(findings)s",
            order=order.name,
            findings=" ".join(held.mapped("message")),
        )

    @api.model
    def _o2c_releasable_checks(self, order):
        """Open findings of the order the deciding user may release (see
        :meth:`_o2c_deciding_user`)."""
        order.ensure_one()
        groups = self._o2c_release_groups()
        user = self._o2c_deciding_user()
        return order.o2c_check_ids.filtered(
            lambda check: (
                check.is_open
                and check.check_type in groups
                and user.has_group(groups[check.check_type])
            )
        )

    @api.model
    def _o2c_deciding_user(self):
        """The person who decides on a release: the user of the HTTP
        request when one is logged in, else the environment's user (a
        scheduled action, the shell). Portal routes act for the customer
        with the superuser (``_document_check_access``): the customer, or
        the public user, is the one deciding there, and releases nothing.

        Called by :meth:`_o2c_releasable_checks` and :meth:`_o2c_release`."""
        if request and request.env.uid:
            return request.env.user
        return self.env.user

    @api.model
    def _o2c_release_users(self, order, check_type):
        """Internal users of the order's company allowed to release a
        finding of ``check_type``, the responsible one first.

        Called by :meth:`_o2c_request_release`."""
        order.ensure_one()
        group = self.env.ref(self._o2c_release_groups()[check_type])
        # sudo: the salesperson's review must find who decides, whatever
        # the salesperson may read of users and groups
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.id),
                    ("share", "=", False),
                    ("company_ids", "in", order.company_id.id),
                ],
                order="id",
            )
        )
        if check_type == "credit":
            first = order.company_id.o2c_credit_responsible_id & users
        else:
            first = order.team_id.user_id & users
        return first | users

    @api.model
    def _o2c_request_release(self, order, checks):
        """Message and activity to the people who can release ``checks``
        (new blocking findings of the review, per check type).

        Called by the review (``o2c.order.review._o2c_review_order``) when it finds new
        blocking findings."""
        order.ensure_one()
        notifier, author = o2c_notifier(order, order.company_id)
        activity_type = self.env.ref("order_to_cash.mail_activity_o2c_release")
        for check_type in dict.fromkeys(checks.mapped("check_type")):
            type_checks = checks.filtered(lambda c, t=check_type: c.check_type == t)
            users = self._o2c_release_users(order, check_type)
            notifier.message_post(
                body=self.env._(
                    "On hold: %(findings)s Please review and release the order "
                    "or agree the next steps with the customer.",
                    findings="\n".join(type_checks.mapped("message")),
                ),
                partner_ids=users.partner_id.ids,
                subtype_xmlid="mail.mt_note",
                **author,
            )
            responsible = users[:1]
            if not responsible or order.activity_ids.filtered(
                lambda a, u=responsible: (
                    a.activity_type_id == activity_type and a.user_id == u
                )
            ):
                continue
            notifier.activity_schedule(
                "order_to_cash.mail_activity_o2c_release",
                **self._prepare_o2c_release_activity_vals(
                    order, check_type, type_checks, responsible
                ),
            )

    @api.model
    def _prepare_o2c_release_activity_vals(self, order, check_type, checks, user):
        """Values (besides the activity type) of the activity asking
        ``user`` to decide on the held ``order``, as given to
        ``activity_schedule``.

        Called by :meth:`_o2c_request_release` once per check type with new
        blocking findings (``checks``), for the first of the users who may
        release them (:meth:`_o2c_release_users`), unless that user already
        has such an activity on the order. An integrator may set a deadline
        (``date_deadline``) or change the summary and note."""
        labels = dict(checks._fields["check_type"]._description_selection(self.env))
        return {
            "user_id": user.id,
            "summary": self.env._(
                "Decide on the held order (%(check)s)", check=labels[check_type]
            ),
            "note": o2c_html_text("\n".join(checks.mapped("message"))),
        }

    @api.model
    def _o2c_close_release_activities(self, order, feedback=None):
        """Mark the order's release requests done (the hold is gone).

        Called by the review when the hold is gone and by :meth:`_o2c_release`."""
        order.ensure_one()
        activity_type = self.env.ref("order_to_cash.mail_activity_o2c_release")
        activities = order.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        if activities:
            # sudo: closing the request is part of the release or the
            # review, whoever the activity was assigned to
            activities.sudo().action_feedback(feedback=feedback or False)

    @api.model
    def _o2c_ensure_can_release(self, orders, reason):
        """Refuse ``sale.order.action_o2c_release`` without a reason, or on
        orders whose findings the user may not release."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._("Give the reason of the release (field: reason).")
            )
        o2c_text(self.env, reason, "reason", size=2000, required=True)
        if not orders:
            raise UserError(
                self.env._("These orders have no open review finding to release.")
            )
        # read, not write: credit managers decide on orders they may read
        # without editing them (no write access on sale.order); the group is
        # checked per finding below, the note posted with sudo on release
        orders.check_access("read")
        groups = self._o2c_release_groups()
        for order in orders:
            if not self._o2c_releasable_checks(order):
                needed = {
                    self.env.ref(groups[check.check_type]).full_name
                    for check in order.o2c_check_ids.filtered("is_open")
                    if check.check_type in groups
                }
                raise AccessError(
                    self.env._(
                        "You may not release order %(order)s: its findings "
                        "need a member of %(groups)s.",
                        order=order.name,
                        groups=", ".join(sorted(needed)),
                    )
                )

    @api.model
    def _o2c_release(self, order, checks, reason):
        """Release ``checks`` of the order in the current user's name (the
        caller made sure the user may) and keep the reason in the chatter."""
        order.ensure_one()
        # sudo: findings are written by the review and the release only
        checks.sudo()._o2c_action_write(
            {
                "released": True,
                "release_user_id": self._o2c_deciding_user().id,
                "release_date": fields.Datetime.now(),
                "release_reason": reason,
            }
        )
        # sudo: posting needs write access on the order, which a credit
        # manager has not (see _o2c_ensure_can_release); the note stays theirs
        order.sudo().message_post(
            author_id=self._o2c_deciding_user().partner_id.id,
            body=self.env._(
                "Released up to %(amount)s: %(findings)s Reason: %(reason)s",
                amount=formatLang(
                    self.env, order.amount_total, currency_obj=order.currency_id
                ),
                findings="\n".join(checks.mapped("message")),
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if not order.o2c_check_ids._o2c_open_blocking():
            self._o2c_close_release_activities(order, feedback=reason)

    # ------------------------------------------------------------------
    # 3. Confirmation guard: one guard behind every door
    # ------------------------------------------------------------------
    @api.model
    def _o2c_confirmation_guard(self, orders):
        """Refuse to confirm the orders the review holds: reviewed for the
        confirmation first (see :meth:`_o2c_confirmation_review`).

        Called by ``sale.order.write`` (a state written to ``sale``: every
        confirmation, whatever the door) and ``sale.order.create`` (an order
        created confirmed). A hold found here is kept on record although
        the refusal rolls the transaction back (see
        :meth:`_o2c_keep_hold_after_refusal`)."""
        # the findings with their values, in one query
        fetch_one2many(orders, "o2c_check_ids")
        held_before = orders.filtered(lambda o: o.o2c_check_ids._o2c_open_blocking())
        self._o2c_confirmation_review(orders)
        held = orders.filtered(lambda o: self._o2c_is_held(o))
        if held:
            self._o2c_keep_hold_after_refusal(held - held_before)
            raise UserError(self._o2c_hold_message(held[0]))

    @api.model
    def _o2c_keep_hold_after_refusal(self, orders):
        """Review ``orders`` again once the refusal has rolled back the
        transaction, in a transaction of their own, so that the hold found
        at the confirmation stays on record: findings, the order's message,
        the release requests to the people who may release it (what
        :meth:`sale.order.action_o2c_confirm` keeps in its own transaction).
        Only for orders not held before the call (a known hold is on record
        already) that are still quotations then; as the same user, with
        nothing of the request's context but its language and companies."""
        if not orders:
            return
        registry, uid, order_ids = self.env.registry, self.env.uid, orders.ids
        context = {
            key: self.env.context[key]
            for key in ("lang", "tz", "allowed_company_ids")
            if key in self.env.context
        }

        def keep():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, uid, context)
                    quotations = (
                        env["sale.order"]
                        .browse(order_ids)
                        .exists()
                        .filtered(lambda o: o.state in ("draft", "sent"))
                    )
                    env["o2c.order.hold"]._o2c_confirmation_review(quotations)
            except Exception:
                _logger.exception("Keeping the hold of orders %s failed", order_ids)

        self.env.cr.postrollback.add(keep)

    @api.model
    def _o2c_confirmation_review(self, orders):
        """Review the orders for their confirmation, unless they were
        reviewed for it in the running call as they are now (see
        :meth:`_o2c_mark_reviewed_for_confirmation`).
        A held order whose blocking findings the current user may all
        release is released by that user: a person who may release it
        confirms it directly.

        Called by :meth:`_o2c_confirmation_guard`, by the Confirm button
        (``sale.order.action_o2c_confirm``) and by the portal's signature
        (``sale.order._o2c_held_for_signature``) before they decide."""
        reviewed = self.env.cr.precommit.data.get(REVIEWED_KEY, {})
        review = self.env["o2c.order.review"]
        # an order not marked is stale: its fingerprint need not be taken
        stale = orders.filtered(
            lambda o: (
                o.id not in reviewed
                or reviewed[o.id] != review._o2c_review_fingerprint(o)
            )
        )
        # a person who may release everything is asked for nothing
        self._o2c_review_before_confirm(stale, released_by_user=True)
        self._o2c_mark_reviewed_for_confirmation(stale)
        for order in orders:
            blocking = order.o2c_check_ids._o2c_open_blocking()
            if blocking and blocking <= self._o2c_releasable_checks(order):
                self._o2c_release(
                    order,
                    blocking,
                    self.env._("Confirmed by a person who may release."),
                )

    @api.model
    def _o2c_review_before_confirm(self, orders, released_by_user=False):
        """Credit and stock may have moved since the review: review the
        quotations again, only the credit of those unchanged since a recent
        review. The confirmation e-mail tells the promised date.

        Called by :meth:`_o2c_confirmation_review` and by an online payment
        (``payment.transaction._check_amount_and_confirm_order``).

        :param bool released_by_user: see ``o2c.order.review._o2c_review``
        """
        review = self.env["o2c.order.review"]
        current = orders.filtered(lambda o: review._o2c_review_is_current(o))
        review._o2c_review(
            current,
            auto_confirm=False,
            notify_customer=False,
            recheck=True,
            released_by_user=released_by_user,
        )
        review._o2c_review(
            orders - current,
            auto_confirm=False,
            notify_customer=False,
            released_by_user=released_by_user,
        )

    @api.model
    def _o2c_mark_reviewed_for_confirmation(self, orders):
        """The orders were reviewed for their confirmation in the running
        call, as they are now: confirming them in this call (before their
        state is written) reviews nothing again. A mark is used up by the
        write of the state (:meth:`_o2c_use_confirmation_marks`), and worth
        nothing once the order changes."""
        reviewed = self.env.cr.precommit.data.setdefault(REVIEWED_KEY, {})
        review = self.env["o2c.order.review"]
        for order in orders:
            reviewed[order.id] = review._o2c_review_fingerprint(order)

    @api.model
    def _o2c_use_confirmation_marks(self, orders):
        """The confirmation's review is used up (called by
        ``sale.order.write`` once the state is written): the next
        confirmation reviews again."""
        reviewed = self.env.cr.precommit.data.get(REVIEWED_KEY, {})
        for order_id in orders.ids:
            reviewed.pop(order_id, None)

    @api.model
    def _o2c_hold_notification(self, orders):
        """Client action telling the user the orders were put on hold
        (answer of ``sale.order.action_o2c_confirm``)."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "title": self.env._("On hold: not confirmed"),
                "message": self.env._(
                    "The review put %(orders)s on hold: %(findings)s The people "
                    "who can release it have been notified.",
                    orders=", ".join(orders.mapped("name")),
                    findings=" ".join(
                        orders.o2c_check_ids._o2c_open_blocking().mapped("message")
                    ),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
