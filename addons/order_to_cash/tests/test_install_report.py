# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, warmup

from .common import O2cCommon

TODAY = date(2026, 6, 15)
START = date(2026, 6, 1)
PAST = date(2026, 5, 4)  # before the start dates
RECENT = date(2026, 6, 8)  # after them

REPORT_FIELDS = [
    "o2c_report_order_count",
    "o2c_report_stage_text",
    "o2c_report_credit_count",
    "o2c_report_reminder_count",
    "o2c_report_auto_invoice_count",
    "o2c_reminder_history_count",
    "o2c_auto_invoice_history_count",
]


@tagged("post_install", "-at_install")
class TestO2cInstallReport(O2cCommon):
    """The settings show what the addons found in a company's existing
    records, read only, each figure opening its records; company B's records
    count nowhere in company A's report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Zweigwerk Report GmbH")["company"]
        for company in (cls.company, cls.company_b):
            company.write(
                {
                    "o2c_auto_invoice_start_date": START,
                    "o2c_reminder_start_date": START,
                    "o2c_overdue_block": True,
                    "o2c_overdue_days": 30,
                    "account_use_credit_limit": True,
                }
            )
        cls.settings_admin = cls._company_user(
            login="o2c_report_admin", groups="base.group_system"
        )
        cls.settings_admin_b = cls._company_user(
            login="o2c_report_admin_b",
            groups="base.group_system",
            company=cls.company_b,
        )
        # sees the Order to Cash settings app, does not manage the settings
        cls.o2c_manager = cls._company_user(
            login="o2c_report_manager",
            groups="order_to_cash.group_o2c_manager,account.group_account_manager",
        )
        cls.seller_b = cls._company_user(
            login="o2c_report_seller_b",
            groups="sales_team.group_sale_salesman",
            company=cls.company_b,
        )

        def customer(name):
            return cls.env["res.partner"].create({"name": name, "company_id": False})

        cls.late = customer("Spät KG")  # invoice overdue 72 days
        cls.recent = customer("Neu OHG")  # invoice overdue 7 days
        cls.noticed = customer("Gemahnt AG")  # final notice, unpaid
        cls.big = customer("Groß GmbH")  # above its credit limit
        cls.within = customer("Klein GmbH")  # below its credit limit
        cls.late_b = customer("Nur-B GmbH")  # overdue in company B only
        cls.big.with_company(cls.company).credit_limit = 100.0
        cls.within.with_company(cls.company).credit_limit = 1000.0

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _invoice_in(self, company, partner, invoice_date, amount):
        """A posted invoice of ``company`` dated and due on ``invoice_date``."""
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_payment_term_id": self.pay_terms_a.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Montage", "price_unit": amount, "tax_ids": []}
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _service_order(self, user, confirmed_on=None):
        """A quotation of a service invoiced on order, confirmed (and so to
        invoice) on ``confirmed_on`` when given."""
        order = self._create_order([(self.service, 1)], user=user)
        if confirmed_on:
            with freeze_time(confirmed_on):
                self._confirm(order, user=user)
        return order

    def _figures(self):
        """Records of both companies; returns company A's orders."""
        final = self.env.ref("order_to_cash.reminder_level_final")
        for company in (self.company, self.company_b):
            self._invoice_in(company, self.late, date(2026, 4, 4), 100.0)
            self._invoice_in(company, self.recent, RECENT, 100.0)
            noticed = self._invoice_in(company, self.noticed, RECENT, 100.0)
            noticed._o2c_action_write(
                {"o2c_reminder_level_id": final.id, "o2c_last_reminder_date": TODAY}
            )
            self._invoice_in(company, self.big, TODAY, 500.0)
            self._invoice_in(company, self.within, TODAY, 500.0)
        self._invoice_in(self.company_b, self.late_b, date(2026, 3, 2), 100.0)
        orders = self.env["sale.order"]
        for user in (self.salesman, self.seller_b):
            found = (
                self._service_order(user)
                | self._service_order(user, confirmed_on=PAST)
                | self._service_order(user, confirmed_on=RECENT)
            )
            if user == self.salesman:
                orders = found
        self.env.flush_all()
        return orders

    def _settings(self, admin=None):
        return (
            self.env["res.config.settings"]
            .with_user(admin or self.settings_admin)
            .create({})
        )

    def _report_actions(self, settings):
        """Names of every button of the report (the satellites' too)."""
        return sorted(
            name for name in dir(settings) if name.startswith("action_o2c_report_open")
        )

    # ------------------------------------------------------------------
    # tests
    # ------------------------------------------------------------------
    def _assert_figures_open_records_of_a(self, settings, orders):
        """Each figure of company A's report opens its records, all of
        company A (``orders``: A's orders)."""
        action = settings.action_o2c_report_open_credit()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(
            self.env["res.partner"].search(action["domain"]),
            self.late | self.noticed | self.big,
        )
        action = settings.action_o2c_report_open_reminders()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(moves.partner_id, self.recent)
        self.assertEqual(moves.company_id, self.company)
        action = settings.action_o2c_report_open_reminder_history()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(moves.partner_id, self.late)
        self.assertEqual(moves.company_id, self.company)
        action = settings.action_o2c_report_open_auto_invoice()
        invoiced = self.env["sale.order"].search(action["domain"])
        self.assertEqual(invoiced.date_order.date(), RECENT)
        self.assertEqual(invoiced.company_id, self.company)
        action = settings.action_o2c_report_open_auto_invoice_history()
        left = self.env["sale.order"].search(action["domain"])
        self.assertEqual(left.date_order.date(), PAST)
        self.assertEqual(left.company_id, self.company)
        action = settings.action_o2c_report_open_orders()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), orders)
        self.assertEqual(action["context"]["group_by"], ["o2c_stage"])

    @freeze_time(TODAY)
    def test_report_counts_the_company_records_only(self):
        orders = self._figures()
        settings = self._settings()
        self.assertEqual(settings.company_id, self.company)
        stages = dict(
            self.env["sale.order"]._fields["o2c_stage"]._description_selection(self.env)
        )
        self.assertEqual(settings.o2c_report_order_count, 3)
        self.assertEqual(
            sorted(settings.o2c_report_stage_text.split(", ")),
            sorted(
                f"{stages[stage]}: {count}"
                for stage, count in Counter(orders.mapped("o2c_stage")).items()
            ),
        )
        self.assertIn("Intake: 1", settings.o2c_report_stage_text)
        self.assertEqual(settings.o2c_report_credit_count, 3)
        self.assertEqual(settings.o2c_report_reminder_count, 1)
        self.assertEqual(settings.o2c_reminder_history_count, 1)
        self.assertEqual(settings.o2c_report_auto_invoice_count, 1)
        self.assertEqual(settings.o2c_auto_invoice_history_count, 1)

        # each figure opens its records, all of company A
        self._assert_figures_open_records_of_a(settings, orders)

        # company B's report: its own figures, with its own overdue customer
        settings_b = self._settings(self.settings_admin_b)
        self.assertEqual(settings_b.company_id, self.company_b)
        self.assertEqual(settings_b.o2c_report_order_count, 3)
        self.assertEqual(settings_b.o2c_report_reminder_count, 1)
        self.assertEqual(settings_b.o2c_reminder_history_count, 2)
        action = settings_b.action_o2c_report_open_credit()
        self.assertEqual(
            self.env["res.partner"].search(action["domain"]),
            self.late | self.noticed | self.late_b,
        )

    @freeze_time(TODAY)
    def test_report_changes_nothing(self):
        self._figures()
        companies = self.company | self.company_b
        before = companies.read(
            ["o2c_auto_invoice_start_date", "o2c_reminder_start_date"]
        )
        settings = self._settings()
        settings.read(REPORT_FIELDS)
        for name in self._report_actions(settings):
            getattr(settings, name)()
        self.env.flush_all()
        companies.invalidate_recordset()
        self.assertEqual(
            companies.read(["o2c_auto_invoice_start_date", "o2c_reminder_start_date"]),
            before,
        )
        invoices = self.env["account.move"].search(
            [("company_id", "in", companies.ids), ("move_type", "=", "out_invoice")]
        )
        self.assertEqual(invoices.o2c_reminder_level_id.mapped("is_final"), [True])
        self.assertFalse(
            self.env["sale.order"].search(
                [("company_id", "in", companies.ids), ("invoice_ids", "!=", False)]
            )
        )

    @freeze_time(TODAY)
    def test_held_customers_are_those_the_review_holds(self):
        """The report applies the review's credit rules: a quotation of each
        customer it counts is held for credit, of the others not."""
        self._figures()
        settings = self._settings()
        held = self.env["res.partner"].search(
            settings.action_o2c_report_open_credit()["domain"]
        )
        for partner in self.late | self.recent | self.noticed | self.big | self.within:
            order = self._create_order([(self.service, 1)], partner=partner)
            order.with_user(self.salesman).action_o2c_review()
            credit = order.o2c_check_ids.filtered(lambda c: c.check_type == "credit")
            self.assertEqual(
                "blocking" in credit.mapped("result"),
                partner in held,
                partner.name,
            )

    @freeze_time(TODAY)
    @warmup
    def test_report_query_budget(self):
        # warmup: run once, roll back, run again with an empty record cache
        # and warm ormcaches (record rules, access rights), so the block
        # measured is the same under any runner and after any other test
        # (without it: a cold record rule cache, and what setUpClass or an
        # earlier test left in the record cache, gave 12 alone, 13 after
        # the class's other tests)
        self._figures()
        settings = self._settings()
        settings.invalidate_recordset()
        self.env.flush_all()
        # 12 whatever the size of the company's history: the settings'
        # company 1; stages 1; credit 6 (customers, the user's time zone for
        # today's date, overdue, final notices, exposure 2; their limits, one
        # read per thousand customers with an exposure, are in the cache
        # here: _figures() just invoiced them); reminders 1 + 1 left alone;
        # automatic invoicing 1 + 1 left alone. 13 measured after the whole
        # suite of the three addons (one of these reads is cold again after
        # some earlier test, warmup or not): the budget allows that one, not
        # a query per customer or per record of the history
        with self.assertQueryCount(13):
            settings.read(REPORT_FIELDS)

    def test_only_settings_managers_see_the_report(self):
        settings = self._settings()
        actions = self._report_actions(settings)
        self.assertIn("action_o2c_report_open_credit", actions)
        for name in actions:
            action = getattr(settings, name)()
            self.assertEqual(action["type"], "ir.actions.act_window", name)
        other = settings.with_user(self.o2c_manager)
        with self.assertRaises(AccessError):
            other.read(["o2c_report_credit_count"])
        for name in actions:
            with self.assertRaises(AccessError, msg=name):
                getattr(other, name)()
        # nor a settings manager for a company he does not work in
        settings_b = (
            self.env["res.config.settings"]
            .with_user(self.settings_admin)
            .create({"company_id": self.company_b.id})
        )
        for name in actions:
            with self.assertRaises(AccessError, msg=name):
                getattr(settings_b, name)()
