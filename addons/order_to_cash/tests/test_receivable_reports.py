# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import O2cCommon

TODAY = date(2026, 6, 15)


@tagged("post_install", "-at_install")
class TestO2cReceivableReports(O2cCommon):
    """Open receivables with reminder level, overdue analysis and DSO."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Schmidt & Söhne KG", "email": "buchhaltung@schmidt.example.com"}
        )

    def _invoice_due(self, partner, days, amount, move_type="out_invoice"):
        return self._posted_invoice(
            partner, TODAY - timedelta(days=days), amount, move_type=move_type
        )

    @freeze_time(TODAY)
    def test_open_receivables_and_overdue_analysis(self):
        overdue = self._invoice_due(self.customer, 40, 300.0)
        recent = self._invoice_due(self.customer, 0, 100.0)
        other = self._invoice_due(self.customer_2, 70, 50.0)
        paid = self._invoice_due(self.customer_2, 10, 80.0)
        self._pay(paid)
        self.env["account.move"]._o2c_cron_send_reminders()
        # the first reminder is the first level, whatever the days overdue
        self.assertEqual(
            overdue.o2c_reminder_level_id,
            self.env.ref("order_to_cash.reminder_level_friendly"),
        )

        report = self.env["o2c.receivable.report"].with_user(self.invoice_user)
        rows = report.search(
            [("partner_id", "in", (self.customer | self.customer_2).ids)]
        )
        self.assertEqual(rows.move_id, overdue | recent | other)
        by_move = {row.move_id: row for row in rows}
        self.assertEqual(by_move[overdue].days_overdue, 40)
        self.assertEqual(by_move[overdue].aging, "31_60")
        self.assertEqual(by_move[overdue].amount_overdue, 300.0)
        self.assertEqual(
            by_move[overdue].reminder_level_id, overdue.o2c_reminder_level_id
        )
        self.assertEqual(by_move[recent].aging, "not_due")
        self.assertEqual(by_move[recent].amount_overdue, 0.0)
        self.assertEqual(by_move[other].aging, "61_90")

        groups = report.read_group(
            [("id", "in", rows.ids)],
            ["amount_residual:sum", "amount_overdue:sum"],
            ["partner_id"],
        )
        totals = {
            group["partner_id"][0]: (group["amount_residual"], group["amount_overdue"])
            for group in groups
        }
        self.assertEqual(totals[self.customer.id], (400.0, 300.0))
        self.assertEqual(totals[self.customer_2.id], (50.0, 50.0))

    @freeze_time(TODAY)
    def test_days_sales_outstanding(self):
        # customer: 900 invoiced in the last 90 days, 300 of it open -> 30 days
        self._invoice_due(self.customer, 10, 300.0)
        paid = self._invoice_due(self.customer, 50, 600.0)
        self._pay(paid)
        # an old invoice outside the period, paid: no effect
        self._pay(self._invoice_due(self.customer, 200, 1000.0))
        # customer_2: 100 invoiced, all open -> 90 days
        self._invoice_due(self.customer_2, 5, 100.0)

        report = self.env["o2c.dso.report"].with_user(self.invoice_user)
        domain = [("partner_id", "in", (self.customer | self.customer_2).ids)]
        rows = {row.partner_id: row for row in report.search(domain)}
        self.assertEqual(rows[self.customer].receivable, 300.0)
        self.assertEqual(rows[self.customer].sales, 900.0)
        self.assertAlmostEqual(rows[self.customer].dso_days, 30.0)
        self.assertAlmostEqual(rows[self.customer_2].dso_days, 90.0)

        # the total is computed from the sums (400 / 1000 x 90), not averaged
        total = report.read_group(domain, ["dso_days:avg"], [])
        self.assertAlmostEqual(total[0]["dso_days"], 36.0)

    def test_views_and_actions_load(self):
        for xmlid in (
            "order_to_cash.o2c_receivable_report_action",
            "order_to_cash.o2c_overdue_report_action",
            "order_to_cash.o2c_dso_report_action",
            "order_to_cash.o2c_reminder_level_action",
        ):
            action = (
                self.env["ir.actions.act_window"]
                .with_user(self.invoice_user)
                ._for_xml_id(xmlid)
            )
            model = self.env[action["res_model"]].with_user(self.invoice_user)
            model.get_views([(False, mode) for mode in action["view_mode"].split(",")])
            model.search_read([], limit=1)
        self.env["account.move"].with_user(self.invoice_user).get_views(
            [
                (self.env.ref("account.view_move_form").id, "form"),
                (self.env.ref("account.view_out_invoice_tree").id, "list"),
                (self.env.ref("account.view_account_invoice_filter").id, "search"),
            ]
        )
        self.env["res.partner"].with_user(self.invoice_user).get_views(
            [(False, "form")]
        )
