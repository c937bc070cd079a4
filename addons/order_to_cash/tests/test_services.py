# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_fulfilment import O2cFulfilmentCommon


@tagged("post_install", "-at_install")
class TestO2cServices(O2cFulfilmentCommon):
    """Step 4 is "shipping and service": services rendered after the order
    (invoiced on their delivered quantity) keep the order there until a
    person records them rendered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.installation = cls._create_product(
            name="Montage vor Ort",
            default_code="SRV-VOR-ORT",
            type="service",
            lst_price=120.0,
            invoice_policy="delivery",
        )

    def _as(self, user, order):
        return self.env["sale.order"].with_user(user).browse(order.ids)

    def test_service_order_waits_until_rendered(self):
        order = self._confirmed_order([(self.installation, 2)])
        self.assertEqual(order.o2c_stage, "shipping")
        self.assertFalse(order.invoice_status == "to invoice")
        mine = self._as(self.salesman, order)
        self.assertTrue(mine.o2c_can_mark_services_rendered)
        self.assertIs(mine.action_o2c_mark_services_rendered(), True)
        self.env.flush_all()
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(order.o2c_stage, "invoicing")
        self.assertEqual(order.invoice_status, "to invoice")
        self.assertIn("Montage vor Ort", order.message_ids[:1].body)
        self.assertFalse(mine.o2c_can_mark_services_rendered)
        # nothing left to render: refused, not silently done again
        with self.assertRaisesRegex(UserError, "still to be rendered"):
            mine.action_o2c_mark_services_rendered()
        self.assertEqual(self._stages(order)[-2:], ["shipping", "invoicing"])

    def test_mixed_order_waits_for_goods_and_services(self):
        order = self._confirmed_order([(self.goods, 3), (self.installation, 2)])
        self.assertEqual(order.o2c_stage, "shipping")
        self._deliver(order)
        # goods delivered, the service not yet: still step 4
        self.assertEqual(order.o2c_stage, "shipping")
        service_line = order.order_line.filtered(
            lambda line: line.product_id == self.installation
        )
        # half of it rendered, recorded on the line as in core
        service_line.with_user(self.salesman).qty_delivered = 1
        self.env.flush_all()
        self.assertEqual(order.o2c_stage, "shipping")
        self._as(self.salesman, order).action_o2c_mark_services_rendered()
        self.env.flush_all()
        self.assertEqual(service_line.qty_delivered, 2)
        self.assertEqual(order.o2c_stage, "invoicing")

    def test_services_not_rendered_in_the_process(self):
        # a service invoiced on order, and a delivery charge (even of a
        # product invoiced on delivery): invoiced at once
        self.carrier_product.invoice_policy = "delivery"
        order = self._create_order([(self.service, 1)])
        order.set_delivery_line(self.carrier, 9.9)
        self.assertTrue(order.order_line.filtered("is_delivery"))
        self._confirm(order)
        self.assertEqual(order.o2c_stage, "invoicing")
        self.assertFalse(order.o2c_can_mark_services_rendered)
        with self.assertRaises(UserError):
            self._as(self.salesman, order).action_o2c_mark_services_rendered()

    def test_quotation_and_other_salesman_refused(self):
        quotation = self._create_order([(self.installation, 1)])
        with self.assertRaisesRegex(UserError, "confirmed orders"):
            self._as(self.salesman, quotation).action_o2c_mark_services_rendered()
        self.assertEqual(quotation.order_line.qty_delivered, 0)
        # a salesperson who sees only their own orders cannot record the
        # services of a colleague's order
        own_only = self._company_user(
            login="o2c_salesman_own",
            groups="sales_team.group_sale_salesman",
        )
        order = self._confirmed_order([(self.installation, 1)])
        with self.assertRaises(AccessError):
            self._as(own_only, order).action_o2c_mark_services_rendered()
        self.assertEqual(order.order_line.qty_delivered, 0)
        self.assertEqual(order.o2c_stage, "shipping")
