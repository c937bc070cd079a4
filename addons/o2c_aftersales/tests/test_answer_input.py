# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hostile answers: ratings that are no whole numbers, control characters
in the feedback, HTML that must reach the chatter and the activity as text;
from a salesperson over RPC and from the public rating page."""

import math
import re
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import O2cAftersalesCommon

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


class O2cAnswerInputCommon(O2cAftersalesCommon):
    def setUp(self):
        super().setUp()
        self.followup = self._followup_of(self._delivered_order())
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        self.assertEqual(self.followup.state, "sent")

    def _snapshot(self):
        self.env.invalidate_all()
        return (
            self.followup.state,
            self.followup.rating,
            self.followup.feedback,
            len(self.followup.message_ids),
            len(self.followup.activity_ids),
        )


@tagged("post_install", "-at_install")
class TestAnswerInput(O2cAnswerInputCommon):
    def _answer(self, *args):
        with freeze_time(datetime(2026, 3, 10, 8, 0)):
            return self.followup.with_user(self.salesman).action_record_answer(*args)

    def test_hostile_answers_are_refused(self):
        before = self._snapshot()
        for args, text in (
            ((math.nan, "gut", "api"), "Rating"),
            ((math.inf, "gut", "api"), "Rating"),
            ((1e308, "gut", "api"), "Rating"),
            ((2**63, "gut", "api"), "Rating"),
            ((4, "gut\x00", "api"), "Feedback contains a control character"),
            ((4, "gut\x1b[2J", "api"), "Feedback contains a control character"),
            ((4, "gut", "api\x00"), "Channel"),
        ):
            with (
                self.subTest(args=args),
                self.assertRaisesRegex(ValidationError, re.escape(text)),
            ):
                self._answer(*args)
        self.assertEqual(self._snapshot(), before)

    def test_html_feedback_is_text_in_chatter_and_activity(self):
        self._answer(1, f"{XSS}\nZweite Zeile", "api")
        self.assertEqual(self.followup.state, "escalated")
        self.assertEqual(self.followup.feedback, f"{XSS}\nZweite Zeile")
        activity = self.followup.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertNotIn("<img", activity.note)
        self.assertIn(ESCAPED, activity.note)
        note = self.followup.message_ids.filtered(lambda m: "Rating 1 of 5" in m.body)
        self.assertEqual(len(note), 1)
        self.assertNotIn("<img", note.body)
        self.assertIn(ESCAPED, note.body)

    def test_answer_without_rating_keeps_html_as_text(self):
        self._answer(0, XSS, "phone")
        activity = self.followup.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertNotIn("<img", activity.note)
        self.assertIn(ESCAPED, activity.note)

    def test_answer_wizard_refuses_control_characters(self):
        Wizard = self.env["o2c.followup.answer"].with_user(self.salesman)
        with self.assertRaisesRegex(ValidationError, "Feedback contains a control"):
            Wizard.create({"followup_id": self.followup.id, "feedback": "gut\x00"})

    def test_mail_reply_with_control_characters_is_kept_clean(self):
        self.followup.message_update({"body": "<p>Alles\x00 gut\x07</p>"})
        self.assertEqual(self.followup.state, "answered")
        self.assertEqual(self.followup.feedback, "Alles gut")


@tagged("post_install", "-at_install")
class TestAnswerInputPage(O2cAnswerInputCommon, HttpCase):
    def _form(self):
        url = f"/aftersales/followup/{self.followup.id}"
        response = self.url_open(f"{url}?access_token={self.followup.access_token}")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        return url, csrf

    def _submit(self, rating, feedback):
        url, csrf = self._form()
        return self.url_open(
            f"{url}/submit",
            data={
                "csrf_token": csrf,
                "access_token": self.followup.access_token,
                "rating": rating,
                "feedback": feedback,
            },
        )

    def test_page_refuses_hostile_input(self):
        before = self._snapshot()
        for rating, feedback in (
            ("nan", "gut"),
            ("inf", "gut"),
            ("1e308", "gut"),
            ("99999999999999999999", "gut"),
            ("4", "gut\x00"),
            ("4", "x" * 10001),
        ):
            with self.subTest(rating=rating, feedback=feedback[:10]):
                response = self._submit(rating, feedback)
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self._snapshot(), before)

    def test_page_shows_html_feedback_as_text(self):
        # refused for the rating: the form comes back with the text escaped
        response = self._submit("0", XSS)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(XSS, response.text)
        self.assertIn(ESCAPED, response.text)
        response = self._submit("5", XSS)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.followup.feedback, XSS)
        note = self.followup.message_ids.filtered(lambda m: "Rating 5 of 5" in m.body)
        self.assertNotIn("<img", note.body)
        self.assertIn(ESCAPED, note.body)
