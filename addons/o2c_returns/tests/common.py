# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import Command

from odoo.addons.order_to_cash.tests.common import O2cCommon


class O2cReturnsCommon(O2cCommon):
    """Factories of the returns tests: a delivered order, returns made as
    the warehouse (returns user) and refunds decided by a returns manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.returns_manager = cls._company_user(
            login="o2c_returns_manager",
            name="Rita Retouren",
            groups="stock.group_stock_user,o2c_returns.group_o2c_returns_manager",
        )
        # the company has run the back-in-stock notices for long (history:
        # test_return_misc)
        cls.company.o2c_back_in_stock_start_date = "2000-01-01"
        cls.reason_defect = cls.env["o2c.return.reason"].create(
            {"name": "Defekt", "default_decision": "scrap"}
        )
        cls._put_in_stock(cls.goods, 100)
        cls._put_in_stock(cls.goods_2, 100)

    def _delivered_order(self, lines=None, partner=None, invoice=False, **kw):
        order = self._create_order(lines or [(self.goods, 10)], partner=partner)
        self._confirm(order)
        self._deliver(order, **kw)
        if invoice:
            self._invoice(order)
        return order

    def _create_return(self, order, lines, user=None, **values):
        """Create a draft return as ``user`` (the warehouse user).

        :param lines: list of ``(product, qty)`` or ``(product, qty, decision)``
        """
        env = self.env(user=user or self.stock_user)
        line_cmds = []
        for line in lines:
            vals = {"product_id": line[0].id, "qty": line[1]}
            if len(line) > 2:
                vals["decision"] = line[2]
            line_cmds.append(Command.create(vals))
        rma = env["o2c.return"].create(
            {"order_id": order.id, "line_ids": line_cmds, **values}
        )
        env.flush_all()
        return rma.with_env(self.env)

    def _run(self, rma, method, user=None):
        env = self.env(user=user or self.stock_user)
        getattr(env["o2c.return"].browse(rma.ids), method)()
        env.flush_all()
        return rma

    def _receive_partially(self, rma, qty, backorder=False):
        """Validate the open return receipts with ``qty`` of each move."""
        env = self.env(user=self.stock_user)
        pickings = (
            env["stock.picking"]
            .browse(rma.return_picking_ids.ids)
            .filtered(lambda p: p.state not in ("done", "cancel"))
        )
        for move in pickings.move_ids:
            move.quantity = qty
            move.picked = True
        ctx = {"skip_backorder": True, "picking_ids_not_to_backorder": pickings.ids}
        if backorder:
            ctx["picking_ids_not_to_backorder"] = []
        pickings.with_context(**ctx).button_validate()
        env.flush_all()
        return pickings

    def _qty_at(self, product, location):
        """On-hand quantity exactly at ``location``."""
        quants = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("quantity"))

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back to a savepoint) and check that the
        message names what is wrong."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def _inspection(self):
        return self.warehouse._o2c_get_inspection_location()
