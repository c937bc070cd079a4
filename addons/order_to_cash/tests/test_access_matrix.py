# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may run each public action of the order-to-cash spine.

Every action is tried by every role on records prepared so that the action
is valid (a held quotation to release, an open delivery to control...), each
attempt in a savepoint rolled back afterwards. The roles allowed must
succeed; every other role must be refused with an AccessError or UserError.
"""

from odoo.tests import tagged

from .common import O2cAccessMatrixCommon


@tagged("post_install", "-at_install")
class TestO2cAccessMatrix(O2cAccessMatrixCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 100)
        # a customer over the credit limit: reviews hold the order for credit
        cls.company.account_use_credit_limit = True
        cls.risky = cls.env["res.partner"].create(
            {"name": "Riskant KG", "email": "riskant@example.com"}
        )
        cls.risky.with_company(cls.company).write(
            {"use_partner_credit_limit": True, "credit_limit": 1.0}
        )

    def _quotation(self, partner=None):
        return self._create_order([(self.goods, 2)], partner=partner)

    def _held_quotation(self):
        order = self._quotation(partner=self.risky)
        order.with_user(self.salesman).action_o2c_review()
        self.assertEqual(order.o2c_stage, "hold")
        return order

    def _open_delivery(self):
        order = self._quotation()
        self._confirm(order)
        return order.picking_ids

    def _shipped_delivery(self):
        order = self._quotation()
        self._confirm(order)
        return self._deliver(order)

    # ------------------------------------------------------------------
    def test_review(self):
        # re-running the checks needs write access to the order, which Odoo
        # gives sales, warehouse and accounting staff of its company
        order = self._quotation()
        self._assert_matrix(
            lambda env: env["sale.order"].browse(order.ids).action_o2c_review(),
            {"salesman", "credit_manager", "stock_user", "invoice_user"},
        )

    def test_release(self):
        order = self._held_quotation()
        self._assert_matrix(
            lambda env: (
                env["sale.order"]
                .browse(order.ids)
                .action_o2c_release("Vorkasse vereinbart")
            ),
            {"credit_manager"},
        )

    def test_confirm_held_order(self):
        order = self._held_quotation()
        self._assert_matrix(
            lambda env: env["sale.order"].browse(order.ids).action_confirm(), set()
        )

    def test_submit_order(self):
        def submit(env):
            env["sale.order"].o2c_submit_order(
                {
                    "channel": "api",
                    "external_ref": "MATRIX-1",
                    "partner": self.customer.id,
                    "lines": [{"product": "KL-6204", "qty": 1}],
                }
            )

        # the other company's salesperson submits into its own company (a
        # shared customer and product); another company's records are
        # refused by the repo-level bad-input suite
        self._assert_matrix(submit, {"salesman", "other"})

    def test_submit_order_lands_in_the_callers_company(self):
        result = self.env(user=self.other_user)["sale.order"].o2c_submit_order(
            {
                "channel": "api",
                "external_ref": "MATRIX-2",
                "partner": self.customer.id,
                "lines": [{"product": self.service.id, "qty": 1}],
            }
        )
        order = self.env["sale.order"].browse(result["id"])
        self.assertEqual(order.company_id, self.other_user.company_id)

    def test_control_pass(self):
        picking = self._open_delivery()
        self._assert_matrix(
            lambda env: (
                env["stock.picking"].browse(picking.ids).action_o2c_control_pass()
            ),
            {"stock_user"},
        )

    def test_control_fail(self):
        picking = self._open_delivery()
        self._assert_matrix(
            lambda env: (
                env["stock.picking"]
                .browse(picking.ids)
                .action_o2c_control_fail("Etikett fehlt")
            ),
            {"stock_user"},
        )

    def test_mark_delivered(self):
        picking = self._shipped_delivery()
        self._assert_matrix(
            lambda env: (
                env["stock.picking"].browse(picking.ids).action_o2c_mark_delivered()
            ),
            {"stock_user"},
        )

    def test_retry_reminder(self):
        invoice = self.init_invoice("out_invoice", amounts=[100.0], post=True)
        invoice._o2c_action_write({"o2c_reminder_error": "Keine E-Mail-Adresse"})
        self._assert_matrix(
            lambda env: (
                env["account.move"].browse(invoice.ids).action_o2c_retry_reminder()
            ),
            {"credit_manager", "invoice_user"},
        )

    def test_retry_auto_invoice(self):
        order = self._quotation()
        self._confirm(order)
        order._o2c_action_write({"o2c_invoice_error": "Konto gesperrt"})
        self._assert_matrix(
            lambda env: (
                env["sale.order"].browse(order.ids).action_o2c_retry_auto_invoice()
            ),
            {"credit_manager", "invoice_user"},
        )

    def test_create_invoices(self):
        order = self._quotation()
        self._confirm(order)
        self._deliver(order)
        self._assert_matrix(
            lambda env: (
                env["sale.order"].browse(order.ids).action_o2c_create_invoices()
            ),
            {"credit_manager", "invoice_user"},
        )
