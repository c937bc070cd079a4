# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The inspection's decisions carried out on the goods received
(``o2c.return.action_inspect``): restock (then tell the customers waiting
for the product), scrap, repair, replace. Each is idempotent: a line whose
decision was carried out (its restock move, scrap, repair mark or
replacement move is set) is skipped."""

from odoo import Command, api, models
from odoo.tools import float_compare

from odoo.addons.order_to_cash.models.o2c_guard import o2c_action_scope
from odoo.addons.order_to_cash.tools.o2c_input import o2c_html_text


class O2cReturnInspection(models.AbstractModel):
    _name = "o2c.return.inspection"
    _description = "Customer Returns: Inspection Decisions"

    @api.model
    def _carry_out(self, rma):
        """The decisions of ``rma``'s lines that received goods."""
        lines = rma.line_ids.filtered("qty_received")
        self._restock(lines.filtered(lambda r: r.decision == "restock"))
        self._scrap(lines.filtered(lambda r: r.decision == "scrap"))
        self._repair(lines.filtered(lambda r: r.decision == "repair"))
        self._replace(lines.filtered(lambda r: r.decision == "replace"))

    # ------------------------------------------------------------------
    # Restock
    # ------------------------------------------------------------------
    @api.model
    def _restock(self, lines):
        """Move the goods of ``lines`` (of one return) from the inspection
        location to stock, then tell the customers waiting for them."""
        lines = lines.filtered(lambda r: not r.restock_move_id)
        if not lines:
            return
        rma = lines.return_id
        rma.ensure_one()
        vals = self._prepare_restock_picking_vals(rma)
        vals["move_ids"] = [
            Command.create(self._prepare_restock_move_vals(line)) for line in lines
        ]
        # the transfer of the return and its moves' lines (protected links):
        # the caller's context gives them no protected value
        with o2c_action_scope("stock.move"):
            picking = (
                self.env["stock.picking"]
                ._o2c_without_protected_defaults()
                ._o2c_action_create(vals)
            )
        waiting = self.env["stock.move"]._o2c_waiting_customer_moves(
            lines.product_id, rma.warehouse_id.lot_stock_id
        )
        reserved_before = {move: move.quantity for move in waiting}
        self._validate(picking)
        for move in picking.move_ids:
            move.o2c_restock_line_id._o2c_action_write({"restock_move_id": move.id})
        # Odoo reserves the goods for the waiting deliveries (by priority and
        # date); the customers whose delivery got goods are told.
        served = waiting.filtered(
            lambda m: (
                float_compare(
                    m.quantity,
                    reserved_before[m],
                    precision_rounding=m.product_uom.rounding,
                )
                > 0
            )
        )
        served.sale_line_id._o2c_notify_back_in_stock()

    @api.model
    def _validate(self, picking):
        """Confirm, reserve and validate ``picking`` with all its goods."""
        picking.action_confirm()
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking._action_done()

    @api.model
    def _prepare_restock_picking_vals(self, rma):
        """Values of the internal transfer bringing ``rma``'s goods to stock
        (its moves are added by :meth:`_prepare_restock_move_vals`).

        Called by :meth:`_restock` at the inspection; an integrator may
        change the operation type or the destination (e.g. a location for
        returned goods in stock). ``o2c_return_id`` links it to the return
        (a protected field, set here only).
        """
        warehouse = rma.warehouse_id
        return {
            "picking_type_id": warehouse.int_type_id.id,
            "location_id": warehouse._o2c_get_inspection_location().id,
            "location_dest_id": warehouse.lot_stock_id.id,
            "origin": rma.name,
            "o2c_return_id": rma.id,
        }

    @api.model
    def _prepare_restock_move_vals(self, line):
        """Values of the move restocking the received goods of ``line``.

        Called by :meth:`_restock` for each line to restock;
        ``o2c_restock_line_id`` tells the action which line the move
        restocks (a protected field, set here only).
        """
        warehouse = line.return_id.warehouse_id
        return {
            "name": line.product_id.display_name,
            "product_id": line.product_id.id,
            "product_uom": line.product_id.uom_id.id,
            "product_uom_qty": line.qty_received,
            "location_id": line._o2c_inspection_location().id,
            "location_dest_id": warehouse.lot_stock_id.id,
            "o2c_restock_line_id": line.id,
        }

    # ------------------------------------------------------------------
    # Scrap
    # ------------------------------------------------------------------
    @api.model
    def _scrap(self, lines):
        for line in lines.filtered(lambda r: not r.scrap_id):
            scrap = self.env["stock.scrap"].create(self._prepare_scrap_vals(line))
            scrap.do_scrap()
            line._o2c_action_write({"scrap_id": scrap.id})

    @api.model
    def _prepare_scrap_vals(self, line):
        """Values of the scrap (``stock.scrap``) of ``line``'s goods.

        Called by :meth:`_scrap` at the inspection; an integrator may add a
        scrap reason or another scrap location.
        """
        return {
            "product_id": line.product_id.id,
            "product_uom_id": line.product_id.uom_id.id,
            "scrap_qty": line.qty_received,
            "location_id": line._o2c_inspection_location().id,
            "company_id": line.company_id.id,
            "origin": line.return_id.name,
        }

    # ------------------------------------------------------------------
    # Repair
    # ------------------------------------------------------------------
    @api.model
    def _repair(self, lines):
        """A repair order where the repair app is installed, else an
        activity for the responsible of the return."""
        for line in lines.filtered(lambda r: not r.repair_done):
            rma = line.return_id
            if "repair.order" in self.env:
                repair = self.env["repair.order"].create(
                    self._prepare_repair_vals(line)
                )
                rma.message_post(
                    body=self.env._(
                        "Repair order %(repair)s created for %(product)s.",
                        repair=repair._get_html_link(),
                        product=line.product_id.display_name,
                    )
                )
            else:
                rma.activity_schedule(**self._prepare_repair_activity_vals(line))
            line._o2c_action_write({"repair_done": True})

    @api.model
    def _prepare_repair_vals(self, line):
        """Values of the repair order (``repair.order``, with the repair
        app) of ``line``'s goods.

        Called by :meth:`_repair` at the inspection; an integrator may set
        e.g. the repair's warranty or responsible.
        """
        rma = line.return_id
        return {
            "product_id": line.product_id.id,
            "product_qty": line.qty_received,
            "partner_id": rma.partner_id.id,
            "picking_type_id": rma.warehouse_id.repair_type_id.id,
            "location_id": line._o2c_inspection_location().id,
            "sale_order_id": rma.order_id.id,
            "internal_notes": rma.name,
        }

    @api.model
    def _prepare_repair_activity_vals(self, line):
        """Arguments of ``activity_schedule`` for the activity asking to
        repair ``line``'s goods (without the repair app).

        Called by :meth:`_repair`; an integrator may change the activity
        type, deadline or whom it is assigned to (the return's responsible,
        else the inspector).
        """
        rma = line.return_id
        return {
            "act_type_xmlid": "mail.mail_activity_data_todo",
            "summary": self.env._(
                "Repair %(qty)s %(uom)s %(product)s",
                qty=line.qty_received,
                uom=line.uom_id.name,
                product=line.product_id.display_name,
            ),
            # HTML: the inspector's note shown as typed, escaped
            "note": o2c_html_text(line.note or line.reason or ""),
            "user_id": (rma.user_id or self.env.user).id,
        }

    # ------------------------------------------------------------------
    # Replace
    # ------------------------------------------------------------------
    @api.model
    def _replace(self, lines):
        """A new delivery of the same products at no charge: linked to the
        order lines (so the order's delivered quantity is whole again) and
        marked as a return's follow-up so that it does not reopen the
        order's lifecycle."""
        lines = lines.filtered(lambda r: not r.replacement_move_id)
        if not lines:
            return
        rma = lines.return_id
        rma.ensure_one()
        # the transfer of the return (a protected link): the caller's
        # context gives it no protected value
        picking = (
            self.env["stock.picking"]
            ._o2c_without_protected_defaults()
            ._o2c_action_create(self._prepare_replacement_picking_vals(rma))
        )
        for line in lines:
            move = self.env["stock.move"].create(
                self._prepare_replacement_move_vals(line, picking)
            )
            line._o2c_action_write({"replacement_move_id": move.id})
        picking.action_confirm()
        picking.action_assign()

    @api.model
    def _prepare_replacement_picking_vals(self, rma):
        """Values of the delivery replacing ``rma``'s goods.

        Called by :meth:`_replace` at the inspection; an integrator may
        change the operation type or add a carrier. ``o2c_return_id`` links
        it to the return (a protected field, set here only); ``return_id``
        marks it as a follow-up of the return receipt, like Odoo's
        exchanges, so that the order's lifecycle ignores it.
        """
        order = rma.order_id
        warehouse = rma.warehouse_id
        receipt = rma.return_picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming" and p.state == "done"
        )[:1]
        return {
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": order.partner_shipping_id.id,
            "location_id": warehouse.lot_stock_id.id,
            "location_dest_id": order.partner_shipping_id.property_stock_customer.id,
            "origin": f"{order.name}, {rma.name}",
            "group_id": order.procurement_group_id.id,
            "o2c_return_id": rma.id,
            "return_id": receipt.id,
        }

    @api.model
    def _prepare_replacement_move_vals(self, line, picking):
        """Values of the move delivering the replacement of ``line``'s goods
        in ``picking``.

        Called by :meth:`_replace` for each line to replace; linked to the
        order line so that its delivered quantity is whole again.
        """
        order = line.return_id.order_id
        return {
            "name": line.product_id.display_name,
            "picking_id": picking.id,
            "product_id": line.product_id.id,
            "product_uom": line.product_id.uom_id.id,
            "product_uom_qty": line.qty_received,
            "location_id": picking.location_id.id,
            "location_dest_id": picking.location_dest_id.id,
            "sale_line_id": line.sale_line_id.id,
            "group_id": order.procurement_group_id.id,
            "partner_id": order.partner_shipping_id.id,
        }
