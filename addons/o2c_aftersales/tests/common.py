# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.addons.order_to_cash.tests.common import O2cCommon

DELIVERY_DATE = datetime(2026, 3, 2, 10, 0, 0)


class O2cAftersalesCommon(O2cCommon):
    """Delivered orders and their follow-ups, for the after-sales tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 500)
        cls._put_in_stock(cls.goods_2, 500)
        cls.company.write(
            {
                "o2c_followup_delay_days": 7,
                "o2c_followup_reminder_days": 5,
                "o2c_followup_close_days": 10,
                "o2c_followup_rating_threshold": 2,
                # the tests' deliveries are in the past (history: test_history)
                "o2c_followup_start_date": "2000-01-01",
            }
        )
        cls.Followup = cls.env["o2c.followup"]

    def _delivered_order(self, lines=None, partner=None, date=DELIVERY_DATE, **kw):
        """A confirmed order whose goods are all delivered on ``date``, the
        transaction's commit hooks run (the follow-up is scheduled there)."""
        with freeze_time(date):
            order = self._create_order(lines, partner=partner)
            self._confirm(order)
            self._deliver(order, **kw)
            self._commit_stage_log()
        return order

    def _followup_of(self, order):
        return self.Followup.search([("order_id", "=", order.id)])

    def _run_cron(self, date):
        with freeze_time(date):
            self.Followup._cron_process_followups()
            self.env.flush_all()

    def _mails_to(self, partner, followup):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "o2c.followup"),
                ("res_id", "=", followup.id),
                ("recipient_ids", "in", partner.ids),
            ]
        )
