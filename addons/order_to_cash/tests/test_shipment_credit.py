# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .test_fulfilment import O2cFulfilmentCommon


@tagged("post_install", "-at_install")
class TestO2cShipmentCredit(O2cFulfilmentCommon):
    """The credit looked at again before a delivery leaves: what happened
    since confirmation holds the delivery until a credit manager releases
    it; what was released on the order does not hold it again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.credit_manager = cls._company_user(
            login="o2c_ship_credit",
            name="Carla Kredit",
            groups="account.group_account_invoice,"
            "order_to_cash.group_o2c_credit_manager",
        )
        cls.company.o2c_overdue_block = True
        cls.company.o2c_overdue_days = 10

    def _validate(self, picking):
        return self._pick(picking).button_validate()

    def test_new_overdue_invoice_holds_the_delivery_until_released(self):
        order = self._confirmed_order([(self.goods, 2)])
        picking = self._picking(order)
        self.assertFalse(picking.o2c_credit_hold)
        # after confirmation, an old invoice of the customer falls overdue
        today = fields.Date.today()
        self._posted_invoice(self.customer, today - timedelta(days=40), 80.0)
        picking.invalidate_recordset()
        self.assertIn("overdue", picking.o2c_credit_hold)
        # the warehouse is refused, naming the finding; nothing shipped
        with self.assertRaisesRegex(UserError, "held for the customer's credit"):
            self._validate(picking)
        self.assertEqual(picking.state, "assigned")
        # neither the warehouse nor a salesperson may release it
        for user in (self.stock_user, self.salesman):
            with self.assertRaises(AccessError):
                picking.with_user(user).action_o2c_release_credit("Zahlung zugesagt")
        # nor write the release by hand
        with self.assertRaises(UserError):
            picking.with_user(self.stock_user).write(
                {"o2c_credit_release_date": fields.Datetime.now()}
            )
        mine = picking.with_user(self.credit_manager)
        self.assertTrue(mine.o2c_can_release_credit)
        with self.assertRaisesRegex(UserError, "reason"):
            mine.action_o2c_release_credit("   ")
        wizard = Form(
            self.env["o2c.shipment.release"]
            .with_user(self.credit_manager)
            .with_context(active_model="stock.picking", active_ids=picking.ids)
        )
        self.assertIn("overdue", wizard.credit_hold)
        wizard.reason = "Zahlung per Überweisung heute eingegangen"
        wizard.save().action_release()
        self.assertEqual(picking.o2c_credit_release_user_id, self.credit_manager)
        self.assertIn("Überweisung", order.message_ids[:1].body)
        self.assertIs(self._validate(picking), True)
        self.assertEqual(picking.state, "done")

    def _rest_after_own_invoice(self, days_overdue):
        """An order half shipped, that shipment invoiced and due
        ``days_overdue`` days ago: ``(own invoice, rest of the order)``."""
        order = self._confirmed_order([(self.goods, 4)])
        self._deliver(order, quantities={self.goods: 2}, backorder=True)
        own = order._create_invoices()
        own.invoice_date = fields.Date.today() - timedelta(days=days_overdue)
        own.invoice_date_due = own.invoice_date
        own.action_post()
        rest = order.picking_ids.filtered(lambda p: p.state != "done")
        self.assertEqual(len(rest), 1)
        rest.invalidate_recordset()
        return own, rest.with_user(self.stock_user)

    def _overdue_reason(self, count, amount):
        return (
            f"{count} invoice(s) overdue by more than 10 days, "
            f"{self.company.currency_id.format(amount)} open."
        )

    def test_rest_of_an_order_not_held_for_its_own_invoice(self):
        """As in Odoo's partial delivery and invoicing flows: the order's
        first shipment invoiced (and that invoice overdue) does not hold the
        rest of the order; another overdue invoice of the customer does,
        for that invoice only (the figures leave the order's own out)."""
        own, rest = self._rest_after_own_invoice(40)
        self.assertEqual(
            self.customer._o2c_credit_block_reasons(),
            [self._overdue_reason(1, own.amount_total)],
        )
        self.assertFalse(rest.o2c_credit_hold)
        self._posted_invoice(
            self.customer, fields.Date.today() - timedelta(days=40), 80.0
        )
        rest.invalidate_recordset()
        self.assertEqual(rest.o2c_credit_hold, self._overdue_reason(1, 80.0))
        # the review of the customer's next order counts both
        self.assertEqual(
            self.customer._o2c_credit_block_reasons(),
            [self._overdue_reason(2, own.amount_total + 80.0)],
        )
        with self.assertRaisesRegex(UserError, r"1 invoice\(s\) overdue"):
            self._validate(rest)

    def test_rest_of_an_order_not_held_for_own_invoice_beside_a_recent_one(self):
        """Another invoice of the customer overdue for fewer days than the
        company blocks, and the order's own overdue for longer and with the
        final payment notice: nothing holds the rest of the order. The final
        notice on the other invoice does, naming that one."""
        own, rest = self._rest_after_own_invoice(40)
        final = self.env["o2c.reminder.level"]._o2c_levels_for_company(self.company)[-1]
        own._o2c_action_write({"o2c_reminder_level_id": final.id})
        other = self._posted_invoice(
            self.customer, fields.Date.today() - timedelta(days=5), 80.0
        )
        rest.invalidate_recordset()
        self.assertFalse(rest.o2c_credit_hold)
        # the review of the customer's next order is held for it
        self.assertIn(own.name, self.customer._o2c_credit_block_reasons()[-1])
        other._o2c_action_write({"o2c_reminder_level_id": final.id})
        rest.invalidate_recordset()
        self.assertEqual(
            rest.o2c_credit_hold,
            f"Final payment notice sent and still unpaid: {other.name}.",
        )

    def test_credit_released_on_the_order_does_not_hold_again(self):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 20.0
        order = self._create_order([(self.goods, 5)])
        order.with_user(self.salesman).action_o2c_review()
        self.assertEqual(order.o2c_stage, "hold")
        order.with_user(self.credit_manager).action_o2c_release("Großkunde")
        self._confirm(order)
        picking = self._picking(order)
        self.assertFalse(picking.o2c_credit_hold)
        self.assertIs(self._validate(picking), True)

    def test_limit_exceeded_since_confirmation_and_setting(self):
        self.company.account_use_credit_limit = True
        self.customer.with_company(self.company).credit_limit = 1000.0
        order = self._confirmed_order([(self.goods, 2)])
        picking = self._picking(order)
        # an invoice of something else, not due yet, fills the limit later
        self._posted_invoice(self.customer, fields.Date.today(), 1000.0)
        picking.invalidate_recordset()
        self.assertIn("Credit limit exceeded", picking.o2c_credit_hold)
        with self.assertRaisesRegex(UserError, "Credit limit exceeded"):
            self._validate(picking)
        # a company that lets deliveries leave
        self.company.o2c_shipment_credit_check = "allow"
        picking.invalidate_recordset()
        self.assertFalse(picking.o2c_credit_hold)
        self.assertIs(self._validate(picking), True)

    def test_release_refused_when_not_held_or_other_company(self):
        order = self._confirmed_order([(self.goods, 1)])
        picking = self._picking(order)
        with self.assertRaisesRegex(UserError, "Only deliveries held"):
            picking.with_user(self.credit_manager).action_o2c_release_credit("x")
        other_company = self.setup_other_company(name="Fremd AG")["company"]
        stranger = self._company_user(
            login="o2c_ship_credit_other",
            groups="account.group_account_invoice,"
            "order_to_cash.group_o2c_credit_manager",
            company=other_company,
        )
        self._posted_invoice(
            self.customer, fields.Date.today() - timedelta(days=40), 80.0
        )
        with self.assertRaises(AccessError):
            picking.with_user(stranger).action_o2c_release_credit("fremd")
        self.assertFalse(picking.o2c_credit_release_date)
