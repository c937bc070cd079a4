# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents on paper (issue 17.5): the confirmation carries the order's PDF;
a customer served by post gets its documents queued for printing."""

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import O2cCommon


@tagged("post_install", "-at_install")
class TestO2cDocuments(O2cCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 100)
        cls.by_post = cls.env["res.partner"].create(
            {
                "name": "Schreinerei Alt",
                "street": "Dorfstraße 3",
                "zip": "91054",
                "city": "Erlangen",
                "country_id": cls.env.ref("base.de").id,
                "o2c_document_channel": "post",
            }
        )

    def _confirmation_mails(self, order):
        return order.message_ids.filtered(
            lambda m: "Order Confirmation" in (m.subject or "")
        )

    def _jobs(self, record):
        return self.env["o2c.print.job"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_confirmation_mail_carries_the_order_pdf(self):
        order = self._create_order([(self.goods, 2)])
        self._confirm(order)
        self._send_queued_mails()
        mail = self._confirmation_mails(order)
        self.assertEqual(len(mail), 1)
        self.assertEqual(len(mail.attachment_ids), 1)
        # the order's report (Odoo renders it as HTML in test mode, as PDF
        # on a server: wkhtmltopdf cannot render inside a test transaction,
        # the real PDF is checked over XML-RPC in
        # tests/test_rpc_credit_documents.py)
        self.assertIn(order.name.replace("/", "_"), mail.attachment_ids.name)
        self.assertIn(order.name, mail.attachment_ids.raw.decode())

    @freeze_time("2026-05-04 09:00:00")
    def test_customer_by_post_gets_confirmation_and_invoice_queued(self):
        order = self._create_order([(self.goods, 2)], partner=self.by_post)
        self._confirm(order)
        self._send_queued_mails()
        self.assertFalse(self._confirmation_mails(order))
        job = self._jobs(order)
        self.assertEqual(len(job), 1)
        self.assertEqual(job.state, "to_print")
        self.assertEqual(job.partner_id, self.by_post)
        self.assertEqual(job.report_id, self.env.ref("sale.action_report_saleorder"))
        self.assertTrue(job.attachment_id.raw)
        # queued once: the mail queue running again prints nothing twice
        self.env["o2c.print.job"]._o2c_queue(order, "sale.action_report_saleorder")
        self.assertEqual(len(self._jobs(order)), 1)
        self._deliver(order)
        invoice = self._invoice(order)
        invoice._o2c_send_invoices()
        self.assertTrue(invoice.is_move_sent)
        self.assertEqual(
            self._jobs(invoice).report_id, self.env.ref("account.account_invoices")
        )
        self.assertFalse(
            invoice.message_ids.filtered(lambda m: m.message_type == "comment")
        )

    def test_staff_mark_printed_and_nobody_forges_a_job(self):
        order = self._create_order([(self.goods, 2)], partner=self.by_post)
        self._confirm(order)
        self._send_queued_mails()
        job = self._jobs(order).with_user(self.stock_user)
        # the attack: a warehouse user rewrites the job instead of printing
        for vals in (
            {"state": "printed"},
            {"partner_id": self.customer.id},
            {"printed_by_id": self.salesman.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                job.write(vals)
        # refused by the guard (protected fields), else by the access rights
        with self.assertRaises(UserError):  # AccessError is one too
            self.env["o2c.print.job"].with_user(self.stock_user).create(
                {
                    "name": "forged",
                    "res_model": "sale.order",
                    "res_id": order.id,
                    "report_id": self.env.ref("sale.action_report_saleorder").id,
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                }
            )
        self.assertEqual(job.state, "to_print")
        self.assertTrue(job.action_o2c_mark_printed())
        self.assertEqual(job.state, "printed")
        self.assertEqual(job.printed_by_id, self.stock_user)
        with self.assertRaisesRegex(UserError, "Only documents to print"):
            job.action_o2c_mark_printed()
        download = job.action_o2c_download()
        self.assertIn(str(job.attachment_id.id), download["url"])

    def test_other_company_sees_no_job(self):
        order = self._create_order([(self.goods, 2)], partner=self.by_post)
        self._confirm(order)
        self._send_queued_mails()
        other = self.env["res.company"].create({"name": "Andere GmbH"})
        outsider = self._company_user(
            login="o2c_print_outsider",
            groups="stock.group_stock_user",
            company=other,
        )
        self.assertFalse(
            self.env["o2c.print.job"]
            .with_user(outsider)
            .search([("res_id", "=", order.id)])
        )

    @freeze_time("2026-05-04 09:00:00")
    def test_reminder_letter_of_a_customer_by_post_is_queued(self):
        invoice = self._posted_invoice(self.by_post, "2026-03-01", 100.0)
        partners = self.env["res.partner"].with_user(self.invoice_user)
        letter_ids = partners.browse(self.by_post.ids).action_o2c_send_reminders()
        letter = self.env["o2c.reminder.letter"].browse(letter_ids)
        self.assertEqual(letter.line_ids.move_id, invoice)
        job = self._jobs(letter)
        self.assertEqual(len(job), 1)
        self.assertEqual(
            job.report_id,
            self.env.ref("order_to_cash.action_report_o2c_reminder_letter"),
        )
        self.assertFalse(
            letter.message_ids.filtered(lambda m: m.message_type == "comment")
        )
        self.assertTrue(invoice.o2c_reminder_level_id)
