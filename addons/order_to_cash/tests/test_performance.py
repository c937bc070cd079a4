# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import O2cCommon


@tagged("post_install", "-at_install")
class TestO2cPerformance(O2cCommon):
    """Query budgets of the hot paths with the addon installed.

    Each operation runs once before it is measured, so that the measure sees
    warm caches (access rules, sequences) as a running server does, and the
    measure includes the commit's pre-commit work (mail tracking, the stage
    log). The budgets are the counts measured on Odoo 18.0 with this addon
    plus a margin of 3. Measured against the same operations with the stage
    derivation switched off, the addon adds 0 queries to confirming a 10-line
    order, 0 to validating its picking and 3 to posting its invoice before the
    commit, and a constant 4 to 6 at the commit to write the stage log.

    Fulfilment adds to validating a 10-line picking: 2 queries for the
    completeness control gate (control points, control result), 3 for the
    delivered date and on-time figures of the order, and 46 for the shipping
    confirmation (rendering the template, posting it in the chatter, queuing
    the mail): 51 over the 161 measured before (budget 164 -> 208); without
    the shipping confirmation the former budget of 164 still holds.

    Costs in view: the dashboard's margin needs Odoo's sale_margin (and with
    it sale_stock_margin, which takes the cost of the goods from their stock
    moves): 5 more queries to confirm a 10-line order (276 -> 281, budget 284)
    and 1 more to validate its picking (measured 209, budget 212; without the
    shipping confirmation 165, budget 168).

    2026-11-27: the stage log writes a transition with 2 queries (was 3), the
    delivery step is read from sale_stock's delivery status once all is
    shipped, the follow-up's related fields are given at its creation:
    confirm 277 (budget 280), validate 204 (207), without the shipping
    confirmation 161 (164), post 99 (102).

    2026-12-02: validating counts the mail queued (194, budget 197), as a
    server's transaction does (it sends after the commit); the test runners
    send it in the transaction, each its own way (pytest-odoo 202, Odoo's
    runner 218).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.env["product.product"]
        for index in range(10):
            product = cls._create_product(
                name=f"Artikel {index}",
                type="consu",
                is_storable=True,
                lst_price=10.0 + index,
                invoice_policy="delivery",
            )
            cls._put_in_stock(product, 100)
            cls.products |= product

    def _order_10_lines(self):
        return self._create_order([(product, 2) for product in self.products])

    def _count_queries(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_stage_derivation_is_batched(self):
        """Deriving the stage of 1 or 8 orders costs the same queries."""
        orders = self.env["sale.order"]
        for _index in range(8):
            order = self._order_10_lines()
            self._confirm(order)
            orders |= order
        self._deliver(orders[:4])
        self._commit_stage_log()

        def recompute(records):
            def func():
                self.env.add_to_compute(records._fields["o2c_stage"], records)
                records.flush_recordset(["o2c_stage"])

            return func

        # a delivered order needs less (its delivery status says all is
        # shipped): one of each kind costs what four of each cost
        delivered = self._count_queries(recompute(orders[:1]))
        single = self._count_queries(recompute(orders[:1] | orders[-1:]))
        batch = self._count_queries(recompute(orders))
        self.assertLess(delivered, single)
        self.assertEqual(single, batch)
        self.assertLessEqual(batch, 12)

    def test_query_budget_confirm(self):
        self._confirm(self._order_10_lines())
        order = self._order_10_lines()
        self.env.flush_all()
        self.env.invalidate_all()
        # 276 measured: the review at confirmation (credit, availability,
        # price and terms checks of 10 lines, about 20 queries) and the
        # confirmation e-mail to the customer (about 73) included; 281 with
        # sale_margin and sale_stock_margin (the cost of the new stock moves);
        # 277 when the stage log needed 2 queries per transaction, 275 with 1;
        # 282 with the one confirmation guard behind every door (the state
        # write checks the hold again: about 4 queries); 232 since the
        # confirmation e-mail is queued (rendered and sent by the mail
        # queue's cron, off the request: see test_mail_queue); 226 under
        # both runners since the findings are read in one query, the credit
        # rules run in one statement and the margin is summed in memory;
        # 225 since the control lines' company check reads the points'
        # company from their cache (2026-12-04); 222 since the credit check
        # reads what the customer paid in advance only when something would
        # hold the order
        with self.assertQueryCount(225):
            order.with_user(self.salesman).action_confirm()
            self.env.flush_all()

    def _ready_picking_10_lines(self):
        warmup = self._order_10_lines()
        self._confirm(warmup)
        self._deliver(warmup)
        order = self._order_10_lines()
        self._confirm(order)
        picking = order.picking_ids.with_user(self.stock_user)
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        self.env.flush_all()
        self.env.invalidate_all()
        return picking

    def test_query_budget_validate_picking_without_mail(self):
        """The completeness control fits in the foundation's budget."""
        self.company.o2c_shipping_confirmation = False
        picking = self._ready_picking_10_lines()
        # 167 measured: 159 of the control, 8 of the customer's credit
        # looked at again (o2c.shipment.credit); 159 under both runners since
        # the released credit findings are read only when a rule or a limit
        # applies and the control lines in one query; 158 since the user's
        # and the company's partners are read in one query (2026-12-04)
        with self.assertQueryCount(161):
            picking.button_validate()
            self.env.flush_all()
        self.assertEqual(picking.o2c_control_state, "passed")
        self.assertFalse(picking.o2c_shipping_mail_sent)

    def test_query_budget_control_pass(self):
        """A person passes the control of a 10-line delivery with a manual
        point ticked: the points and lots looked at, the outcome written, no
        chatter message (the transfer names who passed it and when)."""
        picking = self._ready_picking_10_lines()
        self.env["o2c.control.point"].create(
            {
                "name": "Lieferschein beigelegt",
                "picking_type_ids": [Command.set(self.warehouse.out_type_id.ids)],
            }
        )
        # the open transfer gets the new point's line (as its next control)
        picking._o2c_sync_control_lines()
        self.assertTrue(picking.o2c_control_ids)
        picking.o2c_control_ids.is_done = True
        self.env.flush_all()
        self.env.invalidate_all()
        messages = len(picking.message_ids)
        picking.invalidate_recordset()
        # as on a server: the tests' context switches tracking off
        with self.assertQueryCount(12):  # 11 measured, 18 with a tracked control
            picking.with_context(
                tracking_disable=False, mail_notrack=False
            ).action_o2c_control_pass()
            self.env.flush_all()
            self.env.cr.precommit.run()  # where a tracking message is written
        self.assertEqual(picking.o2c_control_state, "passed")
        self.assertEqual(picking.o2c_control_user_id, self.stock_user)
        self.assertEqual(len(picking.message_ids), messages)

    def test_query_budget_validate_picking(self):
        picking = self._ready_picking_10_lines()
        order = picking.sale_id
        # the shipping confirmation is queued (the mail queue's cron renders
        # and sends it, see test_mail_queue): 172 measured, 5 more than
        # without the mail; 194 when the validation rendered it (before the
        # credit check at shipping, 8 of the 172); 163 under both runners,
        # 162 since 2026-12-04 (see the test without the mail)
        with self.assertQueryCount(165):
            picking.button_validate()
            self.env.flush_all()
        self.assertEqual(order.o2c_stage, "invoicing")
        self.assertEqual(picking.o2c_control_state, "passed")
        self.assertTrue(picking.o2c_shipping_mail_sent)
        queued = (
            self.env["o2c.mail.queue"]
            .sudo()
            .search(
                [("kind", "=", "shipping_confirmation"), ("res_id", "=", picking.id)]
            )
        )
        self.assertEqual(len(queued), 1)

    def test_query_budget_post_invoice(self):
        warmup = self._order_10_lines()
        self._confirm(warmup)
        self._deliver(warmup)
        self._invoice(warmup)
        order = self._order_10_lines()
        self._confirm(order)
        self._deliver(order)
        invoice = self._invoice(order, post=False).with_user(self.invoice_user)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(100):  # 97 measured
            invoice.action_post()
            self.env.flush_all()
        self.assertEqual(order.o2c_stage, "payment")
