# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupCron(O2cAftersalesCommon):
    def test_cron_sends_due_followup_once(self):
        followup = self._followup_of(self._delivered_order())
        self._run_cron(datetime(2026, 3, 8, 23, 0))
        self.assertEqual(followup.state, "scheduled")
        self.assertFalse(self._mails_to(self.customer, followup))

        self._run_cron(datetime(2026, 3, 9, 6, 0))
        self.assertEqual(followup.state, "sent")
        self.assertEqual(followup.date_sent, datetime(2026, 3, 9, 6, 0))
        mail = self._mails_to(self.customer, followup)
        self.assertEqual(len(mail), 1)
        self.assertIn(followup.order_id.name, mail.subject)
        self.assertTrue(followup.access_token)
        for score in range(1, 6):
            self.assertIn(
                f"/aftersales/followup/{followup.id}?access_token="
                f"{followup.access_token}&amp;rating={score}",
                mail.body_html,
            )
        # the mail is a chatter message: the customer's reply comes back here
        self.assertEqual(mail.mail_message_id.model, "o2c.followup")
        self.assertEqual(mail.mail_message_id.res_id, followup.id)

        self._run_cron(datetime(2026, 3, 9, 7, 0))
        self._run_cron(datetime(2026, 3, 10, 7, 0))
        self.assertEqual(len(self._mails_to(self.customer, followup)), 1)

    def test_no_answer_one_reminder_then_closed(self):
        followup = self._followup_of(self._delivered_order())
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        # reminder after 5 days without answer
        self._run_cron(datetime(2026, 3, 14, 9, 0))
        self.assertFalse(followup.date_reminded)
        self._run_cron(datetime(2026, 3, 14, 11, 0))
        self.assertEqual(followup.date_reminded, datetime(2026, 3, 14, 11, 0))
        self.assertEqual(followup.state, "sent")
        mails = self._mails_to(self.customer, followup)
        self.assertEqual(len(mails), 2)
        self.assertIn("your opinion", mails.sorted("id")[-1].subject)
        # only one reminder
        self._run_cron(datetime(2026, 3, 15, 11, 0))
        self.assertEqual(len(self._mails_to(self.customer, followup)), 2)
        # closed 10 days after the reminder
        self._run_cron(datetime(2026, 3, 24, 10, 0))
        self.assertEqual(followup.state, "sent")
        self._run_cron(datetime(2026, 3, 24, 12, 0))
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.close_reason, "no_answer")
        self.assertEqual(len(self._mails_to(self.customer, followup)), 2)

    def test_answered_followup_gets_no_reminder(self):
        followup = self._followup_of(self._delivered_order())
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        followup.with_user(self.salesman).action_record_answer(
            False, "Rufen Sie mich bitte an.", "email"
        )
        self._run_cron(datetime(2026, 3, 20, 10, 0))
        self._run_cron(datetime(2026, 4, 20, 10, 0))
        self.assertEqual(followup.state, "answered")
        self.assertFalse(followup.date_reminded)
        self.assertEqual(len(self._mails_to(self.customer, followup)), 1)

    def test_failure_is_given_to_a_person_once(self):
        customer = self.env["res.partner"].create({"name": "Ohne Mail KG"})
        followup = self._followup_of(self._delivered_order(partner=customer))
        with mute_logger("odoo.addons.o2c_aftersales.models.o2c_followup"):
            self._run_cron(datetime(2026, 3, 9, 10, 0))
            self._run_cron(datetime(2026, 3, 10, 10, 0))
        self.assertEqual(followup.state, "scheduled")
        self.assertIn("no e-mail address", followup.send_error)
        activity = followup.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn("no e-mail address", activity.note)
        # the failure did not stop the others
        other = self._followup_of(self._delivered_order())
        with mute_logger("odoo.addons.o2c_aftersales.models.o2c_followup"):
            self._run_cron(datetime(2026, 3, 9, 11, 0))
        self.assertEqual(other.state, "sent")
        # fixed by a person, sent by the next run
        customer.email = "info@ohne-mail.example.com"
        followup.with_user(self.salesman).action_retry()
        self._run_cron(datetime(2026, 3, 11, 10, 0))
        self.assertEqual(followup.state, "sent")
        self.assertFalse(followup.send_error)
        self.assertEqual(len(self._mails_to(customer, followup)), 1)

    def test_cron_works_in_batches_and_reports_progress(self):
        followups = self.Followup
        for _index in range(3):
            followups |= self._followup_of(self._delivered_order())
        cron = self.env.ref("o2c_aftersales.ir_cron_o2c_followup")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "done": 0, "remaining": 0}
        )
        model = self.Followup.with_context(ir_cron_progress_id=progress.id)
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            model._cron_process_followups(batch_size=2)
        self.assertEqual(
            sorted(followups.mapped("state")), ["scheduled", "sent", "sent"]
        )
        self.assertEqual((progress.done, progress.remaining), (2, 1))
        with freeze_time(datetime(2026, 3, 9, 10, 5)):
            model._cron_process_followups(batch_size=2)
        self.assertEqual(set(followups.mapped("state")), {"sent"})
        self.assertEqual((progress.done, progress.remaining), (1, 0))

    def test_manual_send(self):
        followup = self._followup_of(self._delivered_order())
        with freeze_time(datetime(2026, 3, 4, 9, 0)):
            followup.with_user(self.salesman).action_send()
        self.assertEqual(followup.state, "sent")
        self.assertEqual(len(self._mails_to(self.customer, followup)), 1)
        # due on the 9th, already sent: the cron does not send it again (and
        # the reminder comes 5 days after the manual sending)
        self._run_cron(datetime(2026, 3, 9, 8, 0))
        self.assertEqual(len(self._mails_to(self.customer, followup)), 1)
        with self.assertRaisesRegex(Exception, "Only scheduled follow-ups"):
            followup.with_user(self.salesman).action_send()

    def test_mail_speaks_the_customer_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["o2c_aftersales"], ["de_DE"], overwrite=True
        )
        self.customer.lang = "de_DE"
        followup = self._followup_of(self._delivered_order())
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        mail = self._mails_to(self.customer, followup)
        self.assertIn("Wie zufrieden sind Sie mit Auftrag", mail.subject)
        self.assertIn("Ein Klick genügt", mail.body_html)
        self.assertIn("rating=5", mail.body_html)
