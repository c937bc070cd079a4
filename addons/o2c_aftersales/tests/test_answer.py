# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupAnswer(O2cAftersalesCommon):
    def setUp(self):
        super().setUp()
        self.order = self._delivered_order()
        self.followup = self._followup_of(self.order)
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        self.assertEqual(self.followup.state, "sent")

    def _answer(self, *args, user=None):
        followup = self.followup.with_user(user or self.salesman)
        with freeze_time(datetime(2026, 3, 10, 8, 0)):
            return followup.action_record_answer(*args)

    def test_good_rating_closes(self):
        self.assertIs(self._answer(4, "Alles bestens", "phone"), True)
        self.assertEqual(self.followup.state, "done")
        self.assertEqual(self.followup.close_reason, "good_rating")
        self.assertEqual(self.followup.rating, 4)
        self.assertEqual(self.followup.feedback, "Alles bestens")
        self.assertEqual(self.followup.channel, "phone")
        self.assertEqual(self.followup.date_answered, datetime(2026, 3, 10, 8, 0))
        self.assertFalse(self.followup.activity_ids)
        self.assertFalse(self.order.o2c_followup_escalated)

    def test_bad_rating_escalates_to_the_salesperson(self):
        self._answer(2, "Lager war beschädigt", "api")
        self.assertEqual(self.followup.state, "escalated")
        self.assertTrue(self.followup.was_escalated)
        activity = self.followup.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("2 of 5", activity.summary)
        self.assertIn("Lager war beschädigt", activity.note)
        self.assertTrue(self.order.o2c_followup_escalated)
        self.assertIn(
            self.order,
            self.env["sale.order"].search([("o2c_followup_escalated", "=", True)]),
        )
        # the salesperson resolves it
        self.followup.with_user(self.salesman).action_close()
        self.assertEqual(self.followup.state, "done")
        self.assertEqual(self.followup.close_reason, "resolved")
        self.assertTrue(self.followup.was_escalated)
        self.assertFalse(self.followup.activity_ids)
        self.assertFalse(self.order.o2c_followup_escalated)

    def test_escalation_without_salesperson_goes_to_aftersales_responsible(self):
        self.order.user_id = False
        self.company.o2c_followup_user_id = self.stock_user
        self._answer(1, False, "phone")
        self.assertEqual(self.followup.activity_ids.user_id, self.stock_user)

    def test_threshold_is_configurable(self):
        self.company.o2c_followup_rating_threshold = 3
        self._answer(3, False, "phone")
        self.assertEqual(self.followup.state, "escalated")
        other = self._followup_of(self._delivered_order())
        self.company.o2c_followup_rating_threshold = 0
        other.with_user(self.salesman).action_record_answer(1, False, "phone")
        self.assertEqual(other.state, "done")

    def test_answer_without_rating_is_left_to_read(self):
        self._answer(False, "Bitte rufen Sie mich zurück.", "phone")
        self.assertEqual(self.followup.state, "answered")
        self.assertEqual(self.followup.rating, 0)
        self.assertEqual(len(self.followup.activity_ids), 1)
        # the rating given later closes it
        self._answer(5, False, "phone")
        self.assertEqual(self.followup.state, "done")
        self.assertEqual(self.followup.feedback, "Bitte rufen Sie mich zurück.")

    def test_hostile_input_is_refused_and_nothing_written(self):
        cases = [
            ((6, False, "phone"), "Rating"),
            ((-1, False, "phone"), "Rating"),
            (("5", False, "phone"), "Rating"),
            ((True, False, "phone"), "Rating"),
            ((4.5, False, "phone"), "Rating"),
            ((4, ["x"], "phone"), "Feedback"),
            ((4, "x" * 10001, "phone"), "Feedback"),
            ((4, False, "fax"), "Channel"),
            ((4, False, None), "Channel"),
            ((0, "   ", "phone"), "rating from 1 to 5 or a feedback"),
        ]
        for args, message in cases:
            with (
                self.subTest(args=args[:2]),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self._answer(*args)
        self.assertEqual(self.followup.state, "sent")
        self.assertFalse(self.followup.rating)
        self.assertFalse(self.followup.date_answered)
        with self.assertRaisesRegex(UserError, "No follow-up"):
            self.Followup.with_user(self.salesman).action_record_answer(4, False, "api")

    def test_closed_followup_takes_no_answer(self):
        self._answer(5, False, "phone")
        with self.assertRaisesRegex(UserError, "already Done"):
            self._answer(1, "doch nicht", "phone")
        self.assertEqual(self.followup.rating, 5)

    def test_email_reply_lands_in_the_chatter(self):
        message = self.followup.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        raw = (
            f"From: {self.customer.name} <{self.customer.email}>\r\n"
            "To: catchall@example.com\r\n"
            f"Subject: Re: {message.subject}\r\n"
            f"In-Reply-To: {message.message_id}\r\n"
            f"References: {message.message_id}\r\n"
            "Message-Id: <reply-1@mueller.example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Die Lieferung war vollständig, aber eine Welle fehlt.\r\n"
        )
        thread_id = self.env["mail.thread"].message_process(False, raw.encode())
        self.assertEqual(thread_id, self.followup.id)
        reply = self.followup.message_ids.filtered(
            lambda m: m.message_id == "<reply-1@mueller.example.com>"
        )
        self.assertEqual(reply.author_id, self.customer)
        self.assertEqual(self.followup.state, "answered")
        self.assertEqual(self.followup.channel, "email")
        self.assertIn("eine Welle fehlt", self.followup.feedback)
        self.assertEqual(self.followup.activity_ids.user_id, self.salesman)

    def test_phone_call_recorded_with_the_wizard(self):
        wizard_form = Form(
            self.env["o2c.followup.answer"]
            .with_user(self.salesman)
            .with_context(default_followup_id=self.followup.id)
        )
        wizard_form.rating = "1"
        wizard_form.feedback = "Falsche Menge geliefert"
        self.assertEqual(wizard_form.channel, "phone")
        wizard_form.save().action_confirm()
        self.assertEqual(self.followup.state, "escalated")
        self.assertEqual(self.followup.rating, 1)
        self.assertEqual(self.followup.channel, "phone")

    def test_rating_on_order_and_customer(self):
        self._answer(2, False, "phone")
        second = self._followup_of(self._delivered_order())
        second.with_user(self.salesman).action_record_answer(5, False, "phone")
        third = self._followup_of(self._delivered_order())  # not rated
        self.assertEqual(third.state, "scheduled")
        order = self.order.with_user(self.salesman)
        self.assertEqual(order.o2c_followup_rating, 2)
        self.assertEqual(order.o2c_followup_state, "escalated")
        partner = self.customer.with_user(self.salesman)
        self.assertEqual(partner.o2c_followup_count, 3)
        self.assertAlmostEqual(partner.o2c_followup_rating_avg, 3.5)
        action = order.action_view_o2c_followup()
        self.assertEqual(action["res_id"], self.followup.id)
        action = partner.action_view_o2c_followups()
        self.assertEqual(
            self.Followup.with_user(self.salesman).search_count(action["domain"]), 3
        )

    def test_satisfaction_analysis(self):
        self._answer(1, False, "phone")  # goods, escalated
        two = self._followup_of(
            self._delivered_order([(self.goods, 1), (self.goods_2, 1)])
        )
        two.with_user(self.salesman).action_record_answer(5, False, "web")
        unanswered = self._followup_of(self._delivered_order([(self.goods_2, 1)]))
        self._run_cron(datetime(2026, 3, 9, 11, 0))
        self.assertEqual(unanswered.state, "sent")
        followups = self.followup | two | unanswered
        self.env.flush_all()
        report = self.env["o2c.followup.report"].with_user(self.salesman)
        domain = [("followup_id", "in", followups.ids)]
        [[count, rating, response, escalations]] = report._read_group(
            domain,
            [],
            ["__count", "rating:avg", "response_rate:avg", "escalation_count:sum"],
        )
        self.assertEqual(count, 3)
        self.assertAlmostEqual(rating, 3.0)  # unanswered left out
        self.assertAlmostEqual(response, 200 / 3)
        self.assertEqual(escalations, 1)
        by_product = {
            product: (count, rating, escalations)
            for product, count, rating, escalations in report._read_group(
                domain,
                ["product_ids"],
                ["__count", "rating:avg", "escalation_count:sum"],
            )
        }
        self.assertEqual(by_product[self.goods], (2, 3.0, 1))
        self.assertEqual(by_product[self.goods_2], (2, 5.0, 0))
        by_customer = report._read_group(domain, ["partner_id"], ["__count"])
        self.assertEqual(by_customer, [(self.customer, 3)])
