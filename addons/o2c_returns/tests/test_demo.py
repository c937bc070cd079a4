# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestO2cReturnsDemo(TransactionCase):
    """The demo return of the completed demo order waits for its inspection
    (only on a database installed with demo data)."""

    def test_demo_return_waits_for_inspection(self):
        rma = self.env.ref("o2c_returns.o2c_demo_return_done", raise_if_not_found=False)
        if not rma:
            self.skipTest("installed without demo data")
        self.assertEqual(
            rma.order_id, self.env.ref("order_to_cash.o2c_demo_order_done")
        )
        self.assertEqual(rma.state, "received")
        self.assertEqual(rma.return_picking_ids.state, "done")
