# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class O2cCommon(AccountTestInvoicingCommon):
    """Factories shared by the order-to-cash tests.

    Builds on Odoo's accounting test company (its own chart of accounts and
    warehouse), so nothing depends on demo data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the test company has run the automations for long: tests of the
        # history left alone set their own start dates
        cls.company.write(
            {
                "o2c_auto_invoice_start_date": "2000-01-01",
                "o2c_reminder_start_date": "2000-01-01",
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Kunde Müller GmbH",
                "email": "einkauf@mueller.example.com",
                "company_id": False,
            }
        )
        cls.goods = cls._create_product(
            name="Kugellager 6204",
            default_code="KL-6204",
            type="consu",
            is_storable=True,
            lst_price=12.5,
            invoice_policy="delivery",
        )
        cls.goods_2 = cls._create_product(
            name="Welle 20 mm",
            default_code="WE-20",
            type="consu",
            is_storable=True,
            lst_price=40.0,
            invoice_policy="delivery",
        )
        cls.service = cls._create_product(
            name="Montage",
            default_code="SRV-MONT",
            type="service",
            lst_price=90.0,
            invoice_policy="order",
        )
        cls.salesman = cls._company_user(
            login="o2c_salesman",
            name="Sabine Verkauf",
            groups="sales_team.group_sale_salesman",
        )
        cls.stock_user = cls._company_user(
            login="o2c_stock_user",
            name="Lars Lager",
            groups="stock.group_stock_user",
        )
        cls.invoice_user = cls._company_user(
            login="o2c_invoice_user",
            name="Anna Buchhaltung",
            groups="account.group_account_invoice",
        )

    # Odoo's optional apps that change what core itself spends when an order
    # is confirmed, shipped or invoiced (CI's second database installs them)
    O2C_BUDGET_FREE_APPS = ("mrp", "purchase_stock", "repair")

    def assertQueryCount(self, default=0, flush=True, **counters):
        """Odoo's query budget, judged where the addons run on what they
        depend on (``run-tests.sh`` and CI's first database, under both
        runners). With one of :attr:`O2C_BUDGET_FREE_APPS` installed, core's
        own work grows by what that app adds (procurements of manufacturing
        and purchase, their stored fields), so the budget is not judged
        there: the code under it still runs and the test's other assertions
        are checked."""
        if not self._o2c_budgets_judged():
            return contextlib.nullcontext()
        return super().assertQueryCount(default, flush=flush, **counters)

    def _o2c_budgets_judged(self):
        """Whether query budgets are judged in this database: none of
        :attr:`O2C_BUDGET_FREE_APPS` is installed (see
        :meth:`assertQueryCount`; tests that count queries themselves skip
        where this is false)."""
        apps = (
            self.env["ir.module.module"]
            .sudo()
            .search_count(
                [("name", "in", self.O2C_BUDGET_FREE_APPS), ("state", "=", "installed")]
            )
        )
        return not apps

    # ------------------------------------------------------------------
    # Factories
    # ------------------------------------------------------------------
    @classmethod
    def _company_user(cls, login, groups, name=None, company=None):
        """A test user working in one company only (the test company by
        default)."""
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            name=name or login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    def _posted_invoice(self, partner, invoice_date, amount, move_type="out_invoice"):
        """A posted customer invoice (or credit note) of one untaxed line,
        due on ``invoice_date`` (immediate payment terms)."""
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_payment_term_id": self.pay_terms_a.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Kugellager", "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _put_in_stock(cls, product, qty, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, location or cls.stock_location, qty
        )

    def _receipt(self, product, qty, date=None, partner=None):
        """A draft receipt of ``qty`` ``product`` from the vendors' location
        (from ``partner``, when given) into stock, expected on ``date``
        (Odoo's default, now, without)."""
        suppliers = self.env.ref("stock.stock_location_suppliers")
        # without a date, Odoo's defaults (now) for the transfer and move
        move_date = {"date": date} if date else {}
        return self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": partner.id if partner else False,
                "location_id": suppliers.id,
                "location_dest_id": self.stock_location.id,
                **({"scheduled_date": date} if date else {}),
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": suppliers.id,
                            "location_dest_id": self.stock_location.id,
                            **move_date,
                        }
                    )
                ],
            }
        )

    def _create_order(self, lines=None, partner=None, user=None, **values):
        """Create a quotation as ``user`` (the salesman by default).

        :param lines: list of ``(product, qty)`` or ``(product, qty, price)``
        """
        lines = lines if lines is not None else [(self.goods, 5)]
        line_cmds = []
        for line in lines:
            vals = {"product_id": line[0].id, "product_uom_qty": line[1]}
            if len(line) > 2:
                vals["price_unit"] = line[2]
            line_cmds.append(Command.create(vals))
        env = self.env(user=user or self.salesman)
        order = (
            env["sale.order"]
            .with_context(tracking_disable=True)
            .create(
                {
                    "partner_id": (partner or self.customer).id,
                    "order_line": line_cmds,
                    **values,
                }
            )
        )
        # end of the request: the stage is derived as the acting user
        env.flush_all()
        return order.with_env(self.env)

    def _deliver(self, order, user=None, quantities=None, backorder=False):
        """Ship the order's open outgoing pickings as ``user``.

        :param quantities: optional {product: qty} to ship less than ordered
        :param backorder: when shipping less, create a backorder for the rest
        """
        env = self.env(user=user or self.stock_user)
        pickings = (
            env["stock.picking"]
            .browse(order.picking_ids.ids)
            .filtered(lambda p: p.state not in ("done", "cancel"))
        )
        for picking in pickings:
            picking.action_assign()
            for move in picking.move_ids:
                qty = (quantities or {}).get(move.product_id, move.product_uom_qty)
                move.quantity = qty
                move.picked = True
        ctx = {"skip_backorder": True, "picking_ids_not_to_backorder": []}
        if not backorder:
            ctx["picking_ids_not_to_backorder"] = pickings.ids
        pickings.with_context(**ctx).button_validate()
        env.flush_all()
        return pickings.with_env(self.env)

    def _invoice(self, order, user=None, post=True):
        env = self.env(user=user or self.invoice_user)
        invoices = env["sale.order"].browse(order.ids)._create_invoices()
        if post:
            invoices.action_post()
        env.flush_all()
        return invoices.with_env(self.env)

    def _pay(self, invoices, amount=None, user=None, date=None):
        env = self.env(user=user or self.invoice_user)
        vals = {}
        if amount is not None:
            vals["amount"] = amount
        if date is not None:
            vals["payment_date"] = date
        wizard = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(vals)
        )
        payments = wizard._create_payments()
        env.flush_all()
        return payments.with_env(self.env)

    def _confirm(self, order, user=None):
        env = self.env(user=user or self.salesman)
        env["sale.order"].browse(order.ids).action_confirm()
        env.flush_all()
        return order

    def _send_queued_mails(self):
        """Run the scheduled action that renders and sends the customer
        e-mails queued by confirmations and validations (as the cron's
        user, the superuser), as the cron worker does right after the
        request; return the messages it posted."""
        self.env.flush_all()
        before = self.env["mail.message"].sudo().search([], order="id desc", limit=1)
        self.env["o2c.mail.queue"].sudo()._o2c_cron_send()
        self.env.flush_all()
        return self.env["mail.message"].sudo().search([("id", ">", before.id)])

    def _commit_stage_log(self):
        """Run what a commit runs: flush, then the pre-commit hooks that write
        the stage log (TransactionCase never commits)."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _stages(self, order):
        self._commit_stage_log()
        return order.o2c_stage_log_ids.sorted(
            lambda log: (log.date_start, log.id)
        ).mapped("stage")


ROLES = ("salesman", "credit_manager", "stock_user", "invoice_user", "portal", "other")


class _Rollback(Exception):
    pass


class O2cAccessMatrixCommon(O2cCommon):
    """Roles of the access matrices (salesperson, credit manager, warehouse,
    accounting, portal, another company's user) and the helper trying an
    action as each of them."""

    matrix_roles = ROLES

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.credit_manager = cls._company_user(
            login="o2c_matrix_credit",
            name="Carla Kredit",
            groups="account.group_account_invoice,"
            "order_to_cash.group_o2c_credit_manager",
        )
        cls.portal_user = cls._company_user(
            login="o2c_matrix_portal",
            name="Paul Portal",
            groups="base.group_portal",
        )
        company_2 = cls.setup_other_company(name="Fremd GmbH")["company"]
        cls.other_user = cls._company_user(
            login="o2c_matrix_other",
            name="Otto Fremd",
            groups="sales_team.group_sale_salesman,stock.group_stock_user,"
            "account.group_account_invoice,order_to_cash.group_o2c_credit_manager",
            company=company_2,
        )
        cls.users = {
            "salesman": cls.salesman,
            "credit_manager": cls.credit_manager,
            "stock_user": cls.stock_user,
            "invoice_user": cls.invoice_user,
            "portal": cls.portal_user,
            "other": cls.other_user,
        }

    # ------------------------------------------------------------------
    def _attempt(self, role, action):
        """Run ``action(env)`` as ``role`` in a savepoint rolled back
        afterwards; return "ok" or "refused"."""
        env = self.env(user=self.users[role])
        outcome = None
        with contextlib.suppress(_Rollback), self.env.cr.savepoint():
            try:
                action(env)
                env.flush_all()
                outcome = "ok"
            except (AccessError, UserError):
                outcome = "refused"
            raise _Rollback
        self.env.invalidate_all()
        return outcome

    def _assert_matrix(self, action, allowed):
        roles = self.matrix_roles
        result = {role: self._attempt(role, action) for role in roles}
        expected = {role: "ok" if role in allowed else "refused" for role in roles}
        self.assertEqual(result, expected)
