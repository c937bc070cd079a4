# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    # --- Intake and review -------------------------------------------------

    def _check_amount_and_confirm_order(self):
        """A payment does not confirm a held quotation: the payment is kept
        and noted on the order, which waits for its release (confirming
        would be refused, and fail the payment's post-processing)."""
        held = self.browse()
        hold = self.env["o2c.order.hold"]
        for tx in self:
            quotation = tx.sale_order_ids.filtered(
                lambda order: order.state in ("draft", "sent")
            )
            if (
                len(tx.sale_order_ids) != 1
                or not quotation
                or not quotation._is_confirmation_amount_reached()
            ):
                continue  # core confirms nothing either
            # reviewed without releasing anything: the payment is the
            # customer's act, whoever runs its post-processing
            hold._o2c_review_before_confirm(quotation)
            hold._o2c_mark_reviewed_for_confirmation(quotation)
            if hold._o2c_is_held(quotation):
                held |= tx
                # no confirmation e-mail: the promised date is told now
                self.env["o2c.order.mail"]._o2c_notify_promised_date(quotation)
                quotation.message_post(
                    body=self.env._(
                        "Payment %(reference)s received; the order stays on hold "
                        "until its review findings are released.",
                        reference=tx.reference,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        # the others were reviewed just now: confirming them reviews nothing
        # again (see o2c.order.hold._o2c_confirmation_review)
        return super(PaymentTransaction, self - held)._check_amount_and_confirm_order()
