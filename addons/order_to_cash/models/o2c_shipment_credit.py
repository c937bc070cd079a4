# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.o2c_input import o2c_text
from ..tools.o2c_mail import o2c_notifier


class O2cShipmentCredit(models.AbstractModel):
    """The credit check before shipping: the customer's credit looked at
    again when a delivery of a confirmed order is validated.

    Between confirmation and shipping, invoices fall overdue, a final notice
    goes out, other orders fill the credit limit. A delivery of such a
    customer is held (the company's *Credit at Shipping*, on by default):
    its validation is refused naming the findings until a credit manager
    releases the delivery (``stock.picking.action_o2c_release_credit``).
    What a credit manager released on the order itself (the same overdue
    invoices, the order's amount above the limit) does not hold it again.

    Service of ``stock.picking``: the delivery's fields (``o2c_credit_hold``,
    the release) and its action are on the transfer (stock_picking.py).
    Holds no data; extend it with ``_inherit = "o2c.shipment.credit"``.
    """

    _name = "o2c.shipment.credit"
    _description = "Order to Cash Credit Check of Shipments"

    @api.model
    def _o2c_pickings_to_check(self, pickings):
        """Deliveries to customers of confirmed orders, not released, in
        companies that hold them (called by the validation's guard and the
        transfer's hold message)."""
        return pickings.filtered(
            lambda p: (
                p.state not in ("done", "cancel")
                and not p.o2c_credit_release_date
                and p.company_id.o2c_shipment_credit_check == "hold"
                and p.sale_id.state == "sale"
                and p._o2c_is_customer_delivery()
                and not p.return_id
            )
        )

    @api.model
    def _o2c_findings(self, picking):
        """The reasons (translated) that hold ``picking`` now: the credit
        rules of the review for its customer, the order's own invoices left
        out (the rest of an order is not held again for the invoices of its
        earlier shipments: the credit decision on the order covers them, as
        in Odoo's partial delivery and invoicing flows), less those released
        on its order; and the credit limit when the exposure (the order
        included) is above it and no credit finding of the order was
        released.

        Called by :meth:`_o2c_held` and the transfer's hold message."""
        picking.ensure_one()
        company = picking.company_id
        order = picking.sale_id
        partner = order.partner_id.commercial_partner_id.with_company(company)

        def released():
            # sudo: the warehouse validates; the release of the order's
            # credit findings (a credit manager's decision) is read, not
            # shown; read only when a rule or a limit applies
            return (
                order.sudo()
                .o2c_check_ids.filtered(
                    lambda c: c.check_type == "credit" and c.released
                )
                .mapped("message")
            )

        findings = []
        # sudo: the order's invoices are left out of the rules, not shown
        reasons = partner._o2c_credit_block_reasons(order.sudo().invoice_ids.ids)
        if reasons:
            released_messages = released()
            findings = [reason for reason in reasons if reason not in released_messages]
        limit = partner._o2c_credit_limits(company).get(partner.id, 0.0)
        if limit and not released():
            exposure = partner._o2c_credit_exposure_by_partner(company, partner.ids)[
                partner.id
            ]
            currency = company.currency_id
            if currency.compare_amounts(exposure, limit) > 0:
                findings.append(
                    self.env._(
                        "Credit limit exceeded: exposure %(exposure)s is above "
                        "the limit of %(limit)s.",
                        exposure=currency.format(exposure),
                        limit=currency.format(limit),
                    )
                )
        return findings

    @api.model
    def _o2c_held(self, pickings):
        """``{picking: findings}`` of the pickings held for credit now.

        Called by ``stock.picking._action_done`` (every validation: the
        button, the backorder wizard, XML-RPC) before anything is done."""
        held = {}
        to_check = self._o2c_pickings_to_check(pickings)
        if to_check:
            # the user's partner (today for the check is the user's, its time
            # zone on the partner) with the companies' (the shipped order's
            # delivered date is where the company works), in one query
            partners = self.env.user.partner_id | to_check.company_id.partner_id
            partners.mapped("tz")
        for picking in to_check:
            findings = self._o2c_findings(picking)
            if findings:
                held[picking] = findings
        return held

    @api.model
    def _o2c_held_error(self, held):
        """The error refusing the validation of the ``held`` pickings."""
        lines = [
            self.env._(
                "%(picking)s (%(order)s): %(findings)s",
                picking=picking.name,
                order=picking.sale_id.name,
                findings=" ".join(findings),
            )
            for picking, findings in held.items()
        ]
        return UserError(
            self.env._(
                "The delivery is held for the customer's credit:\n%(lines)s\n"
                "A credit manager can release it (Release Credit on the "
                "transfer).",
                lines="\n".join(lines),
            )
        )

    @api.model
    def _o2c_compute_credit_hold(self, pickings):
        """Why each of ``pickings`` is held now, and whether the user may
        release it. Called by ``stock.picking._compute_o2c_credit_hold``."""
        to_check = self._o2c_pickings_to_check(pickings)
        manager = self.env.user.has_group("order_to_cash.group_o2c_credit_manager")
        for picking in pickings:
            findings = picking in to_check and self._o2c_findings(picking)
            picking.o2c_credit_hold = "\n".join(findings) if findings else False
            picking.o2c_can_release_credit = bool(findings) and manager

    @api.model
    def _o2c_release_credit(self, records, reason):
        """Release the deliveries ``records`` held for the customer's credit:
        see ``stock.picking.action_o2c_release_credit``, which calls this."""
        pickings, reason = self._ensure_can_o2c_release_credit(records, reason)
        pickings._o2c_action_write(
            {
                "o2c_credit_release_date": fields.Datetime.now(),
                "o2c_credit_release_user_id": self.env.uid,
                "o2c_credit_release_reason": reason,
            }
        )
        for picking in pickings:
            _records, author = o2c_notifier(records, picking.company_id)
            for record in (picking, picking.sale_id):
                # a str body is escaped by message_post
                record.message_post(
                    **author,
                    body=self.env._(
                        "Delivery %(picking)s released for credit by %(user)s: "
                        "%(reason)s",
                        picking=picking.name,
                        user=self.env.user.name,
                        reason=reason,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    @api.model
    def _ensure_can_o2c_release_credit(self, records, reason):
        """Refuse the release of ``records`` (``stock.picking
        .action_o2c_release_credit``) to anyone but a credit
        manager of the deliveries' companies, without a reason, or on
        deliveries not held; return the deliveries (sudoed: credit managers
        decide on credit without being warehouse staff) and the reason."""
        if not self.env.user.has_group("order_to_cash.group_o2c_credit_manager"):
            raise AccessError(
                self.env._("Only credit managers can release a delivery for credit.")
            )
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._("Give the reason of the release (field: reason).")
            )
        reason = o2c_text(self.env, reason, "reason", size=2000, required=True)
        # sudo: limited to the companies of the credit manager, checked here
        pickings = records.sudo().exists()
        if pickings.company_id - self.env.user.company_ids:
            raise AccessError(
                self.env._("You may not release deliveries of other companies.")
            )
        held = self.sudo()._o2c_held(pickings)
        if not pickings or len(held) != len(pickings) or len(pickings) != len(records):
            raise UserError(
                self.env._("Only deliveries held for credit can be released.")
            )
        return pickings, reason.strip()
