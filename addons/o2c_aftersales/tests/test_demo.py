# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestO2cAftersalesDemo(TransactionCase):
    """The demo follow-up of the delivered demo order was answered with a
    poor rating and escalated (only on a database installed with demo
    data)."""

    def test_demo_followup_escalated(self):
        followup = self.env.ref(
            "o2c_aftersales.o2c_demo_followup_invoicing", raise_if_not_found=False
        )
        if not followup:
            self.skipTest("installed without demo data")
        self.assertEqual(
            followup.order_id, self.env.ref("order_to_cash.o2c_demo_order_invoicing")
        )
        self.assertEqual(followup.state, "escalated")
        self.assertEqual(followup.rating, 1)
        self.assertEqual(followup.channel, "phone")
