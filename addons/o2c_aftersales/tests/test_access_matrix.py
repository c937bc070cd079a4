# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may run each action of an after-sales follow-up: sales staff (after-
sales users); the warehouse, accounting, portal users and another company's
staff are refused."""

from odoo.tests import tagged

from odoo.addons.order_to_cash.tests.common import O2cAccessMatrixCommon

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestO2cFollowupAccessMatrix(O2cAftersalesCommon, O2cAccessMatrixCommon):
    def _followup(self, state="scheduled"):
        followup = self._followup_of(self._delivered_order())
        self.assertEqual(followup.state, "scheduled")
        if state == "escalated":
            followup.action_record_answer(1, "Kaputt", "phone")
        self.assertEqual(followup.state, state)
        return followup

    def _action(self, followup, method, *args):
        return lambda env: getattr(env["o2c.followup"].browse(followup.ids), method)(
            *args
        )

    def test_send(self):
        followup = self._followup()
        self._assert_matrix(self._action(followup, "action_send"), {"salesman"})

    def test_record_answer(self):
        followup = self._followup()
        self._assert_matrix(
            self._action(followup, "action_record_answer", 4, "Gut", "phone"),
            {"salesman"},
        )

    def test_close(self):
        followup = self._followup("escalated")
        self._assert_matrix(self._action(followup, "action_close"), {"salesman"})

    def test_retry(self):
        followup = self._followup()
        followup._o2c_action_write({"send_error": "Keine E-Mail-Adresse"})
        self._assert_matrix(self._action(followup, "action_retry"), {"salesman"})
