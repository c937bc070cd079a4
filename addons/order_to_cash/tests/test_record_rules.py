# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each role group works on its own, and sees only what it may.

A user with one group of the addons (and the internal user group, nothing
else) opens the menus and queues of that group as the web client does (the
action, its views, the records of its list and the first record's form) and
runs its actions. Salespeople who see only their own orders see only the
stage log, findings and delivery analysis of those; each rule is attacked as
the least-privileged user who could break it.
"""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import O2cCommon

# Fields of the order and return forms that read journal items or entries
# in their compute, as the user: a role without accounting rights cannot
# show them yet (their computes read as the user; not a security-file fix)
ACCOUNTING_FIELDS = {
    "o2c_instalment_line_ids",
    "o2c_amount_open",
    "credit_note_ids",
    "credit_note_count",
}


class O2cRoleMixin:
    """Opens menus and actions as a given user, as the web client does."""

    def _role_user(self, login, group, company=None):
        """A user with ``group`` and the internal user group only."""
        company = company or self.company
        return new_test_user(
            self.env,
            login=login,
            groups=f"base.group_user,{group}",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _assert_menus(self, user, *menu_xmlids):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        for xmlid in menu_xmlids:
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)

    @staticmethod
    def _spec(model, names):
        spec = {}
        for name in names:
            field = model._fields.get(name)
            if field is None or name in ACCOUNTING_FIELDS:
                continue
            if field.type == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def _open_action(self, user, xmlid):
        """Open the window action ``xmlid`` as ``user``: its views, its
        records (each view's fields) and the form of its first record.
        Returns the records found."""
        env = self.env(user=user)
        action = env["ir.actions.act_window"]._for_xml_id(xmlid)
        model = env[action["res_model"]]
        view_types = action["view_mode"].split(",")
        views = model.get_views([(False, vt) for vt in view_types + ["search"]])
        described = views["models"][model._name]
        names = described.get("fields", described)
        spec = self._spec(model, names)
        domain = safe_eval(action.get("domain") or "[]", {"uid": user.id})
        result = model.web_search_read(domain, spec, limit=80)
        records = model.browse([row["id"] for row in result["records"]])
        if records:
            model.browse(records[:1].ids).web_read(spec)
        return records.with_env(self.env)

    def _assert_read_refused(self, user, records):
        """``user`` finds none of ``records`` and may not read them by id."""
        env = self.env(user=user)
        model = env[records._name]
        self.assertFalse(
            model.search_read([("id", "in", records.ids)], ["id"]), records._name
        )
        with self.assertRaises(AccessError, msg=records._name):
            model.browse(records.ids).read(["id"])


@tagged("post_install", "-at_install")
class TestO2cRoleGroups(O2cRoleMixin, O2cCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 100)
        cls.company.account_use_credit_limit = True
        cls.risky = cls.env["res.partner"].create(
            {"name": "Riskant KG", "email": "riskant@example.com"}
        )
        cls.risky.with_company(cls.company).write(
            {"use_partner_credit_limit": True, "credit_limit": 1.0}
        )

    def _held_order(self, user=None):
        order = self._create_order([(self.goods, 2)], partner=self.risky, user=user)
        order.with_user(user or self.salesman).action_o2c_review()
        self.assertEqual(order.o2c_stage, "hold")
        return order

    def test_credit_manager_alone_opens_the_queue_and_releases(self):
        user = self._role_user(
            "o2c_only_credit", "order_to_cash.group_o2c_credit_manager"
        )
        order = self._held_order()
        self._assert_menus(
            user,
            "order_to_cash.menu_o2c_queue_credit_holds",
            "order_to_cash.menu_o2c_held_orders",
        )
        self.assertIn(
            order,
            self._open_action(user, "order_to_cash.action_o2c_queue_credit_holds"),
        )
        self.assertIn(
            order, self._open_action(user, "order_to_cash.action_o2c_held_orders")
        )
        env = self.env(user=user)
        held = env["sale.order"].browse(order.ids)
        held.order_line.read(["product_id", "product_uom_qty", "price_subtotal"])
        held.o2c_check_ids.read(["check_type", "result", "message"])
        held.o2c_stage_log_ids.read(["stage", "date_start"])
        held.partner_id.read(["name", "o2c_credit_exposure"])
        self.assertTrue(held.o2c_can_release)
        wizard = (
            env["o2c.order.release"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"reason": "Vorkasse vereinbart"})
        )
        self.assertTrue(wizard.check_ids)
        wizard.action_release()
        env.flush_all()
        self.assertNotEqual(order.o2c_stage, "hold")
        credit = order.o2c_check_ids.filtered(lambda c: c.check_type == "credit")
        self.assertTrue(credit.released)
        self.assertEqual(credit.release_user_id, user)
        note = order.message_ids.filtered(lambda m: "Vorkasse vereinbart" in m.body)
        self.assertEqual(note.author_id, user.partner_id)

    def test_credit_manager_alone_may_not_edit_orders(self):
        user = self._role_user(
            "o2c_only_credit", "order_to_cash.group_o2c_credit_manager"
        )
        order = self._held_order()
        held = self.env(user=user)["sale.order"].browse(order.ids)
        with self.assertRaises(AccessError):
            held.write({"note": "geändert"})
        with self.assertRaises(AccessError):
            held.order_line.write({"price_unit": 0.01})
        with self.assertRaises(AccessError):
            held.action_o2c_review()

    def test_credit_manager_refused_in_another_company(self):
        company_2 = self.setup_other_company(name="Fremd GmbH")["company"]
        seller_2 = self._company_user(
            login="o2c_seller_2",
            groups="sales_team.group_sale_salesman",
            company=company_2,
        )
        self.risky.with_company(company_2).write(
            {"use_partner_credit_limit": True, "credit_limit": 1.0}
        )
        company_2.account_use_credit_limit = True
        foreign = self._held_order(user=seller_2)
        user = self._role_user(
            "o2c_only_credit", "order_to_cash.group_o2c_credit_manager"
        )
        env = self.env(user=user)
        self._assert_read_refused(user, foreign)
        self._assert_read_refused(user, foreign.o2c_check_ids)
        with self.assertRaises(AccessError):
            env["sale.order"].browse(foreign.ids).action_o2c_release("Vorkasse")
        self.assertEqual(foreign.o2c_stage, "hold")

    def test_o2c_user_alone_opens_orders_and_analyses(self):
        user = self._role_user("o2c_only_user", "order_to_cash.group_o2c_user")
        order = self._held_order()
        self._assert_menus(
            user,
            "order_to_cash.menu_o2c_orders",
            "order_to_cash.menu_o2c_held_orders",
            "order_to_cash.menu_o2c_dashboard",
            "order_to_cash.menu_o2c_stage_analysis",
            "order_to_cash.menu_o2c_holds_analysis",
        )
        self.assertIn(order, self._open_action(user, "order_to_cash.action_o2c_orders"))
        self.assertIn(
            order, self._open_action(user, "order_to_cash.action_o2c_held_orders")
        )
        self._open_action(user, "order_to_cash.action_o2c_dashboard")
        self._open_action(user, "order_to_cash.o2c_stage_log_action_analysis")
        self._open_action(user, "order_to_cash.action_o2c_holds_by_reason")
        # follows orders, decides nothing
        with self.assertRaises(AccessError):
            self.env(user=user)["sale.order"].browse(order.ids).action_o2c_release(
                "Vorkasse"
            )

    def test_o2c_manager_alone_opens_its_configuration(self):
        user = self._role_user("o2c_only_manager", "order_to_cash.group_o2c_manager")
        order = self._held_order()
        self._assert_menus(
            user,
            "order_to_cash.menu_o2c_orders",
            "order_to_cash.menu_o2c_kpi_config",
        )
        self.assertIn(order, self._open_action(user, "order_to_cash.action_o2c_orders"))
        self._open_action(user, "order_to_cash.action_o2c_dashboard")
        kpis = self._open_action(user, "order_to_cash.action_o2c_kpi_config")
        kpis[:1].with_user(user).write({"sequence": 7})


@tagged("post_install", "-at_install")
class TestO2cOwnDocuments(O2cRoleMixin, O2cCommon):
    """Salesperson A ("own documents only") attacks salesperson B's data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(cls.goods, 100)
        cls.seller_a = cls._company_user(
            login="o2c_seller_a", groups="sales_team.group_sale_salesman"
        )
        cls.seller_b = cls._company_user(
            login="o2c_seller_b", groups="sales_team.group_sale_salesman"
        )
        cls.seller_all = cls._company_user(
            login="o2c_seller_all",
            groups="sales_team.group_sale_salesman_all_leads",
        )

    def _order_of_b(self):
        order = self._create_order([(self.goods, 2)], user=self.seller_b)
        order.with_user(self.seller_b).action_o2c_review()
        self._confirm(order, user=self.seller_b)
        self._deliver(order)
        self._commit_stage_log()
        self.assertEqual(order.user_id, self.seller_b)
        return order

    def test_salesperson_sees_only_own_stage_log_and_findings(self):
        order = self._order_of_b()
        logs, checks = order.o2c_stage_log_ids, order.o2c_check_ids
        self.assertTrue(logs and checks)
        self._assert_read_refused(self.seller_a, logs)
        self._assert_read_refused(self.seller_a, checks)
        env_a = self.env(user=self.seller_a)
        self.assertFalse(
            env_a["o2c.stage.log"].search_read([("order_id", "=", order.id)], ["stage"])
        )
        self.assertFalse(
            env_a["o2c.order.check"].search_read(
                [("order_id", "=", order.id)], ["message"]
            )
        )
        for user in (self.seller_b, self.seller_all):
            env = self.env(user=user)
            self.assertEqual(
                env["o2c.stage.log"].search([("order_id", "=", order.id)]), logs
            )
            self.assertEqual(
                env["o2c.order.check"].search([("order_id", "=", order.id)]), checks
            )

    def test_salesperson_sees_only_own_delivery_analysis(self):
        order = self._order_of_b()
        rows = self.env["o2c.delivery.report"].search([("order_id", "=", order.id)])
        self.assertTrue(rows)
        self._assert_read_refused(self.seller_a, rows)
        env_a = self.env(user=self.seller_a)
        groups = env_a["o2c.delivery.report"].read_group(
            [("order_id", "=", order.id)], ["order_id"], ["order_id"]
        )
        self.assertFalse(groups)
        for user in (self.seller_b, self.seller_all):
            self.assertEqual(
                self.env(user=user)["o2c.delivery.report"].search(
                    [("order_id", "=", order.id)]
                ),
                rows,
            )

    def test_own_documents_credit_manager_sees_held_orders_of_others(self):
        # a credit manager decides on every held order of the company, even
        # as a salesperson who otherwise sees only their own orders
        user = self._company_user(
            login="o2c_seller_credit",
            groups="sales_team.group_sale_salesman,order_to_cash.group_o2c_credit_manager",
        )
        order = self._create_order([(self.goods, 2)], user=self.seller_b)
        order.with_user(self.seller_b).action_o2c_review()
        env = self.env(user=user)
        self.assertEqual(env["sale.order"].search([("id", "=", order.id)]), order)
        env["sale.order"].browse(order.ids).o2c_check_ids.read(["message"])
        env["sale.order"].browse(order.ids).order_line.read(["price_subtotal"])
        # reading is not editing: another salesperson's order stays theirs
        with self.assertRaises(AccessError):
            env["sale.order"].browse(order.ids).write({"note": "geändert"})
