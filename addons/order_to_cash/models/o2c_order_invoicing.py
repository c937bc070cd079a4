# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Automatic invoicing of confirmed orders (the scheduled action).

The cron *Order to Cash: automatic invoicing* calls
``sale.order._o2c_cron_auto_invoice``, which calls
:meth:`O2cOrderInvoicing._o2c_cron_auto_invoice`: one locked batch of the
orders :meth:`~O2cOrderInvoicing._o2c_auto_invoice_query` selects, each
invoiced, posted and sent in a savepoint
(:meth:`~O2cOrderInvoicing._o2c_auto_invoice`); a failure is shown to a
person (:meth:`~O2cOrderInvoicing._o2c_auto_invoice_failed`).
"""

import logging

from odoo import api, models, tools

from ..tools.o2c_batch import lock_batch, notify_remaining
from ..tools.o2c_input import o2c_html_text

_logger = logging.getLogger(__name__)


class O2cOrderInvoicing(models.AbstractModel):
    """Service of ``sale.order``: automatic invoicing. Holds no data; extend
    it with ``_inherit = "o2c.order.invoicing"``."""

    _name = "o2c.order.invoicing"
    _description = "Order to Cash: Automatic Invoicing"

    @api.model
    def _o2c_auto_invoice_query(self):
        """Confirmed orders with something to invoice, of the companies that
        invoice automatically, not waiting for a person after a failure: the
        selection of ``res.company._o2c_auto_invoice_candidates_sql`` (id
        first), every company switched on.

        The company's history is left alone: orders dated (confirmed) before
        its *Invoice Orders From* date are for a person, until included."""
        return self.env["res.company"]._o2c_auto_invoice_candidates_sql(
            switched_on=True
        )

    @api.model
    def _o2c_cron_auto_invoice(self, batch_size=20):
        """Scheduled action: invoice, post and email what is invoiceable.

        One batch of orders per call; the cron commits after each call and
        calls again while ``remaining`` is reported. The orders of the batch
        are locked (``FOR UPDATE SKIP LOCKED``) so a second worker takes
        other orders; an invoiced order is no longer "to invoice", so a
        rerun invoices nothing twice. A failing order is rolled back to its
        savepoint, gets an activity with the error and is skipped until
        someone retries it; the batch goes on.
        """
        self.env.flush_all()
        query = self._o2c_auto_invoice_query()
        rows = lock_batch(self.env.cr, query, "sale_order", batch_size)
        orders = self.env["sale.order"].browse([row[0] for row in rows])
        invoices = self.env["account.move"]
        for order in orders:
            try:
                with self.env.cr.savepoint():
                    company_order = order.with_company(order.company_id)
                    invoices |= self._o2c_auto_invoice(company_order)
            except Exception as error:  # noqa: BLE001 - shown to a person
                _logger.warning(
                    "Automatic invoicing of %s failed: %s", order.name, error
                )
                self._o2c_auto_invoice_failed(order, error)
        notify_remaining(self.env, query, len(orders))
        return invoices

    @api.model
    def _o2c_auto_invoice(self, order):
        """Invoice what the order has to invoice, post and email the invoice."""
        order.ensure_one()
        invoices = order._create_invoices(final=True)
        invoices.action_post()
        invoices._o2c_send_invoices()
        return invoices

    @api.model
    def _o2c_auto_invoice_failed(self, order, error):
        """Keep the error on the order (the run skips it until someone
        retries) and ask a person to look at it."""
        order.ensure_one()
        message = tools.exception_to_unicode(error)
        order._o2c_action_write({"o2c_invoice_error": message})
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            **self._prepare_o2c_auto_invoice_activity_vals(order, message),
        )

    @api.model
    def _prepare_o2c_auto_invoice_activity_vals(self, order, message):
        """Values (besides the activity type, Odoo's To-Do) of the activity
        telling a person that automatic invoicing failed for ``order``, as
        given to ``activity_schedule``.

        Called by :meth:`_o2c_auto_invoice_failed` with the error's text. An
        integrator may assign it to the accounting team instead of the
        salesperson, or set a deadline."""
        return {
            "summary": self.env._("Automatic invoicing failed"),
            # HTML: the error may repeat customer data (names, addresses)
            "note": o2c_html_text(message),
            "user_id": order.user_id.id or self.env.user.id,
        }
