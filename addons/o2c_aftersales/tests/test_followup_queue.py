# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DELIVERY_DATE, O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestO2cFollowupQueue(O2cAftersalesCommon):
    """The escalated follow-ups' work queue and the satisfaction tile."""

    def _queue(self, user):
        action = (
            self.env["ir.actions.act_window"]
            .with_user(user)
            ._for_xml_id("o2c_aftersales.action_o2c_queue_escalated_followups")
        )
        return (
            self.env["o2c.followup"].with_user(user).search(safe_eval(action["domain"]))
        )

    def test_escalated_followups_queue_and_satisfaction(self):
        bad = self._followup_of(self._delivered_order())
        good = self._followup_of(self._delivered_order())
        with freeze_time(DELIVERY_DATE):
            kpi = self.env.ref("o2c_aftersales.o2c_kpi_satisfaction").with_user(
                self.salesman
            )
            self.assertEqual(kpi.value_display, "-")
            (bad | good).action_send()
            bad.action_record_answer(1, "Zu spät", "phone")
            good.action_record_answer(4, False, "web")
            self.assertEqual(bad.state, "escalated")
            self.assertEqual(self._queue(self.salesman), bad)
            kpi.invalidate_recordset()
            self.assertAlmostEqual(kpi.value, 2.5)
            self.assertEqual(kpi.value_display, "2.5 / 5")
        menu = self.env.ref("o2c_aftersales.menu_o2c_queue_escalated_followups")
        self.assertIn(
            menu.id, self.env["ir.ui.menu"].with_user(self.salesman)._visible_menu_ids()
        )
        self.assertNotIn(
            menu.id,
            self.env["ir.ui.menu"].with_user(self.stock_user)._visible_menu_ids(),
        )
