# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sales follow-ups in two companies of one database (issue 16, item
5): each company's delays, threshold and start date apply to its own
follow-ups only; queues, analysis and dashboard stay within the company."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.order_to_cash.tests.test_multi_company import O2cMultiCompanyMixin

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestO2cAftersalesMultiCompany(O2cMultiCompanyMixin, O2cAftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.setup_other_company(name="Zweigwerk B GmbH")["company"]
        cls.company_b.write(
            {
                "o2c_followup_delay_days": 20,
                "o2c_followup_reminder_days": 2,
                "o2c_followup_close_days": 3,
                "o2c_followup_rating_threshold": 4,
                "o2c_followup_start_date": "2000-01-01",
            }
        )
        warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        cls._put_in_stock(cls.goods, 100, warehouse_b.lot_stock_id)
        cls.seller_b = cls._company_user(
            "mc_as_seller_b", "sales_team.group_sale_salesman", company=cls.company_b
        )
        cls.stock_b = cls._company_user(
            "mc_as_stock_b", "stock.group_stock_user", company=cls.company_b
        )
        cls.manager_a = cls._company_user(
            "mc_as_manager_a", "o2c_aftersales.group_o2c_aftersales_manager"
        )
        cls.manager_ab = new_test_user(
            cls.env,
            login="mc_as_manager_ab",
            groups="o2c_aftersales.group_o2c_aftersales_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )

    def _delivered_b(self, day):
        """An order of company B delivered on ``day``, its follow-up made."""
        with freeze_time(day):
            order = self._create_order([(self.goods, 2)], user=self.seller_b)
            self._confirm(order, user=self.seller_b)
            self._deliver(order, user=self.stock_b)
            self._commit_stage_log()
        return order

    def test_every_company_model_has_a_company_rule(self):
        checked = self._assert_company_rules("o2c_aftersales")
        self.assertIn("o2c.followup", checked)
        self.assertIn("o2c.followup.report", checked)

    def test_each_company_delays_and_threshold(self):
        day = datetime(2026, 3, 2, 10)
        followup_a = self._followup_of(self._delivered_order(date=day))
        followup_b = self._followup_of(self._delivered_b(day))
        self.assertEqual(followup_b.company_id, self.company_b)
        self.assertEqual(followup_a.date_due, date(2026, 3, 9))  # A: 7 days
        self.assertEqual(followup_b.date_due, date(2026, 3, 22))  # B: 20 days
        self._run_cron(datetime(2026, 3, 10, 9))
        self.assertEqual(followup_a.state, "sent")
        self.assertEqual(followup_b.state, "scheduled")
        # the mail speaks for the follow-up's company
        self._run_cron(datetime(2026, 3, 23, 9))
        self.assertEqual(followup_b.state, "sent")
        mail_b = self._mails_to(self.customer, followup_b)
        self.assertEqual(len(mail_b), 1)
        self.assertIn(self.company_b.name, mail_b.subject)
        self.assertEqual(mail_b.record_company_id, self.company_b)
        self.assertTrue(followup_a.date_reminded)  # A: 5 days after sending
        self.assertFalse(followup_b.date_reminded)
        self._run_cron(datetime(2026, 3, 26, 9))
        self.assertTrue(followup_b.date_reminded)  # B: 2 days
        # B closes 3 days after its reminder, A only after 10
        self._run_cron(datetime(2026, 3, 30, 9))
        self.assertEqual(followup_b.state, "done")
        self.assertEqual(followup_a.state, "sent")

    def test_each_company_threshold(self):
        day = datetime(2026, 3, 2, 10)
        followup_a = self._followup_of(self._delivered_order(date=day))
        followup_b = self._followup_of(self._delivered_b(day))
        self._run_cron(datetime(2026, 3, 25, 9))
        # a rating of 3 escalates in B (threshold 4), closes in A (2), given
        # by a manager of both companies with both selected
        env_ab = self._as(self.manager_ab, self.company_a, self.company_b)
        env_ab["o2c.followup"].browse(
            (followup_a | followup_b).ids
        ).action_record_answer(3, "Geht so", "phone")
        self.assertEqual(followup_a.state, "done")
        self.assertEqual(followup_b.state, "escalated")

    def test_queue_analysis_and_dashboard_per_company(self):
        day = datetime(2026, 3, 2, 10)
        followup_a = self._followup_of(self._delivered_order(date=day))
        followup_b = self._followup_of(self._delivered_b(day))
        self._run_cron(datetime(2026, 3, 25, 9))
        followup_a.action_record_answer(1, "Schlecht", "phone")
        followup_b.action_record_answer(2, "Mäßig", "phone")
        self.assertEqual((followup_a | followup_b).mapped("state"), ["escalated"] * 2)
        both = followup_a | followup_b
        queue = [("state", "=", "escalated")]
        env_a = self.env(user=self.manager_a)
        self.assertEqual(env_a["o2c.followup"].search(queue) & both, followup_a)
        self._assert_sees_none(env_a, followup_b)
        self._assert_sees_none(
            env_a,
            self.env["o2c.followup.report"].search(
                [("company_id", "=", self.company_b.id)]
            ),
        )
        env_ab = self._as(self.manager_ab, self.company_a, self.company_b)
        self.assertEqual(env_ab["o2c.followup"].search(queue) & both, both)
        rows = self._by_company(env_ab, "o2c.followup.report", [], ["rating:avg"])
        self.assertEqual(rows[self.company_a.id], (1.0,))
        self.assertEqual(rows[self.company_b.id], (2.0,))
        with freeze_time(datetime(2026, 3, 26, 9)):
            values = {
                key: env["o2c.kpi"].search([("code", "=", "satisfaction")]).value
                for key, env in {
                    "a+b": env_ab,
                    "b+a": self._as(self.manager_ab, self.company_b, self.company_a),
                    "user_a": env_a,
                }.items()
            }
        self.assertEqual(values, {"a+b": 1.0, "b+a": 2.0, "user_a": 1.0})
