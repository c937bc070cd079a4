# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestO2cTour(HttpCase):
    def test_smoke_tour(self):
        self.start_tour("/odoo", "o2c_smoke_tour", login="admin")

    def test_lifecycle_tour(self):
        """Intake -> review -> release -> confirm -> control -> ship, driven
        in the web client (real Chromium) by a credit manager who also works
        in the warehouse; the documents are checked here afterwards."""
        admin = self.env.ref("base.user_admin")
        company = admin.company_id
        company.account_use_credit_limit = True
        customer = self.env["res.partner"].create(
            {"name": "O2C Tour Kunde", "email": "tour.kunde@example.com"}
        )
        customer.with_company(company).credit_limit = 100.0
        product = self.env["product.product"].create(
            {
                "name": "O2C Tour Ware",
                "type": "consu",
                "is_storable": True,
                "list_price": 25.0,
                "invoice_policy": "delivery",
            }
        )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 50
        )
        point = self.env["o2c.control.point"].create(
            {
                "name": "Lieferschein beigelegt",
                "picking_type_ids": [(6, 0, warehouse.out_type_id.ids)],
            }
        )
        self.assertTrue(point.active)

        self.start_tour("/odoo", "o2c_lifecycle_tour", login="admin")

        order = self.env["sale.order"].search([("partner_id", "=", customer.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_uom_qty, 10)
        credit = order.o2c_check_ids.filtered(lambda c: c.check_type == "credit")
        self.assertEqual(credit.result, "blocking")
        self.assertTrue(credit.released)
        self.assertEqual(credit.release_user_id, admin)
        self.assertEqual(credit.release_reason, "Vorkasse vereinbart")
        picking = order.picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.o2c_control_state, "passed")
        self.assertEqual(picking.move_ids.quantity, 10)
        self.assertEqual(order.o2c_stage, "invoicing")
        self.env.flush_all()
        self.env.cr.precommit.run()
        stages = order.o2c_stage_log_ids.sorted(lambda log: (log.date_start, log.id))
        self.assertEqual(stages[:2].mapped("stage"), ["intake", "hold"])
        self.assertEqual(stages[-1].stage, "invoicing")
