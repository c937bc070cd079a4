# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two companies in one database (issue 16, item 5).

Every figure, queue, automation and setting stays within its company; a
user of both sees both, separately. Company A is the accounting test
company, company B a second one with its own chart of accounts, warehouse
and currency; the customer and the products are shared.
"""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import O2cCommon

DAY0 = datetime(2026, 3, 2, 9, 0)


class O2cMultiCompanyMixin:
    """Checks shared by the multi-company tests of the three addons."""

    def _assert_company_rules(self, module):
        """Every stored model the addon declares with a company has a global
        multi-company record rule."""
        names = self.env["ir.model.data"].search(
            [("module", "=", module), ("model", "=", "ir.model")]
        )
        models = self.env["ir.model"].browse(names.mapped("res_id"))
        checked = []
        for ir_model in models:
            model = self.env.get(ir_model.model)
            if model is None or model._transient or "company_id" not in model._fields:
                continue
            if model._original_module != module:
                # a core model the addon extends (sale.order,
                # product.product...): its rules are core's
                continue
            rules = self.env["ir.rule"].search(
                [("model_id", "=", ir_model.id), ("global", "=", True)]
            )
            self.assertTrue(
                any("company_ids" in rule.domain_force for rule in rules),
                f"{ir_model.model} has no multi-company rule",
            )
            checked.append(ir_model.model)
        return checked

    def _user_of(self, login, groups, *companies):
        return new_test_user(
            self.env,
            login=login,
            groups=groups,
            company_id=companies[0].id,
            company_ids=[Command.set([c.id for c in companies])],
        )

    def _as(self, user, *companies):
        """``user``'s environment with ``companies`` selected in the
        company switcher (the first one active), as the web client sends."""
        ids = [company.id for company in companies]
        return self.env(
            user=user, context={**self.env.context, "allowed_company_ids": ids}
        )

    def _queue(self, user, xmlid, *companies):
        """The records of the work queue (window action) ``xmlid`` as
        ``user`` with ``companies`` selected."""
        env = self._as(user, *companies)
        action = env["ir.actions.act_window"]._for_xml_id(xmlid)
        domain = safe_eval(action.get("domain") or "[]", {"uid": user.id})
        return env[action["res_model"]].search(domain).with_env(self.env)

    def _assert_sees_none(self, env, records):
        """``env``'s user finds none of ``records`` and may not read them."""
        model = env[records._name]
        self.assertFalse(model.search([("id", "in", records.ids)]), records._name)
        with self.assertRaises(AccessError, msg=records._name):
            model.browse(records.ids).read(["id"])

    def _by_company(self, env, model, domain, aggregates):
        """``{company: (aggregate values...)}`` grouped by company."""
        rows = env[model]._read_group(domain, ["company_id"], aggregates)
        return {row[0].id: tuple(row[1:]) for row in rows}


@tagged("post_install", "-at_install")
class TestO2cMultiCompany(O2cMultiCompanyMixin, O2cCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.company_b = cls.setup_other_company(
            name="Zweigwerk B GmbH", currency_id=eur.id
        )["company"]
        cls.company_b.write(
            {
                "o2c_auto_invoice_start_date": "2000-01-01",
                "o2c_reminder_start_date": "2000-01-01",
            }
        )
        cls.warehouse_b = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company_b.id)], limit=1
        )
        for product in (cls.goods, cls.goods_2):
            cls._put_in_stock(product, 100)
            cls._put_in_stock(product, 100, cls.warehouse_b.lot_stock_id)
        a, b = cls.company_a, cls.company_b
        sales = "sales_team.group_sale_salesman_all_leads"
        cls.seller_a = cls._company_user("mc_seller_a", sales, company=a)
        cls.seller_b = cls._company_user("mc_seller_b", sales, company=b)
        cls.stock_b = cls._company_user(
            "mc_stock_b", "stock.group_stock_user", company=b
        )
        invoicing = "account.group_account_invoice"
        cls.invoice_b = cls._company_user("mc_invoice_b", invoicing, company=b)
        credit = "account.group_account_invoice,order_to_cash.group_o2c_credit_manager"
        cls.credit_a = cls._company_user("mc_credit_a", credit, company=a)
        cls.credit_b = cls._company_user("mc_credit_b", credit, company=b)
        # one person working in both companies, with every role of the
        # lifecycle (sales, warehouse, accounting, credit, analyses)
        everything = (
            f"{sales},stock.group_stock_user,{credit},"
            "order_to_cash.group_o2c_manager,account.group_account_readonly"
        )
        cls.user_a = cls._company_user("mc_user_a", everything, company=a)
        cls.user_ab = new_test_user(
            cls.env,
            login="mc_user_ab",
            groups=everything,
            company_id=a.id,
            company_ids=[Command.set([a.id, b.id])],
        )
        terms = cls.env.ref("account.account_payment_term_30days")
        for company in (a, b):
            company.account_use_credit_limit = True
            cls.customer.with_company(company).property_payment_term_id = terms
        cls.customer.write(
            {
                "street": "Hauptstraße 1",
                "zip": "80331",
                "city": "München",
                "country_id": cls.env.ref("base.de").id,
            }
        )

    # ------------------------------------------------------------------
    # Factories of company B
    # ------------------------------------------------------------------
    def _order_b(self, lines=None, **values):
        return self._create_order(lines, user=self.seller_b, **values)

    def _confirmed(self, company, qty=2, product=None):
        seller = self.seller_a if company == self.company_a else self.seller_b
        order = self._create_order([(product or self.goods, qty)], user=seller)
        self._confirm(order, user=seller)
        return order

    def _held(self, company):
        """A quotation of ``company`` held for credit (limit 1.0)."""
        self.customer.with_company(company).credit_limit = 1.0
        seller = self.seller_a if company == self.company_a else self.seller_b
        order = self._create_order([(self.goods, 1)], user=seller)
        order.with_user(seller).action_o2c_review()
        self.env.flush_all()
        self.assertEqual(order.o2c_stage, "hold")
        return order

    # ------------------------------------------------------------------
    # Security: every model has its company rule; A's user sees no B
    # ------------------------------------------------------------------
    def test_every_company_model_has_a_company_rule(self):
        checked = self._assert_company_rules("order_to_cash")
        self.assertIn("o2c.stage.log", checked)
        self.assertIn("o2c.receivable.report", checked)

    def test_user_of_a_sees_no_record_of_b(self):
        self.env["o2c.control.point"].create(
            {
                "name": "Lieferschein beigelegt (B)",
                "picking_type_ids": [Command.set(self.warehouse_b.out_type_id.ids)],
                "company_id": self.company_b.id,
            }
        )
        level_b = self.env["o2c.reminder.level"].create(
            {
                "name": "Mahnung B",
                "days_overdue": 3,
                "mail_template_id": self.env.ref(
                    "order_to_cash.mail_template_reminder_friendly"
                ).id,
                "company_id": self.company_b.id,
            }
        )
        with freeze_time(DAY0):
            order = self._order_b([(self.goods, 3)])
            order.with_user(self.seller_b).action_o2c_review()
            self._confirm(order, user=self.seller_b)
            picking = order.picking_ids
            self.assertTrue(picking.o2c_control_ids)
            picking.o2c_control_ids.with_user(self.stock_b).is_done = True
            self._deliver(order, user=self.stock_b)
            self._invoice(order, user=self.invoice_b)
            self._commit_stage_log()
        records_b = {
            "o2c.stage.log": order.o2c_stage_log_ids,
            "o2c.order.check": order.o2c_check_ids,
            "o2c.picking.control": picking.o2c_control_ids,
            "o2c.control.point": picking.o2c_control_ids.point_id,
            "o2c.reminder.level": level_b,
            "o2c.delivery.report": self.env["o2c.delivery.report"].search(
                [("order_id", "=", order.id)]
            ),
            "o2c.receivable.report": self.env["o2c.receivable.report"].search(
                [("company_id", "=", self.company_b.id)]
            ),
            "o2c.dso.report": self.env["o2c.dso.report"].search(
                [("company_id", "=", self.company_b.id)]
            ),
        }
        env_a = self.env(user=self.user_a)
        for model, records in records_b.items():
            self.assertTrue(records, model)
            self._assert_sees_none(env_a, records)
        # the user of both reads them all, with both companies selected
        env_ab = self._as(self.user_ab, self.company_a, self.company_b)
        for model, records in records_b.items():
            self.assertEqual(
                env_ab[model].search([("id", "in", records.ids)]), records, model
            )
        # and none of them with company A only
        env_ab_a = self._as(self.user_ab, self.company_a)
        for model, records in records_b.items():
            self.assertFalse(env_ab_a[model].search([("id", "in", records.ids)]), model)

    # ------------------------------------------------------------------
    # Credit: exposure and limit of the order's company
    # ------------------------------------------------------------------
    def test_credit_exposure_per_company(self):
        order_a = self._confirmed(self.company_a, qty=4)  # 4 x 12.5 + tax
        order_b = self._confirmed(self.company_b, qty=2)  # 2 x 12.5, no tax in B
        self.customer.with_company(self.company_a).credit_limit = 1000.0
        self.customer.with_company(self.company_b).credit_limit = 30.0
        self.assertNotEqual(order_a.amount_total, order_b.amount_total)
        env_ab = self._as(self.user_ab, self.company_a, self.company_b)
        partner = env_ab["res.partner"].browse(self.customer.id)
        in_a = partner.with_company(self.company_a)
        in_b = partner.with_company(self.company_b)
        self.assertEqual(in_a.o2c_credit_exposure, order_a.amount_total)
        self.assertEqual(in_a.o2c_credit_currency_id, self.company_a.currency_id)
        self.assertEqual(in_a.o2c_credit_available, 1000.0 - order_a.amount_total)
        self.assertEqual(in_b.o2c_credit_exposure, order_b.amount_total)
        self.assertEqual(in_b.o2c_credit_currency_id, self.company_b.currency_id)
        self.assertEqual(in_b.o2c_credit_available, 30.0 - order_b.amount_total)
        # a user of A alone sees A's figures only
        partner_a = self.env(user=self.user_a)["res.partner"].browse(self.customer.id)
        self.assertEqual(partner_a.o2c_credit_exposure, order_a.amount_total)
        # the review compares with the limit and exposure of the order's
        # company: 2 more fit in A (1000) but not in B (30 - 25)
        quote_a = self._create_order([(self.goods, 2)], user=self.seller_a)
        quote_b = self._order_b([(self.goods, 2)])
        for quote, seller in ((quote_a, self.seller_a), (quote_b, self.seller_b)):
            quote.with_user(seller).action_o2c_review()
        self.assertNotEqual(quote_a.o2c_stage, "hold")
        self.assertEqual(quote_b.o2c_stage, "hold")

    def test_final_notice_of_b_does_not_hold_orders_of_a(self):
        """A final payment notice blocks the customer in the company that
        sent it, whichever companies the reviewing user has selected."""
        self.customer.o2c_reminder_excluded = False
        with freeze_time(DAY0):
            order_b = self._confirmed(self.company_b)
            self._deliver(order_b, user=self.stock_b)
            invoice_b = self._invoice(order_b, user=self.invoice_b)
            final_b = self.env["o2c.reminder.level"]._o2c_levels_for_company(
                self.company_b
            )[-1]
            invoice_b.sudo()._o2c_action_write({"o2c_reminder_level_id": final_b.id})
            quote_a = self._create_order([(self.goods, 1)], user=self.user_ab)
            quote_b = self._create_order(
                [(self.goods, 1)], user=self.seller_b, company_id=self.company_b.id
            )
            env_ab = self._as(self.user_ab, self.company_a, self.company_b)
            env_ab["sale.order"].browse(quote_a.ids).action_o2c_review()
            env_ab["sale.order"].browse(quote_b.ids).action_o2c_review()
            env_ab.flush_all()
        credit_a = quote_a.o2c_check_ids.filtered(lambda c: c.check_type == "credit")
        credit_b = quote_b.o2c_check_ids.filtered(lambda c: c.check_type == "credit")
        self.assertEqual(credit_a.result, "ok", credit_a.message)
        self.assertEqual(credit_b.result, "blocking")
        self.assertIn(invoice_b.name, credit_b.message)

    # ------------------------------------------------------------------
    # Work queues
    # ------------------------------------------------------------------
    def _posted_invoice_b(self, invoice_date):
        """A posted invoice of company B to the customer: one line of 70.00,
        due on ``invoice_date`` (immediate payment terms)."""
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": invoice_date,
                "invoice_payment_term_id": self.pay_terms_a.id,
                "company_id": self.company_b.id,
                "invoice_line_ids": [
                    Command.create({"name": "Welle", "price_unit": 70.0})
                ],
            }
        )
        move.action_post()
        return move

    def _work_of_the_queues(self):
        """A held order, a transfer to control and an overdue invoice in
        each company: ``[(queue, its record in A and in B, who works it in
        A and in B)]``."""
        held_a, held_b = self._held(self.company_a), self._held(self.company_b)
        for company in (self.company_a, self.company_b):
            self.customer.with_company(company).credit_limit = 0.0
        self.env["o2c.control.point"].create(
            {
                "name": "Verpackung geprüft",
                "picking_type_ids": [
                    Command.set(
                        (self.warehouse.out_type_id | self.warehouse_b.out_type_id).ids
                    )
                ],
                "company_id": False,
            }
        )
        control_a = self._confirmed(self.company_a).picking_ids
        control_b = self._confirmed(self.company_b).picking_ids
        self.assertEqual(
            (control_a | control_b).mapped("o2c_control_state"), ["todo", "todo"]
        )
        with freeze_time(DAY0):
            overdue_a = self._posted_invoice(self.customer, date(2026, 1, 5), 100.0)
            overdue_b = self._posted_invoice_b(date(2026, 1, 5))
        credit, stock = (self.credit_a, self.credit_b), (self.stock_user, self.stock_b)
        invoicing = (self.invoice_user, self.invoice_b)
        return [
            ("action_o2c_held_orders", held_a, held_b, *credit),
            ("action_o2c_queue_credit_holds", held_a, held_b, *credit),
            ("action_o2c_queue_controls", control_a, control_b, *stock),
            ("action_o2c_queue_overdue", overdue_a, overdue_b, *invoicing),
        ]

    def _assert_queue_per_company(self, xmlid, rec_a, rec_b, user_a, user_b):
        """The queue ``xmlid`` shows each company's user that company's
        record and not the other's; the user of both sees both with both
        companies selected, B's only with B selected."""
        for user, rec, other in ((user_a, rec_a, rec_b), (user_b, rec_b, rec_a)):
            found = self._queue(user, xmlid, *user.company_ids)
            self.assertIn(rec, found, xmlid)
            self.assertFalse(found & other, xmlid)
        # the user of both sees both with both selected, one without
        both = self._queue(self.user_ab, xmlid, self.company_a, self.company_b)
        self.assertEqual(both & (rec_a | rec_b), rec_a | rec_b, xmlid)
        only_b = self._queue(self.user_ab, xmlid, self.company_b)
        self.assertEqual(only_b & (rec_a | rec_b), rec_b, xmlid)

    def test_queues_per_company(self):
        for name, rec_a, rec_b, user_a, user_b in self._work_of_the_queues():
            self._assert_queue_per_company(
                f"order_to_cash.{name}", rec_a, rec_b, user_a, user_b
            )

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def _history_in_both(self):
        """A delivered, invoiced and paid order in each company, and an open
        invoice in each: the analyses have rows in both."""
        with freeze_time(DAY0):
            order_a = self._confirmed(self.company_a, qty=4)
            order_b = self._confirmed(self.company_b, qty=2)
            self._commit_stage_log()
        with freeze_time(DAY0 + timedelta(days=2)):
            self._deliver(order_a)
            self._deliver(order_b, user=self.stock_b)
            invoice_a = self._invoice(order_a)
            invoice_b = self._invoice(order_b, user=self.invoice_b)
            self._commit_stage_log()
        with freeze_time(DAY0 + timedelta(days=4)):
            self._pay(invoice_a, date=(DAY0 + timedelta(days=4)).date())
            self._commit_stage_log()
        return order_a, order_b, invoice_a, invoice_b

    def test_analyses_grouped_by_company_stay_separate(self):
        order_a, order_b, _invoice_a, invoice_b = self._history_in_both()
        a, b = self.company_a.id, self.company_b.id
        with freeze_time(DAY0 + timedelta(days=5)):
            env_ab = self._as(self.user_ab, self.company_a, self.company_b)
            env_a = self.env(user=self.user_a)
            checks = [
                ("o2c.stage.log", [], ["order_id:count_distinct"], {a: 1, b: 1}),
                (
                    "o2c.delivery.report",
                    [],
                    ["qty_delivered:sum"],
                    {a: 4.0, b: 2.0},
                ),
                (
                    "o2c.receivable.report",
                    [],
                    ["amount_residual:sum"],
                    {b: invoice_b.amount_total},
                ),
                (
                    "o2c.dso.report",
                    [],
                    ["receivable:sum"],
                    {a: 0.0, b: invoice_b.amount_total},
                ),
            ]
            for model, domain, aggregates, expected in checks:
                rows = self._by_company(env_ab, model, domain, aggregates)
                got = {
                    company: values[0]
                    for company, values in rows.items()
                    if company in (a, b)
                }
                self.assertEqual(got, expected, model)
                rows_a = self._by_company(env_a, model, domain, aggregates)
                self.assertNotIn(b, rows_a, model)
        self.assertEqual(order_a.o2c_stage, "done")
        self.assertEqual(order_b.o2c_stage, "payment")

    def test_dashboard_figures_of_the_active_company(self):
        """The tiles show the figures of the active company, never a sum of
        the selected companies (their currencies differ)."""
        self._history_in_both()
        self._held(self.company_b)
        with freeze_time(DAY0 + timedelta(days=5)):
            figures = {}
            for key, companies in {
                "a": (self.company_a,),
                "a+b": (self.company_a, self.company_b),
                "b+a": (self.company_b, self.company_a),
            }.items():
                kpis = self._as(self.user_ab, *companies)["o2c.kpi"].search([])
                figures[key] = {kpi.code: kpi.value for kpi in kpis}
            kpis_a = self.env(user=self.user_a)["o2c.kpi"].search([])
            figures["user_a"] = {kpi.code: kpi.value for kpi in kpis_a}
        self.assertEqual(figures["a"], figures["a+b"])
        self.assertEqual(figures["a"], figures["user_a"])
        self.assertEqual(figures["a"]["holds"], 0.0)
        self.assertEqual(figures["b+a"]["holds"], 1.0)
        self.assertNotEqual(figures["a"]["dso"], figures["b+a"]["dso"])
        self.assertEqual(figures["a"]["dso"], 0.0)

    # ------------------------------------------------------------------
    # Automations
    # ------------------------------------------------------------------
    def test_auto_invoice_per_company_settings(self):
        self.goods.invoice_policy = "order"
        with freeze_time(DAY0):
            order_a = self._confirmed(self.company_a)
            order_b = self._confirmed(self.company_b)
        self.company_a.o2c_auto_invoice = True
        self.company_b.o2c_auto_invoice = False
        with freeze_time(DAY0 + timedelta(days=1)):
            invoices = self.env["sale.order"]._o2c_cron_auto_invoice()
        self.assertEqual(invoices.line_ids.sale_line_ids.order_id, order_a)
        self.assertEqual(invoices.company_id, self.company_a)
        self.assertEqual(order_b.invoice_status, "to invoice")
        # B switched on, but B's automations start after its order
        self.company_b.write(
            {"o2c_auto_invoice": True, "o2c_auto_invoice_start_date": "2026-03-10"}
        )
        with freeze_time(DAY0 + timedelta(days=10)):
            self.assertFalse(self.env["sale.order"]._o2c_cron_auto_invoice())
        self.company_b.o2c_auto_invoice_start_date = "2026-03-01"
        with freeze_time(DAY0 + timedelta(days=10)):
            invoices = self.env["sale.order"]._o2c_cron_auto_invoice()
        self.assertEqual(invoices.line_ids.sale_line_ids.order_id, order_b)
        self.assertEqual(invoices.company_id, self.company_b)
        self.assertEqual(invoices.journal_id.company_id, self.company_b)
        self.assertEqual(invoices.currency_id, order_b.currency_id)

    def _reminder_levels_per_company(self):
        """Only one level in each company: after 5 days in A, after 10 in B
        (the shared levels archived)."""
        template = self.env.ref("order_to_cash.mail_template_reminder_friendly")
        self.env["o2c.reminder.level"].search(
            [("company_id", "=", False)]
        ).active = False
        level_a = self.env["o2c.reminder.level"].create(
            {
                "name": "Erinnerung A",
                "days_overdue": 5,
                "mail_template_id": template.id,
                "company_id": self.company_a.id,
            }
        )
        level_b = self.env["o2c.reminder.level"].create(
            {
                "name": "Erinnerung B",
                "days_overdue": 10,
                "mail_template_id": template.id,
                "company_id": self.company_b.id,
            }
        )
        return level_a, level_b

    def _assert_letter_of_b(self, inv_b_11):
        """One letter per company: the email is rendered in the invoice's
        company: its name, its open items only (the customer owes both)."""
        letter_b = self.env["o2c.reminder.letter"].search(
            [("company_id", "=", self.company_b.id)]
        )
        self.assertEqual(letter_b.line_ids.move_id, inv_b_11)
        message = letter_b.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.company_b.name in m.subject
        )
        self.assertEqual(len(message), 1)
        # (both companies number their invoices INV/2026/0000x)
        self.assertIn(inv_b_11.name, message.body)
        self.assertIn("70.00", message.body)
        self.assertIn("€", message.body)
        self.assertNotIn("55.55", message.body)
        self.assertEqual(message.record_company_id, self.company_b)

    def test_reminders_per_company_levels_and_dates(self):
        level_a, level_b = self._reminder_levels_per_company()
        today = date(2026, 3, 20)
        with freeze_time(today):
            inv_a = self._posted_invoice(
                self.customer, today - timedelta(days=6), 55.55
            )
            inv_b_6 = self._posted_invoice_b(today - timedelta(days=6))
            inv_b_11 = self._posted_invoice_b(today - timedelta(days=11))
            sent = self.env["account.move"]._o2c_cron_send_reminders()
        self.assertEqual(
            sent,
            inv_a | inv_b_11,
            (
                inv_b_11.o2c_reminder_error,
                inv_b_11.invoice_date_due,
                inv_b_11.payment_state,
                inv_b_11.o2c_days_overdue,
            ),
        )
        self.assertEqual(inv_a.o2c_reminder_level_id, level_a)
        self.assertFalse(inv_b_6.o2c_reminder_level_id)  # A's 5 days not for B
        self.assertEqual(inv_b_11.o2c_reminder_level_id, level_b)
        self._assert_letter_of_b(inv_b_11)
        # B's start date leaves B's history alone, A's goes on
        self.company_b.o2c_reminder_start_date = today
        with freeze_time(today + timedelta(days=1)):
            sent = self.env["account.move"]._o2c_cron_send_reminders()
        self.assertFalse(sent & inv_b_6)
        self.assertFalse(inv_b_6.o2c_reminder_level_id)

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    def _assert_intake_confirms_by_channels_of_a(self):
        """The same payload submitted in A and in B makes one order in each
        (the reference is unique per company); A's order is confirmed by
        A's channel setting, B's stays a quotation."""
        payload = {
            "channel": "api",
            "external_ref": "PO-4711",
            "partner": self.customer.id,
            "lines": [{"product": self.goods.id, "qty": 1}],
        }
        order_a = self._as(self.user_ab, self.company_a)["sale.order"].o2c_submit_order(
            dict(payload)
        )
        order_b = self._as(self.user_ab, self.company_b)["sale.order"].o2c_submit_order(
            dict(payload)
        )
        self.assertNotEqual(order_a["id"], order_b["id"])  # unique per company
        orders = self.env["sale.order"].browse([order_a["id"], order_b["id"]])
        self.assertEqual(orders.company_id, self.company_a | self.company_b)
        self.assertEqual(
            orders[0].state,
            "sale",
            orders[0].o2c_check_ids.mapped(lambda c: (c.result, c.message)),
        )
        self.assertEqual(orders[1].state, "draft")

    def test_settings_of_a_leave_b_alone(self):
        admin = self._user_of(
            "mc_admin",
            "base.group_system,sales_team.group_sale_manager",
            self.company_a,
            self.company_b,
        )
        fields = (
            "o2c_auto_invoice",
            "o2c_max_discount",
            "o2c_overdue_days",
            "o2c_auto_invoice_start_date",
            "o2c_reminder_start_date",
            "o2c_auto_confirm",
            "o2c_auto_confirm_channel_ids",
        )
        before_b = self.company_b.read(fields)[0]
        api_channel = self.env["o2c.sale.channel"].search([("code", "=", "api")])
        env = self._as(admin, self.company_a, self.company_b)
        settings = env["res.config.settings"].create(
            {
                "o2c_auto_invoice": True,
                "o2c_max_discount": 2.5,
                "o2c_overdue_days": 7,
                "o2c_auto_invoice_start_date": "2026-01-01",
                "o2c_reminder_start_date": "2026-01-01",
                "o2c_auto_confirm": True,
                "o2c_auto_confirm_channel_ids": [Command.set(api_channel.ids)],
            }
        )
        self.assertEqual(settings.company_id, self.company_a)
        settings.execute()
        self.assertTrue(self.company_a.o2c_auto_invoice)
        self.assertEqual(self.company_a.o2c_max_discount, 2.5)
        self.assertEqual(self.company_a.o2c_auto_confirm_channel_ids, api_channel)
        self.assertEqual(self.company_b.read(fields)[0], before_b)
        # B's settings opened with B active show B's values
        settings_b = self._as(admin, self.company_b, self.company_a)[
            "res.config.settings"
        ].create({})
        self.assertEqual(settings_b.company_id, self.company_b)
        self.assertEqual(settings_b.o2c_max_discount, before_b["o2c_max_discount"])
        # the intake confirms by A's channels only
        self._assert_intake_confirms_by_channels_of_a()

    def test_control_points_per_company(self):
        point_a = self.env["o2c.control.point"].create(
            {
                "name": "Zoll-Papiere (A)",
                "picking_type_ids": [Command.set(self.warehouse.out_type_id.ids)],
                "company_id": self.company_a.id,
            }
        )
        picking_a = self._confirmed(self.company_a).picking_ids
        picking_b = self._confirmed(self.company_b).picking_ids
        self.assertEqual(picking_a.o2c_control_ids.point_id, point_a)
        self.assertFalse(picking_b.o2c_control_ids)
        # B ships without A's point; A not before it is ticked
        self._deliver(picking_b.sale_id, user=self.stock_b)
        self.assertEqual(picking_b.state, "done")
        self.assertEqual(picking_b.o2c_control_state, "passed")
        with self.assertRaises(UserError):
            self._deliver(picking_a.sale_id)
        # a point of A cannot list B's operation types
        with self.assertRaises(ValidationError):
            point_a.picking_type_ids = self.warehouse_b.out_type_id
        # nor be ticked on B's transfer by a warehouse user of both
        stock_ab = self._user_of(
            "mc_stock_ab", "stock.group_stock_user", self.company_a, self.company_b
        )
        env_ab = self._as(stock_ab, self.company_a, self.company_b)
        with self.assertRaises(UserError):
            env_ab["o2c.picking.control"].create(
                {"picking_id": picking_b.id, "point_id": point_a.id, "is_done": True}
            )
            env_ab.flush_all()
        self._assert_sees_none(self.env(user=self.stock_b), point_a)
