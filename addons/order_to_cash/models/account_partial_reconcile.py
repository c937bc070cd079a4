# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    """What is left to pay of an order or a payment plan follows the
    reconciliations of its invoices.

    Those figures (``sale.order.o2c_amount_open``, the payment plans' paid
    and open amounts) are computed when read from the residuals of posted
    invoices. They do not declare a dependency on the residuals: the ORM
    merges such a dependency, and those of the stored fields the residuals
    feed, into the trigger tree of every change of a journal item (about
    30,000 Python calls, 5 % of creating and posting an invoice, measured
    by ``tests/benchmarks/bench_lifecycle.py``). The residual of a posted
    invoice moves only when a reconciliation is made or undone (a payment,
    a credit note, an exchange difference), so the figures are dropped from
    the cache then, and computed again when next read."""

    _inherit = "account.partial.reconcile"

    @api.model
    def _o2c_paid_figures(self):
        """``{model: [field names]}`` computed from the residuals of posted
        invoices, dropped from the cache when a reconciliation is made or
        undone. Called by :meth:`create` and :meth:`unlink`; extend with
        ``super()`` for a figure of another addon."""
        return {
            "sale.order": ["o2c_instalment_line_ids", "o2c_amount_open"],
            "o2c.payment.plan": ["amount_paid", "amount_open"],
            "o2c.payment.plan.line": ["amount_paid", "state"],
        }

    def _o2c_invalidate_paid_figures(self):
        for model, fnames in self._o2c_paid_figures().items():
            self.env[model].invalidate_model(fnames, flush=False)

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._o2c_invalidate_paid_figures()
        return partials

    def unlink(self):
        result = super().unlink()
        self._o2c_invalidate_paid_figures()
        return result
