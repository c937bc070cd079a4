# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The refund of a return: one draft credit note per return for the lines
to refund, made when the return is done (``o2c.return.action_done``)."""

from odoo import Command, api, models
from odoo.tools import float_is_zero


class O2cReturnRefund(models.AbstractModel):
    _name = "o2c.return.refund"
    _description = "Customer Returns: Credit Notes"

    @api.model
    def _create_credit_note(self, rma):
        """The draft credit note of ``rma``'s lines to refund, each invoice
        line linked to its sales order line so that the order's invoiced
        quantity follows. Only what was invoiced and is no longer delivered
        is credited: a return of goods not invoiced yet needs no credit note
        (the next invoice bills only what the customer kept).
        """
        rma.ensure_one()
        # sudo: refunds are decided by returns managers, who need not be
        # accountants (invoiced quantities, invoice line values); the credit
        # note stays a draft for accounting to post.
        rma_sudo = rma.sudo()
        lines = rma_sudo.line_ids.filtered(lambda r: r.refund and r.qty_received)
        to_credit = self._creditable_lines(lines)
        if not to_credit:
            if lines:
                rma.message_post(
                    body=self.env._(
                        "No credit note: the returned quantities were not "
                        "invoiced yet, the next invoice of the order bills "
                        "only what the customer kept."
                    )
                )
            return self.env["account.move"]
        vals = self._prepare_credit_note_vals(rma_sudo)
        vals["invoice_line_ids"] = [
            Command.create(self._prepare_credit_note_line_vals(line, qty))
            for line, qty in to_credit
        ]
        credit_note = (
            rma_sudo.env["account.move"]
            .with_company(rma.company_id)
            .with_context(default_move_type="out_refund")
            ._o2c_without_protected_defaults()
            ._o2c_action_create([vals])
        )
        for line, _qty in to_credit:
            line._o2c_action_write({"credit_note_id": credit_note.id})
        rma.message_post(
            body=self.env._(
                "Credit note %(move)s created for accounting to post.",
                move=credit_note._get_html_link(),
            )
        )
        return credit_note

    @api.model
    def _creditable_lines(self, lines):
        """``(line, qty)`` of the return lines with something to credit,
        ``qty`` in the unit of the line's sales order line."""
        result = []
        credited = {}
        for line in lines.filtered("sale_line_id"):
            sale_line = line.sale_line_id
            qty = line._o2c_creditable_qty(credited.get(sale_line, 0.0))
            if float_is_zero(qty, precision_rounding=sale_line.product_uom.rounding):
                continue
            credited[sale_line] = credited.get(sale_line, 0.0) + qty
            result.append((line, qty))
        return result

    @api.model
    def _prepare_credit_note_vals(self, rma):
        """Values of the credit note of ``rma`` (without its lines).

        Called by :meth:`_create_credit_note` when the return is done;
        starts from the order's invoice values (``sale.order
        ._prepare_invoice``: customer, addresses, fiscal position, terms,
        journal) so that the credit note mirrors the invoices. An integrator
        may e.g. set a journal of its own for returns. ``o2c_return_id``
        links it to the return (a protected field, set here only).
        """
        order = rma.order_id
        vals = order._prepare_invoice()
        vals.update(
            {
                "move_type": "out_refund",
                "invoice_origin": f"{order.name}, {rma.name}",
                "ref": self.env._("Return %(name)s", name=rma.name),
                "o2c_return_id": rma.id,
            }
        )
        return vals

    @api.model
    def _prepare_credit_note_line_vals(self, line, qty):
        """Values of the credit note line crediting ``qty`` (in the order
        line's unit) of the return ``line``.

        Called by :meth:`_create_credit_note` for each line to refund;
        starts from the order line's invoice line values (price, taxes,
        accounts, the link to the order line that keeps its invoiced
        quantity right). An integrator may e.g. deduct a restocking fee.
        """
        return line.sale_line_id._prepare_invoice_line(quantity=qty)
