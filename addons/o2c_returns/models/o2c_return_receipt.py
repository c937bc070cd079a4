# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The goods coming back: the return transfers of a confirmed return.

``o2c.return.action_confirm`` allocates each return line to the order's
done deliveries (the latest first) and creates one incoming transfer per
delivery with Odoo's own return wizard (``stock.return.picking``), so that
the order's delivered quantities, valuation and "returned" links follow as
for any return; the goods go to the warehouse's inspection location.
``o2c.return.action_receive`` (or the warehouse validating the transfers)
receives them; the customer gets the receipt confirmation once.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from odoo.addons.order_to_cash.models.o2c_guard import o2c_action_scope


class O2cReturnReceipt(models.AbstractModel):
    _name = "o2c.return.receipt"
    _description = "Customer Returns: Return Transfers"

    @api.model
    def _create_return_pickings(self, rma):
        """One return transfer per delivery the lines of ``rma`` come from."""
        rma.ensure_one()
        location = rma.warehouse_id._o2c_get_inspection_location()
        for picking, allocations in self._allocate(rma).items():
            self._create_return_picking(rma, picking, allocations, location)

    @api.model
    def _allocate(self, rma):
        """The lines of ``rma`` spread over the delivered moves of its order:
        dict delivery -> list of ``(move, qty, line)``."""
        allocation = {}
        used = {}  # move -> qty already allocated in this return
        for line in rma.line_ids:
            for move, qty in self._allocate_line(rma, line, used):
                used[move] = used.get(move, 0.0) + qty
                allocation.setdefault(move.picking_id, []).append((move, qty, line))
        return allocation

    @api.model
    def _allocate_line(self, rma, line, used):
        """``(move, qty)`` pairs covering ``line``'s quantity from the
        order's done delivery moves (latest first), ``used`` being what the
        return's other lines took already."""
        remaining = line.qty
        result = []
        for move in self._returnable_moves(rma, line.product_id):
            if float_is_zero(remaining, precision_rounding=line.uom_id.rounding):
                break
            free = move._o2c_returnable_qty() - used.get(move, 0.0)
            if free <= 0:
                continue
            qty = min(free, remaining)
            result.append((move, qty))
            remaining -= qty
        if not float_is_zero(remaining, precision_rounding=line.uom_id.rounding):
            raise UserError(
                self.env._(
                    "No delivered quantity of %(product)s is left to return "
                    "on order %(order)s.",
                    product=line.product_id.display_name,
                    order=rma.order_id.name,
                )
            )
        return result

    @api.model
    def _returnable_moves(self, rma, product):
        """Done delivery moves of ``product`` on the return's order (of its
        delivery when it names one), the latest first."""
        moves = rma.order_id.order_line.move_ids.filtered(
            lambda m: (
                m.product_id == product
                and m.state == "done"
                and m.location_dest_id.usage == "customer"
                and (not rma.picking_id or m.picking_id == rma.picking_id)
            )
        )
        return moves.sorted(lambda m: (m.date, m.id), reverse=True)

    @api.model
    def _create_return_picking(self, rma, picking, allocations, location):
        """Run Odoo's return wizard on the delivery ``picking`` for the
        allocated moves; the new transfer is linked to ``rma``."""
        # the caller's context gives the wizard no value of its own fields
        Wizard = self.env["stock.return.picking"]._o2c_without_protected_defaults()
        # the wizard's links to this return are protected fields: only this
        # action sets them, never a caller of Odoo's return wizard
        with o2c_action_scope("stock.return.picking", "stock.return.picking.line"):
            wizard = Wizard.create(
                self._prepare_return_wizard_vals(rma, picking, location)
            )
            wizard.product_return_moves = [Command.clear()] + [
                Command.create(self._prepare_return_wizard_line_vals(line, move, qty))
                for move, qty, line in allocations
            ]
        # the return moves carry their return line (a protected link)
        with o2c_action_scope("stock.move"):
            new_picking = wizard._create_return()
        # used once: nothing left to run again with this return's links
        # (sudo: Odoo gives nobody the deletion of its return wizard; this
        # one is the action's own)
        wizard.sudo().unlink()
        return new_picking

    @api.model
    def _prepare_return_wizard_vals(self, rma, picking, location):
        """Values of Odoo's return wizard (``stock.return.picking``) that
        creates the return transfer of ``rma`` for the delivery ``picking``.

        Called by :meth:`_create_return_pickings` from the return's
        confirmation. The wizard then builds the transfer and its moves
        with Odoo's own hooks (``_prepare_picking_default_values_based_on``
        and the lines' ``_prepare_move_default_values``, extended in
        ``wizards/stock_picking_return.py``); an integrator may change the
        destination (``o2c_location_dest_id``, the inspection location) or
        add values of the wizard here.
        """
        return {
            "picking_id": picking.id,
            "o2c_return_id": rma.id,
            "o2c_location_dest_id": location.id,
        }

    @api.model
    def _prepare_return_wizard_line_vals(self, line, move, qty):
        """Values of one line of the return wizard: ``qty`` (in the
        product's unit) of the delivered ``move`` for the return ``line``.

        Called by :meth:`_create_return_picking`; each wizard line becomes
        a move of the return transfer, linked to its return line. An
        integrator may e.g. not update the order's delivered quantity
        (``to_refund``).
        """
        return {
            "product_id": move.product_id.id,
            "move_id": move.id,
            "quantity": move.product_id.uom_id._compute_quantity(qty, move.product_uom),
            "to_refund": True,
            "o2c_return_line_id": line.id,
        }

    # ------------------------------------------------------------------
    # Receipt
    # ------------------------------------------------------------------
    @api.model
    def _receive(self, rmas):
        """Receive the goods of the open return transfers of ``rmas`` as
        announced (no backorder), then mark the returns received."""
        pickings = rmas.return_picking_ids.filtered(
            lambda p: (
                p.state not in ("done", "cancel") and p.picking_type_code == "incoming"
            )
        )
        for move in pickings.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ):
            move.quantity = move.product_uom_qty
            move.picked = True
        if pickings:
            result = pickings.with_context(
                skip_backorder=True, picking_ids_not_to_backorder=pickings.ids
            ).button_validate()
            if isinstance(result, dict):
                raise UserError(
                    self.env._(
                        "The return transfers %(pickings)s need a decision in "
                        "the warehouse before they can be received.",
                        pickings=", ".join(pickings.mapped("name")),
                    )
                )
        self._update_received(rmas)

    @api.model
    def _update_received(self, rmas):
        """The confirmed returns of ``rmas`` whose transfers are all done (or
        cancelled) and received goods become received; their customers get
        the receipt confirmation, once."""
        for rma in rmas.filtered(lambda r: r.state == "confirmed"):
            receipts = rma.return_picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming"
            )
            if any(p.state not in ("done", "cancel") for p in receipts):
                continue
            if not any(rma.line_ids.mapped("qty_received")):
                continue
            rma._o2c_set_state("received", date_received=fields.Datetime.now())
            self._send_receipt_confirmation(rma)

    @api.model
    def _send_receipt_confirmation(self, rma):
        if rma.receipt_mail_sent:
            return
        template = self.env.ref(
            "o2c_returns.mail_template_return_received", raise_if_not_found=False
        )
        # marker first, in the same transaction as the mail
        rma._o2c_action_write({"receipt_mail_sent": True})
        if template:
            rma.message_post_with_source(
                **self._prepare_receipt_mail_values(rma, template)
            )

    @api.model
    def _prepare_receipt_mail_values(self, rma, template):
        """Arguments of ``message_post_with_source`` for the receipt
        confirmation mailed to the customer of ``rma`` (``template``: the
        mail template ``o2c_returns.mail_template_return_received``).

        Called by :meth:`_send_receipt_confirmation` once the goods of the
        return are received; an integrator may e.g. post it as a note only,
        or with another subtype.
        """
        return {
            "source_ref": template,
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        }
