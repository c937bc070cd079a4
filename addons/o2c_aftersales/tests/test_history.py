# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupHistory(O2cAftersalesCommon):
    """Follow-ups of deliveries before the company's start date wait for a
    person until a settings manager includes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings_admin = cls._company_user(
            login="o2c_as_settings_admin", groups="base.group_system"
        )
        cls.aftersales_manager = cls._company_user(
            login="o2c_as_history_manager",
            groups="o2c_aftersales.group_o2c_aftersales_manager,"
            "order_to_cash.group_o2c_manager",
        )

    def test_new_company_starts_today(self):
        with freeze_time("2026-03-04"):
            company = self.env["res.company"].create({"name": "Neu GmbH"})
        self.assertEqual(company.o2c_followup_start_date, date(2026, 3, 4))

    def test_history_left_alone_until_included(self):
        old = self._followup_of(self._delivered_order(date=datetime(2026, 2, 20, 9)))
        new = self._followup_of(self._delivered_order(date=datetime(2026, 3, 2, 9)))
        self.company.o2c_followup_start_date = date(2026, 3, 1)
        self.assertEqual((old | new).mapped("state"), ["scheduled", "scheduled"])

        self._run_cron(datetime(2026, 3, 20, 9))
        self.assertEqual(new.state, "sent")
        self.assertEqual(old.state, "scheduled")
        self.assertFalse(self._mails_to(self.customer, old))

        settings = (
            self.env["res.config.settings"].with_user(self.settings_admin).create({})
        )
        self.assertEqual(settings.o2c_followup_history_count, 1)
        self.assertIn("Include the 1 follow-ups", settings.o2c_followup_history_text)
        with self.assertRaises(AccessError):
            settings.with_user(
                self.aftersales_manager
            ).action_o2c_include_followup_history()
        self._run_cron(datetime(2026, 3, 21, 9))
        self.assertEqual(old.state, "scheduled")

        settings.action_o2c_include_followup_history()
        self.assertEqual(self.company.o2c_followup_start_date, date(2026, 2, 20))
        self._run_cron(datetime(2026, 3, 21, 10))
        self.assertEqual(old.state, "sent")
        self.assertEqual(len(self._mails_to(self.customer, old)), 1)
        self._run_cron(datetime(2026, 3, 21, 11))
        self.assertEqual(len(self._mails_to(self.customer, old)), 1)

    def test_start_date_per_company(self):
        old = self._followup_of(self._delivered_order(date=datetime(2026, 2, 20, 9)))
        # another company starting later does not hold this one's follow-up
        self.env["res.company"].create(
            {"name": "Später GmbH", "o2c_followup_start_date": "2026-12-01"}
        )
        self.company.o2c_followup_start_date = date(2026, 2, 1)
        self._run_cron(datetime(2026, 3, 20, 9))
        self.assertEqual(old.state, "sent")
