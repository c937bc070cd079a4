# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import datetime

from odoo.tests import HttpCase, tagged

from .common import O2cAftersalesCommon


@tagged("post_install", "-at_install")
class TestFollowupTokenPage(O2cAftersalesCommon, HttpCase):
    """The public rating page, through real HTTP requests to the test server,
    as the customer's browser reaches it from the mail (no login)."""

    def setUp(self):
        super().setUp()
        self.followup = self._followup_of(self._delivered_order())
        self._run_cron(datetime(2026, 3, 9, 10, 0))
        self.assertEqual(self.followup.state, "sent")
        self.url = f"/aftersales/followup/{self.followup.id}"
        self.token = self.followup.access_token

    def _open_form(self, rating=4, token=None):
        response = self.url_open(
            f"{self.url}?access_token={token or self.token}&rating={rating}"
        )
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        return response, csrf and csrf.group(1)

    def _submit(self, rating, feedback, csrf, token=None):
        return self.url_open(
            f"{self.url}/submit",
            data={
                "csrf_token": csrf,
                "access_token": token or self.token,
                "rating": str(rating),
                "feedback": feedback,
            },
        )

    def test_one_click_rating_and_comment(self):
        response, csrf = self._open_form(rating=5)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.followup.order_id.name, response.text)
        self.assertRegex(response.text, r'value="5"\s+checked')
        self.assertTrue(csrf)
        response = self._submit(5, "Schnelle Lieferung, danke!", csrf)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your feedback", response.text)
        self.assertEqual(self.followup.state, "done")
        self.assertEqual(self.followup.rating, 5)
        self.assertEqual(self.followup.channel, "web")
        self.assertEqual(self.followup.feedback, "Schnelle Lieferung, danke!")
        note = self.followup.message_ids.filtered(lambda m: "Rating 5 of 5" in m.body)
        self.assertEqual(note.author_id, self.customer)
        self.assertIn("Schnelle Lieferung", note.body)

    def test_bad_rating_on_the_page_escalates(self):
        _response, csrf = self._open_form(rating=1)
        response = self._submit(1, "Ware beschädigt", csrf)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.followup.state, "escalated")
        self.assertTrue(self.followup.order_id.o2c_followup_escalated)
        self.assertEqual(self.followup.activity_ids.user_id, self.salesman)

    def test_reused_token_is_refused(self):
        _response, csrf = self._open_form()
        self.assertEqual(self._submit(4, "gut", csrf).status_code, 200)
        response, csrf_again = self._open_form(rating=1)
        self.assertEqual(response.status_code, 403)
        self.assertIn("already used", response.text)
        self.assertFalse(csrf_again)
        response = self._submit(1, "doch schlecht", csrf)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.followup.rating, 4)
        self.assertEqual(self.followup.feedback, "gut")
        self.assertEqual(self.followup.state, "done")

    def test_invalid_token_is_refused(self):
        _response, csrf = self._open_form()
        wrong = self.token[:-4] + (
            "0000" if not self.token.endswith("0000") else "1111"
        )
        for token in (wrong, "x", ""):
            response = self.url_open(f"{self.url}?access_token={token}")
            self.assertEqual(response.status_code, 404, token)
            self.assertIn("not valid", response.text)
            response = self._submit(1, "hack", csrf, token=token or "-")
            self.assertEqual(response.status_code, 404, token)
        # another follow-up's token does not open this one
        other = self._followup_of(self._delivered_order())
        response = self.url_open(
            f"{self.url}?access_token={other._portal_ensure_token()}"
        )
        self.assertEqual(response.status_code, 404)
        response = self.url_open("/aftersales/followup/999999999?access_token=x")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.followup.state, "sent")
        self.assertFalse(self.followup.rating)

    def test_missing_or_out_of_range_rating_is_asked_again(self):
        _response, csrf = self._open_form()
        for rating in ("", "0", "6", "abc"):
            response = self._submit(rating, "text", csrf)
            self.assertEqual(response.status_code, 400, rating)
            self.assertIn("choose a rating from 1 to 5", response.text)
        self.assertEqual(self.followup.state, "sent")

    def test_post_without_csrf_token_is_refused(self):
        response = self._submit(5, "csrf?", "")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.followup.state, "sent")

    def test_page_speaks_the_customer_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["o2c_aftersales"], ["de_DE"], overwrite=True
        )
        self.customer.lang = "de_DE"
        response, _csrf = self._open_form()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Wie zufrieden sind Sie", response.text)

    def test_portal_customer_lists_own_followups(self):
        portal_user = self.env["res.users"].create(
            {
                "name": "Kunde Portal",
                "login": "o2c_portal_mueller",
                "password": "o2c_portal_mueller",
                "partner_id": self.customer.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.authenticate(portal_user.login, "o2c_portal_mueller")
        response = self.url_open("/my/followups")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.followup.order_id.name, response.text)
        # logged in, the customer may answer without the token
        response, _csrf = self._open_form(token="-")
        self.assertEqual(response.status_code, 200)
