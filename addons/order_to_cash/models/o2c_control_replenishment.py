# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

_logger = logging.getLogger(__name__)


class O2cControlReplenishment(models.AbstractModel):
    """Service of ``stock.picking``: a failed control's follow-up, the
    missing goods reordered through the product's routes, defective goods
    claimed from the vendor (see ``o2c.control.followup``). Holds no data;
    extend it with ``_inherit = "o2c.control.replenishment"``. Purchase and
    manufacturing are optional: the glue works without them."""

    _name = "o2c.control.replenishment"
    _description = "Order to Cash: Reorders and Complaints of Failed Controls"

    @api.model
    def _o2c_control_origin(self, picking):
        """The source document of a replenishment or complaint: the order
        and the transfer ``picking`` (called by the follow-ups)."""
        picking.ensure_one()
        return ", ".join(name for name in (picking.sale_id.name, picking.name) if name)

    @api.model
    def _o2c_control_followup(self, pickings, missing, defective):
        """Reorder the missing goods and claim the defective ones, as much
        as not already followed up for the same transfer and product (a
        control failed twice does not reorder twice).

        Called by ``o2c.control.failure._o2c_control_fail`` (the failure
        recorded by ``stock.picking.action_o2c_control_fail``) once the
        control is recorded, with its checked ``(picking, product, qty)``
        items.

        :return: the follow-ups created (``o2c.control.followup``, sudoed)
        """
        # sudo: the follow-ups are the action's record of what it did; no
        # one creates or changes them by hand
        Followup = self.env["o2c.control.followup"].sudo()
        done = {}
        for followup in Followup.search([("picking_id", "in", pickings.ids)]):
            key = (followup.kind, followup.picking_id, followup.product_id)
            done[key] = done.get(key, 0.0) + followup.qty
        vals_list = []
        for kind, items in (("replenishment", missing), ("claim", defective)):
            for picking, product, qty in items:
                # the transfer's company (rules, vendors, receipts), whatever
                # company the user works in
                picking = picking.with_company(picking.company_id)
                service = self.with_env(picking.env)
                rounding = product.uom_id.rounding
                qty -= done.get((kind, picking, product), 0.0)
                if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                    continue
                if kind == "replenishment":
                    extra = service._o2c_control_replenish(picking, product, qty)
                else:
                    extra = service._o2c_control_claim(picking, product, qty)
                vals_list.append(
                    service._prepare_o2c_control_followup_vals(
                        picking, kind, product, qty, **extra
                    )
                )
        return Followup.create(vals_list)

    @api.model
    def _prepare_o2c_control_followup_vals(self, picking, kind, product, qty, **extra):
        """Values of the ``o2c.control.followup`` recording a replenishment
        or complaint of the transfer ``picking``.

        Called by :meth:`_o2c_control_followup` for each product followed
        up, ``extra`` holding ``document_ref``, ``vendor_id`` and ``note``
        as found by :meth:`_o2c_control_replenish` or
        :meth:`_o2c_control_claim`. An integrator may add values of fields
        of its own to the follow-up."""
        picking.ensure_one()
        return {
            "picking_id": picking.id,
            "order_id": picking.sale_id.id,
            "company_id": picking.company_id.id,
            "kind": kind,
            "product_id": product.id,
            "qty": qty,
            "origin": self._o2c_control_origin(picking),
            **extra,
        }

    # ------------------------------------------------------------------
    # Missing goods: a replenishment through the product's routes
    # ------------------------------------------------------------------
    @api.model
    def _prepare_o2c_replenishment_group_vals(self, picking):
        """Values of the procurement group of a replenishment (its name is
        the order and the transfer; not linked to the order as a sale, so
        that the replenishment is no delivery of the order, and without the
        customer, who would become the vendor of a purchase).

        Called by :meth:`_o2c_run_replenishment`. An integrator may add
        values (a procurement policy...), not link the group to the order."""
        picking.ensure_one()
        return {
            "name": self._o2c_control_origin(picking),
            "move_type": "direct",
        }

    @api.model
    def _o2c_control_replenish(self, picking, product, qty):
        """Run the procurement of ``qty`` of ``product`` into the transfer's
        source location: the product's routes decide (purchase, manufacture,
        an internal transfer from another location). When no rule applies,
        nothing is created and the note asks a person to reorder.

        Called by :meth:`_o2c_control_followup`.

        :return: ``document_ref`` and ``note`` of the follow-up
        """
        picking.ensure_one()
        origin = self._o2c_control_origin(picking)
        # computed before the calls: Odoo's term extraction evaluates the
        # arguments of env._() and knows no local names
        qty_text = f"{qty:g}"
        try:
            with self.env.cr.savepoint():
                group = self._o2c_run_replenishment(picking, product, qty, origin)
        except UserError as error:
            _logger.info("Replenishment of %s for %s: %s", product, picking, error)
            return {
                "document_ref": False,
                "note": self.env._(
                    "Could not reorder %(qty)s %(uom)s %(product)s "
                    "(%(origin)s): reorder them by hand. %(error)s",
                    qty=qty_text,
                    uom=product.uom_id.name,
                    product=product.display_name,
                    origin=origin,
                    error=error.args[0] if error.args else "",
                ),
            }
        documents = self._o2c_replenishment_documents(group, origin, product)
        document = documents[0] if documents else None
        return {
            "document_ref": document and f"{document._name},{document.id}",
            "note": False
            if document
            else self.env._(
                "The replenishment of %(qty)s %(uom)s %(product)s (%(origin)s) "
                "created no document: check it by hand.",
                qty=qty_text,
                uom=product.uom_id.name,
                product=product.display_name,
                origin=origin,
            ),
        }

    @api.model
    def _o2c_run_replenishment(self, picking, product, qty, origin):
        """Run the procurement of ``qty`` of ``product`` into the transfer's
        source location, in a new procurement group named ``origin``
        (:meth:`_prepare_o2c_replenishment_group_vals`), planned the
        product's lead time ahead (``product.product.
        _o2c_replenishment_lead_days``); a ``UserError`` when no rule
        applies.

        Called by :meth:`_o2c_control_replenish`, in a savepoint.

        :return: the procurement group
        """
        Group = self.env["procurement.group"]
        group = Group.create(self._prepare_o2c_replenishment_group_vals(picking))
        warehouse = picking.picking_type_id.warehouse_id
        # needed at once, planned when it can come, as core's reordering
        # rules plan (a purchase ordered today, received after the vendor's
        # lead time; a manufacturing order after its components)
        lead_days = product._o2c_replenishment_lead_days(warehouse, qty) or 0
        values = {
            "group_id": group,
            "warehouse_id": warehouse,
            "company_id": picking.company_id,
            "date_planned": fields.Datetime.now() + timedelta(days=lead_days),
        }
        Group.run(
            [
                Group.Procurement(
                    product,
                    qty,
                    product.uom_id,
                    picking.location_id,
                    product.display_name,
                    origin,
                    picking.company_id,
                    values,
                )
            ]
        )
        return group

    @api.model
    def _o2c_replenishment_documents(self, group, origin, product):
        """The documents a replenishment's procurement of ``product``
        created: requests for quotation and manufacturing orders (when
        those apps are installed), then transfers.

        Called by :meth:`_o2c_control_replenish`.

        :return: a list of records, the most telling first
        """
        documents = []
        # sudo: found to be linked (a warehouse user may not read purchases)
        if "purchase.order" in self.env:
            # the warehouse's buy rule does not propagate the group: the
            # request for quotation is found by its source document (core
            # adds the origins of the procurements it merges into it)
            Purchase = self.env["purchase.order"].sudo()
            domain = [("origin", "=ilike", f"%{origin}%")]
            if "group_id" in Purchase._fields:
                domain = ["|", ("group_id", "=", group.id), *domain]
            domain = [("order_line.product_id", "=", product.id), *domain]
            documents += list(Purchase.search(domain, order="id desc", limit=1))
        if "mrp.production" in self.env:
            documents += list(
                self.env["mrp.production"]
                .sudo()
                .search(
                    [
                        ("product_id", "=", product.id),
                        "|",
                        ("procurement_group_id", "=", group.id),
                        ("origin", "=", origin),
                    ],
                    order="id desc",
                    limit=1,
                )
            )
        documents += list(
            self.env["stock.picking"]
            .sudo()
            .search(
                [("group_id", "=", group.id), ("product_id", "=", product.id)],
                order="id desc",
                limit=1,
            )
        )
        return [document.sudo(False) for document in documents]

    # ------------------------------------------------------------------
    # Defective goods: a complaint to the vendor
    # ------------------------------------------------------------------
    @api.model
    def _o2c_claim_receipt_move(self, picking, product, qty):
        """The done receipt move from a vendor the goods came from: the
        receipt of the transfer's lots or serial numbers, else the last
        receipt of the product with at least ``qty``.

        Called by :meth:`_o2c_control_claim`."""
        picking.ensure_one()
        domain = [
            ("product_id", "=", product.id),
            ("state", "=", "done"),
            ("company_id", "=", picking.company_id.id),
            ("picking_code", "=", "incoming"),
            ("location_id.usage", "=", "supplier"),
            ("origin_returned_move_id", "=", False),
        ]
        Move = self.env["stock.move"]
        lots = picking.move_line_ids.filtered(
            lambda ml: ml.product_id == product
        ).lot_id
        if lots:
            move = Move.search(
                [*domain, ("move_line_ids.lot_id", "in", lots.ids)],
                order="date desc, id desc",
                limit=1,
            )
            if move:
                return move
        return Move.search(
            [*domain, ("quantity", ">=", qty)], order="date desc, id desc", limit=1
        )

    @api.model
    def _o2c_control_claim(self, picking, product, qty):
        """Claim ``qty`` defective ``product`` from the vendor: a return to
        the vendor of the receipt the goods came from (core's return
        wizard); without a receipt an activity on the last purchase order
        of the product (when purchase is installed), else a note naming the
        product's vendor for the control's activity.

        Called by :meth:`_o2c_control_followup`.

        :return: ``document_ref``, ``vendor_id`` and ``note`` of the
            follow-up
        """
        picking.ensure_one()
        origin = self._o2c_control_origin(picking)
        texts = {
            "qty": f"{qty:g}",
            "uom": product.uom_id.name,
            "product": product.display_name,
            "origin": origin,
        }
        move = self._o2c_claim_receipt_move(picking, product, qty)
        if move:
            receipt = move.picking_id
            returned = self._o2c_return_to_vendor(picking, move, qty)
            return {
                "document_ref": f"stock.picking,{returned.id}",
                "vendor_id": receipt.partner_id.id,
                "note": False,
            }
        order = self._o2c_claim_purchase_order(picking, product)
        if order:
            # sudo: the complaint is purchasing's task on their order; the
            # warehouse user needs no access to purchases for it
            order.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Complaint: defective goods (%(origin)s)", **texts),
                note=self.env._(
                    "%(qty)s %(uom)s %(product)s found defective at the control "
                    "of %(origin)s: complain to the vendor.",
                    **texts,
                ),
                user_id=(
                    order.user_id
                    or self.env["o2c.control.failure"]._o2c_control_responsible(picking)
                ).id,
            )
            return {
                "document_ref": f"purchase.order,{order.id}",
                "vendor_id": order.partner_id.id,
                "note": False,
            }
        return self._o2c_claim_by_hand(picking, product, texts)

    @api.model
    def _o2c_claim_by_hand(self, picking, product, texts):
        """A claim no document could be made for (no receipt, no purchase
        order): the note of the follow-up names the product's vendor, or
        asks a person to find the supplier. ``texts`` are the quantity,
        unit, product and origin for the messages.

        Called by :meth:`_o2c_control_claim`.

        :return: ``document_ref``, ``vendor_id`` and ``note`` of the
            follow-up
        """
        seller = product.seller_ids.filtered(
            lambda s: s.company_id in (picking.company_id, self.env["res.company"])
        )[:1]
        if seller:
            note = self.env._(
                "Complain to the vendor %(vendor)s about %(qty)s %(uom)s "
                "%(product)s found defective (%(origin)s).",
                vendor=seller.partner_id.display_name,
                **texts,
            )
        else:
            note = self.env._(
                "No vendor known for %(qty)s %(uom)s %(product)s found defective "
                "(%(origin)s): complain to the supplier by hand.",
                **texts,
            )
        return {
            "document_ref": False,
            "vendor_id": seller.partner_id.id,
            "note": note,
        }

    @api.model
    def _o2c_return_to_vendor(self, picking, move, qty):
        """Return ``qty`` of the receipt ``move`` to its vendor with core's
        return wizard; the return names the order and the transfer.

        Called by :meth:`_o2c_control_claim`."""
        picking.ensure_one()
        receipt = move.picking_id
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=receipt.id, active_model="stock.picking")
            .create({"picking_id": receipt.id})
        )
        for line in wizard.product_return_moves:
            line.quantity = qty if line.move_id == move else 0.0
        returned = wizard._create_return()
        returned.origin = self.env._(
            "Return of %(receipt)s (%(origin)s)",
            receipt=receipt.name,
            origin=self._o2c_control_origin(picking),
        )
        return returned

    @api.model
    def _o2c_claim_purchase_order(self, picking, product):
        """The last confirmed purchase order of ``product`` in the
        transfer's company, when purchase is installed (sudoed: read for
        the link only). Called by :meth:`_o2c_control_claim`."""
        picking.ensure_one()
        if "purchase.order" not in self.env:
            return None
        return (
            self.env["purchase.order"]
            .sudo()
            .search(
                [
                    ("order_line.product_id", "=", product.id),
                    ("state", "in", ("purchase", "done")),
                    ("company_id", "=", picking.company_id.id),
                ],
                order="date_approve desc, id desc",
                limit=1,
            )
        )
