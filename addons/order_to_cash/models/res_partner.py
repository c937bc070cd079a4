# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # --- Intake and review -------------------------------------------------

    def _o2c_credit_block_reasons(self):
        """Reasons (translated strings) that block credit for this customer.

        Called on a commercial partner by the credit check of the review;
        each reason found makes the credit finding blocking. Extend with
        ``super()`` to add reasons.
        """
        self.ensure_one()
        return self._o2c_overdue_block_reasons() + self._o2c_reminder_block_reasons()

    def _o2c_overdue_block_reasons(self):
        """Blocking reasons from overdue invoices (intake and review)."""
        return []

    # --- Fulfilment ----------------------------------------------------------

    # --- Invoicing and payment ---------------------------------------------

    o2c_reminder_excluded = fields.Boolean(
        string="No Payment Reminders",
        help="Overdue invoices of this customer get no payment reminders.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["o2c_reminder_excluded"]

    def _o2c_reminder_block_reasons(self):
        """Blocking reasons from payment reminders: an open invoice of the
        customer (in the current companies) that received the final notice."""
        self.ensure_one()
        # sudo: the credit check runs for sales staff who may not read every
        # invoice of the customer; only the invoice numbers are returned.
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "in", self.env.companies.ids),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("o2c_reminder_level_id", "!=", False),
                ]
            )
        )
        levels = self.env["o2c.reminder.level"]
        final_invoices = invoices.filtered(
            lambda move: (
                move.o2c_reminder_level_id
                == levels._o2c_levels_for_company(move.company_id)[-1:]
            )
        )
        if not final_invoices:
            return []
        return [
            self.env._(
                "Final payment notice sent and still unpaid: %(invoices)s.",
                invoices=", ".join(final_invoices.mapped("name")),
            )
        ]
