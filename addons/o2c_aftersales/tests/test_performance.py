# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupPerformance(O2cAftersalesCommon):
    """Query budgets of the after-sales hot paths, measured warm (the same
    operation ran once before), as counted on Odoo 18.0 plus a margin (see
    the budgets below)."""

    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_query_budget_scheduling_at_commit(self):
        self._delivered_order()  # warm-up
        with freeze_time(datetime(2026, 3, 2, 11, 0)):
            order = self._create_order()
            self._confirm(order)
            self._deliver(order)
            self._commit_stage_log()
        with freeze_time(datetime(2026, 3, 2, 12, 0)):
            order = self._create_order()
            self._confirm(order)
            self._deliver(order)
            self.env.flush_all()
            self.env.invalidate_all()
            queries = self._count(self._commit_stage_log)
        self.assertLessEqual(queries, BUDGET_SCHEDULE)
        self.assertEqual(self._followup_of(order).state, "scheduled")

    def test_query_budget_cron_send(self):
        for _index in range(3):
            self._delivered_order()
        self._run_cron(datetime(2026, 3, 9, 9, 0))  # warm-up: sends the first three
        last = self._followup_of(self._delivered_order())
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            queries = self._count(self.Followup._cron_process_followups)
        self.assertEqual(last.state, "sent")
        self.assertLessEqual(queries, BUDGET_CRON_SEND_ONE)

    def test_idle_cron_is_cheap_whatever_is_waiting(self):
        for _index in range(5):
            self._delivered_order()
        self._run_cron(datetime(2026, 3, 3, 9, 0))  # warm-up, nothing due
        with freeze_time(datetime(2026, 3, 3, 10, 0)):
            queries = self._count(self.Followup._cron_process_followups)
        self.assertLessEqual(queries, BUDGET_CRON_IDLE)


# Measured: 21 queries for the commit of a delivering transaction (the stage
# log's 4 to 6 included), 66 to send one follow-up (template rendering, chatter
# message, mail and notification), 7 for a run with nothing due, however many
# follow-ups wait (each one more since the run reads the companies' start
# dates, 2026-12-02: 65 and 6 before). Margin: 2 to 3, budgets unchanged.
BUDGET_SCHEDULE = 24
BUDGET_CRON_SEND_ONE = 68
BUDGET_CRON_IDLE = 9
