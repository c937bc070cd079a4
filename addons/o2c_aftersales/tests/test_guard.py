# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fields of a follow-up that only its actions change (status, the
customer's answer, the dates of sending, reminding, answering and closing,
the escalation and the sending error) are refused to write() and create()
from anyone else, default_* context keys cannot give them a value; the
actions, the rating page and the mail gateway still set them."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DELIVERY_DATE, O2cAftersalesCommon

REFUSED = "cannot be set by hand"


@tagged("post_install", "-at_install")
class TestFollowupGuard(O2cAftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.aftersales_user = cls._company_user(
            login="o2c_guard_aftersales_user",
            name="Anke Nachsorge",
            groups="o2c_aftersales.group_o2c_aftersales_user",
        )
        # managers may create follow-ups (the only role that may)
        cls.aftersales_manager = cls._company_user(
            login="o2c_guard_aftersales_manager",
            name="Max Nachsorge",
            groups="o2c_aftersales.group_o2c_aftersales_manager",
        )

    def _values(self):
        """A value for every protected field of o2c.followup."""
        return {
            "state": "done",
            "rating": 5,
            "feedback": "Alles bestens",
            "channel": "api",
            "date_sent": "2026-03-09 10:00:00",
            "date_reminded": "2026-03-14 10:00:00",
            "date_answered": "2026-03-10 10:00:00",
            "date_closed": "2026-03-10 10:00:00",
            "close_reason": "manual",
            "was_escalated": True,
            "send_error": "Kein Versand",
            "date_delivered": "2026-01-01 10:00:00",
            "product_ids": [Command.set(self.goods_2.ids)],
        }

    def _assert_refused(self, field, call):
        with self.assertRaises(UserError) as catcher:
            call()
        self.assertNotIsInstance(catcher.exception, AccessError)
        self.assertIn(REFUSED, str(catcher.exception))
        self.assertIn(f"({field})", str(catcher.exception))

    def _assert_untouched(self, followup):
        self.assertEqual(followup.state, "scheduled")
        self.assertFalse(followup.rating)
        self.assertFalse(followup.feedback or followup.channel or followup.send_error)
        self.assertFalse(followup.date_sent or followup.date_reminded)
        self.assertFalse(followup.date_answered or followup.date_closed)
        self.assertFalse(followup.close_reason or followup.was_escalated)

    def test_write_refused(self):
        followup = self._followup_of(self._delivered_order())
        delivered, products = followup.date_delivered, followup.product_ids
        self.assertTrue(delivered and products)
        for user in (self.aftersales_user, self.salesman, self.aftersales_manager):
            for field, value in self._values().items():
                with self.subTest(user=user.login, field=field):
                    self._assert_refused(
                        field,
                        lambda u=user, f=field, v=value: followup.with_user(u).write(
                            {f: v}
                        ),
                    )
        self._assert_untouched(followup)
        self.assertEqual(followup.date_delivered, delivered)
        self.assertEqual(followup.product_ids, self.goods)

    def test_write_through_the_order_refused(self):
        followup = self._followup_of(self._delivered_order())
        order = followup.order_id.with_user(self.salesman)
        self._assert_refused(
            "state",
            lambda: order.write(
                {"o2c_followup_ids": [Command.update(followup.id, {"state": "done"})]}
            ),
        )
        self._assert_refused(
            "rating",
            lambda: order.write(
                {"o2c_followup_ids": [Command.update(followup.id, {"rating": 1})]}
            ),
        )
        self._assert_untouched(followup)

    def test_create_refused(self):
        order = self._create_order()
        Followup = self.Followup.with_user(self.aftersales_manager)
        for field, value in self._values().items():
            with self.subTest(field=field):
                self._assert_refused(
                    field,
                    lambda f=field, v=value: Followup.create(
                        {"order_id": order.id, "partner_id": self.customer.id, f: v}
                    ),
                )
        self.assertFalse(self._followup_of(order))

    def test_default_context_keys_ignored(self):
        order = self._create_order()
        context = {f"default_{field}": value for field, value in self._values().items()}
        followup = (
            self.Followup.with_user(self.aftersales_manager)
            .with_context(**context)
            .create({"order_id": order.id, "partner_id": self.customer.id})
            .with_env(self.env)
        )
        self._assert_untouched(followup)
        self.assertFalse(followup.date_delivered or followup.product_ids)

    def test_mail_gateway_update_refuses_protected_values(self):
        followup = self._followup_of(self._delivered_order())
        followup = followup.with_user(self.aftersales_user)
        self._assert_refused(
            "state",
            lambda: followup.message_update(
                {"body": "", "author_id": False}, update_vals={"state": "done"}
            ),
        )
        self._assert_untouched(followup)

    def test_scheduling_gives_the_protected_values(self):
        """The scheduling (as the user delivering, in a context carrying
        defaults) creates the follow-up with its delivery date and products,
        the defaults of the context left out."""
        order = self._delivered_order([(self.goods, 2)])
        followup = self._followup_of(order)
        self.assertEqual(followup.date_delivered, DELIVERY_DATE)
        self.assertEqual(followup.product_ids, self.goods)
        # scheduled again in a context carrying defaults: they are left out
        followup.unlink()
        context = {"default_state": "done", "default_rating": 5}
        followup = self.env(context=context)["o2c.followup"]._o2c_schedule_for_orders(
            order
        )
        self.assertEqual(len(followup), 1)
        self._assert_untouched(followup)
        self.assertEqual(followup.date_delivered, DELIVERY_DATE)
        self.assertEqual(followup.product_ids, self.goods)

    def test_actions_still_set_them(self):
        """Send, answer, escalate, close, remind, close unanswered, report
        and retry a failure: the actions write what nobody else may."""
        bad = self._followup_of(self._delivered_order())
        good = self._followup_of(self._delivered_order())
        silent = self._followup_of(self._delivered_order())
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            (bad | good).with_user(self.aftersales_user).action_send()
        self.assertEqual(set((bad | good).mapped("state")), {"sent"})
        self.assertTrue(bad.date_sent)
        bad.with_user(self.aftersales_user).action_record_answer(1, "Kaputt", "phone")
        self.assertEqual(bad.state, "escalated")
        self.assertTrue(bad.was_escalated)
        self.assertEqual(
            (bad.rating, bad.feedback, bad.channel), (1, "Kaputt", "phone")
        )
        self.assertTrue(bad.date_answered)
        bad.with_user(self.aftersales_user).action_close()
        self.assertEqual((bad.state, bad.close_reason), ("done", "resolved"))
        self.assertTrue(bad.date_closed)
        # the rating page runs in sudo: the answer is recorded all the same
        good.sudo()._o2c_answer_from_token_page(5, "Super")
        self.assertEqual((good.state, good.rating, good.channel), ("done", 5, "web"))
        self.assertEqual(good.close_reason, "good_rating")
        # the scheduled action sends, reminds and closes the silent one
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        self.assertEqual(silent.state, "sent")
        self._run_cron(datetime(2026, 3, 15, 10, 0))
        self.assertTrue(silent.date_reminded)
        self._run_cron(datetime(2026, 3, 26, 10, 0))
        self.assertEqual((silent.state, silent.close_reason), ("done", "no_answer"))
        # a failure is kept and cleared by the retry action
        failing = self._followup_of(self._delivered_order())
        failing._o2c_report_failure(UserError("Kein Mailserver"))
        self.assertEqual(failing.send_error, "Kein Mailserver")
        failing.with_user(self.aftersales_user).action_retry()
        self.assertFalse(failing.send_error)

    def test_answer_wizard_still_records(self):
        followup = self._followup_of(self._delivered_order())
        wizard = self.env(user=self.aftersales_user)["o2c.followup.answer"].create(
            {"followup_id": followup.id, "rating": "2", "channel": "visit"}
        )
        wizard.action_confirm()
        self.assertEqual(followup.state, "escalated")
        self.assertEqual((followup.rating, followup.channel), (2, "visit"))
