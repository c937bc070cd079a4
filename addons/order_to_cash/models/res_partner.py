# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models  # noqa: F401


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

    def _o2c_reminder_block_reasons(self):
        """Blocking reasons from payment reminders (e.g. a final notice)."""
        return []
