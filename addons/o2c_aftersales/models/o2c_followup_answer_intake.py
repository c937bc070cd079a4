# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer's answers to a follow-up, from every channel: staff
recording a call or visit and integrations (``o2c.followup
.action_record_answer``), the public rating page and e-mail replies. The
input is checked here as hostile, then applied: a rating at or below the
company's threshold escalates, a better one closes, an answer without
rating is left for a person to read."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from odoo.addons.order_to_cash.tools.o2c_input import o2c_strip_controls, o2c_text

from .o2c_followup import ANSWER_CHANNELS, FEEDBACK_MAX_LENGTH


class O2cFollowupAnswerIntake(models.AbstractModel):
    _name = "o2c.followup.answer.intake"
    _description = "After-Sales Follow-ups: Answers from Every Channel"

    @api.model
    def _check_answer(self, rating, feedback, channel):
        """The answer's types and ranges (input may come over RPC), as
        ``(rating, feedback, channel)`` with ``rating`` 0 for none."""
        if rating is None or rating is False:
            rating = 0
        if isinstance(rating, bool) or not isinstance(rating, int):
            raise ValidationError(
                self.env._(
                    "Rating: a whole number from 1 to 5 is expected, got %(value)r.",
                    value=rating,
                )
            )
        if rating and not 1 <= rating <= 5:
            raise ValidationError(
                self.env._(
                    "Rating: a whole number from 1 to 5 is expected, got %(value)s.",
                    value=rating,
                )
            )
        # a text without control characters, of bounded size
        feedback = (
            o2c_text(self.env, feedback, "Feedback", size=FEEDBACK_MAX_LENGTH) or ""
        )
        channels = dict(ANSWER_CHANNELS)
        if not isinstance(channel, str) or channel not in channels:
            raise ValidationError(
                self.env._(
                    "Channel: one of %(channels)s is expected, got %(value)r.",
                    channels=", ".join(channels),
                    value=channel,
                )
            )
        if not rating and not feedback:
            raise ValidationError(
                self.env._("An answer needs a rating from 1 to 5 or a feedback text.")
            )
        return rating, feedback, channel

    @api.model
    def _apply(self, followups, rating, feedback, channel):
        """Apply a checked answer to ``followups``: escalate, close or keep
        it to read."""
        now = fields.Datetime.now()
        for followup in followups:
            vals = {"channel": channel, "date_answered": now, "send_error": False}
            if feedback:
                vals["feedback"] = feedback
            if not rating:
                vals["state"] = "answered"
                followup._o2c_action_write(vals)
                followup._o2c_schedule_activity(
                    followup._prepare_answer_activity_vals()
                )
                continue
            vals["rating"] = rating
            threshold = followup.company_id.o2c_followup_rating_threshold
            if rating <= threshold:
                vals.update(state="escalated", was_escalated=True)
                followup._o2c_action_write(vals)
                followup._o2c_escalate()
            else:
                vals.update(state="done", close_reason="good_rating", date_closed=now)
                followup._o2c_action_write(vals)
            followup._o2c_post_answer(rating, feedback, channel)

    @api.model
    def _from_token_page(self, followup, rating, feedback):
        """A rating given on the public page (the caller checked the token):
        a rating is required, the link is used up once rated."""
        rating, feedback, channel = self._check_answer(rating, feedback, "web")
        if not rating:
            raise ValidationError(self.env._("Please choose a rating from 1 to 5."))
        if not followup._o2c_token_page_open():
            raise UserError(self.env._("This follow-up was already answered."))
        self._apply(followup, rating, feedback, channel)

    @api.model
    def _from_email(self, followups, msg_dict):
        """A reply to the follow-up's e-mail (``message_update`` of the mail
        gateway) is the customer's answer without rating, unless it comes
        from someone else or the follow-up was answered already."""
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        for followup in followups:
            if followup.state not in ("scheduled", "sent"):
                continue
            if (
                author
                and author.commercial_partner_id != followup.commercial_partner_id
            ):
                continue  # a colleague's reply is no customer answer
            # a mail may carry control characters: kept out of the feedback
            # (and out of the HTML parser, which refuses some of them)
            body = o2c_strip_controls(msg_dict.get("body") or "")
            text = o2c_strip_controls(html2plaintext(body)).strip()
            self._apply(
                followup,
                0,
                text[:FEEDBACK_MAX_LENGTH] or self.env._("(empty reply)"),
                "email",
            )
