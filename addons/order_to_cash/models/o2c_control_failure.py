# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..tools.o2c_input import (
    O2C_MAX_LINES,
    o2c_html_text,
    o2c_lines,
    o2c_number,
    o2c_text,
)
from ..tools.o2c_mail import o2c_notifier


class O2cControlFailure(models.AbstractModel):
    """Service of ``stock.picking``: a failed shipment control, the reason
    (with the goods missing and defective) recorded on the transfer, the
    chatter note and the activity asking a person to follow it up. Holds no
    data; extend it with ``_inherit = "o2c.control.failure"``. The control
    gate and the passed control are in stock_picking.py; the reorders and
    complaints a failure sets going in ``o2c.control.replenishment``
    (``o2c.control.followup``)."""

    _name = "o2c.control.failure"
    _description = "Order to Cash: Failed Shipment Controls"

    @api.model
    def _o2c_control_fail(self, pickings, reason, missing=None, defective=None):
        """Record a failed control of ``pickings``: see
        ``stock.picking.action_o2c_control_fail``, which calls this (the
        button's wizard and XML-RPC)."""
        if (
            reason is None
            or reason is False
            or (isinstance(reason, str) and not reason.strip())
        ):
            raise ValidationError(
                self.env._("Give the reason of the failed control (field 'reason').")
            )
        reason = o2c_text(self.env, reason, "reason", size=2000, required=True)
        missing = self._o2c_control_fail_products(pickings, missing, "missing")
        defective = self._o2c_control_fail_products(pickings, defective, "defective")
        pickings._ensure_can_o2c_control()
        if missing:
            reason += "\n" + self.env._(
                "Missing: %(products)s", products=self._o2c_products_text(missing)
            )
        if defective:
            reason += "\n" + self.env._(
                "Defective: %(products)s", products=self._o2c_products_text(defective)
            )
        pickings._o2c_action_write(
            {
                "o2c_control_state": "failed",
                "o2c_control_reason": reason,
                "o2c_control_user_id": self.env.uid,
                "o2c_control_date": fields.Datetime.now(),
            }
        )
        followups = self.env["o2c.control.replenishment"]._o2c_control_followup(
            pickings, missing, defective
        )
        self._o2c_notify_control_failed(pickings, reason, followups)
        pickings._o2c_update_promised_dates("control")
        return True

    @api.model
    def _o2c_notify_control_failed(self, pickings, reason, followups):
        """Tell of the failed control on each transfer: a note with the
        ``reason`` in the chatter, and the activity asking a person to
        follow it up, with the notes of the ``followups`` of the transfer
        (``o2c.control.followup``: what could not be reordered or claimed).

        Called by :meth:`_o2c_control_fail` once the failure and its
        follow-ups are recorded."""
        for picking in pickings:
            notifier, author = o2c_notifier(picking, picking.company_id)
            # a str body is escaped by message_post
            notifier.message_post(
                body=self.env._("Shipment control failed: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
                **author,
            )
            notes = [
                followup.note
                for followup in followups
                if followup.picking_id == picking and followup.note
            ]
            notifier.activity_schedule(
                "order_to_cash.mail_activity_type_o2c_control_failed",
                **self._prepare_o2c_control_fail_activity_vals(
                    picking, "\n".join([reason, *notes])
                ),
            )

    @api.model
    def _prepare_o2c_control_fail_activity_vals(self, picking, reason):
        """Values (besides the activity type) of the activity asking a
        person to follow up the failed control of ``picking``, as given to
        ``activity_schedule``.

        Called by :meth:`_o2c_notify_control_failed` (the failure recorded
        by ``stock.picking.action_o2c_control_fail``) for each transfer,
        with the reason (missing and defective goods included). The person
        is :meth:`_o2c_control_responsible`; an integrator may set a
        deadline or assign it to purchasing or quality instead."""
        picking.ensure_one()
        return {
            "summary": self.env._(
                "Shipment control failed: %(picking)s", picking=picking.name
            ),
            # the note is HTML: the reason is shown as typed, escaped
            "note": o2c_html_text(reason),
            "user_id": self._o2c_control_responsible(picking).id,
        }

    @api.model
    def _o2c_control_fail_products(self, pickings, items, name):
        """``missing``/``defective`` of a failed control checked against the
        transfers' goods.

        :return: a list of ``(picking, product, qty)``, one per product (the
            quantities of a product given twice added up), the picking being
            the first of the transfers that carries the product; ``[]`` when
            not given
        """
        if items is None or items is False or items == []:
            return []
        items = o2c_lines(self.env, items, name, maximum=O2C_MAX_LINES)
        moves = pickings.move_ids.filtered(lambda m: m.state != "cancel")
        totals = {}
        for index, item in enumerate(items):
            field = f"{name}[{index}]"
            product_moves, maximum, qty = self._o2c_control_fail_item(
                pickings, item, field, moves
            )
            product = product_moves.product_id
            picking, total = totals.get(product, (product_moves.picking_id[:1], 0.0))
            total += qty
            rounding = product.uom_id.rounding
            if float_compare(total, maximum, precision_rounding=rounding) > 0:
                # computed before the call: Odoo's term extraction evaluates
                # the arguments of env._() and knows no local names
                total_text, maximum_text = f"{total:g}", f"{maximum:g}"
                raise ValidationError(
                    self.env._(
                        "%(field)s.qty: %(product)s is given more than once, "
                        "%(total)s in all, more than the %(maximum)s of the "
                        "transfer.",
                        field=field,
                        product=product.display_name,
                        total=total_text,
                        maximum=maximum_text,
                    )
                )
            totals[product] = (picking, total)
        return [(picking, product, qty) for product, (picking, qty) in totals.items()]

    @api.model
    def _o2c_control_fail_item(self, pickings, item, field, moves):
        """One ``{"product_id": id, "qty": number}`` of a failed control
        (``field``: its name in the call, ``missing[0]``...) checked against
        the transfers' ``moves``.

        Called by :meth:`_o2c_control_fail_products` for each item.

        :return: ``(product_moves, maximum, qty)``: the moves of its product,
            their quantity and the quantity given
        """
        if not isinstance(item, dict) or set(item) - {"product_id", "qty"}:
            raise ValidationError(
                self.env._(
                    "The field %(field)s must be a dictionary with product_id and qty.",
                    field=field,
                )
            )
        product_id = item.get("product_id")
        product_moves = moves.filtered(lambda m, p=product_id: m.product_id.id == p)
        if (
            not isinstance(product_id, int)
            or isinstance(product_id, bool)
            or not product_moves
        ):
            raise ValidationError(
                self.env._(
                    "%(field)s.product_id: not a product of %(pickings)s.",
                    field=field,
                    pickings=", ".join(pickings.mapped("display_name")),
                )
            )
        product = product_moves.product_id
        maximum = sum(product_moves.mapped("product_qty"))
        qty = o2c_number(
            self.env,
            item.get("qty"),
            f"{field}.qty",
            minimum=0,
            exclusive_minimum=True,
            maximum=maximum,
            rounding=product.uom_id.rounding,
        )
        return product_moves, maximum, qty

    @api.model
    def _o2c_products_text(self, items):
        """``(picking, product, qty)`` items as a text for people."""
        return ", ".join(
            f"{qty:g} {product.uom_id.name} {product.display_name}"
            for _picking, product, qty in items
        )

    @api.model
    def _o2c_control_responsible(self, picking):
        """Who follows up a failed control of ``picking``: the order's
        salesperson (who tells the customer and reorders), else the
        transfer's responsible.

        Called by :meth:`_prepare_o2c_control_fail_activity_vals` and the
        complaint to a vendor (``o2c.control.replenishment``)."""
        picking.ensure_one()
        return picking.sale_id.user_id or picking.user_id or self.env.user
