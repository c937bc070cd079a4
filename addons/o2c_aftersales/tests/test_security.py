# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupSecurity(O2cAftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_customer = cls.env["res.partner"].create(
            {
                "name": "Portal Kunde GmbH",
                "is_company": True,
                "email": "p@k.example.com",
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="o2c_portal_customer",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create(
                {
                    "name": "Petra Portal",
                    "email": "petra@k.example.com",
                    "parent_id": cls.portal_customer.id,
                }
            )
            .id,
        )

    def test_portal_customer_sees_only_own_followups(self):
        own = self._followup_of(self._delivered_order(partner=self.portal_customer))
        other = self._followup_of(self._delivered_order())
        followups = self.Followup.with_user(self.portal_user)
        self.assertEqual(followups.search([("id", "in", (own | other).ids)]), own)
        self.assertEqual(
            own.with_user(self.portal_user).read(["rating"])[0]["id"], own.id
        )
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["rating"])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).action_record_answer(5, False, "api")
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).write({"date_due": "2026-04-01"})
        self.assertEqual(own.state, "scheduled")

    def test_users_outside_aftersales_cannot_read_followups(self):
        followup = self._followup_of(self._delivered_order())
        with self.assertRaises(AccessError):
            followup.with_user(self.stock_user).read(["state"])
        with self.assertRaises(AccessError):
            self.env["o2c.followup.report"].with_user(self.stock_user).search([])
        # yet the order flag and the order form stay readable for them
        order = followup.order_id.with_user(self.stock_user)
        self.assertFalse(order.o2c_followup_escalated)

    def test_salesperson_cannot_create_or_delete(self):
        followup = self._followup_of(self._delivered_order())
        with self.assertRaises(AccessError):
            followup.with_user(self.salesman).unlink()
        order = self._create_order()
        with self.assertRaises(AccessError):
            self.Followup.with_user(self.salesman).create(
                {"order_id": order.id, "partner_id": self.customer.id}
            )

    def test_multi_company(self):
        company_2 = self.setup_other_company(name="Tochter AG")["company"]
        salesman_2 = new_test_user(
            self.env,
            login="o2c_aftersales_salesman_2",
            groups="sales_team.group_sale_salesman",
            company_id=company_2.id,
            company_ids=[Command.set(company_2.ids)],
        )
        followup = self._followup_of(self._delivered_order())
        self.assertFalse(
            self.Followup.with_user(salesman_2).search([("id", "=", followup.id)])
        )
        with self.assertRaises(AccessError):
            followup.with_user(salesman_2).action_record_answer(5, False, "api")
        self.assertFalse(
            self.env["o2c.followup.report"]
            .with_user(salesman_2)
            .search([("followup_id", "=", followup.id)])
        )
