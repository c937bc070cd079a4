# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers acting on one order at the same moment.

Each worker is a thread with its own database cursor and transaction, as two
Odoo workers (or an integration retrying) would be; calls go through
``odoo.service.model.retrying`` as XML-RPC/JSON-RPC calls do, so a
serialization conflict is retried the way the server retries it. The data is
committed in the test database (dropped by run-tests.sh).
"""

import threading
import uuid
from datetime import timedelta

import pytest

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.service.model import retrying


@pytest.fixture(scope="module")
def registry():
    return odoo.modules.registry.Registry(odoo.tools.config["db_name"])


def _setup(registry, func):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        return func(env)


def run_concurrently(registry, uid, *funcs):
    """Run each func(env) in its own thread and transaction, all released at
    once; return a list of ("ok", value) or ("error", exception)."""
    barrier = threading.Barrier(len(funcs))
    results = [None] * len(funcs)

    def worker(index, func):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                barrier.wait(timeout=30)
                results[index] = ("ok", retrying(lambda: func(env), env))
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = ("error", error)

    threads = [
        threading.Thread(target=worker, args=(index, func))
        for index, func in enumerate(funcs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(result is not None for result in results), "a worker hung"
    return results


def _make_order(env, qty=4):
    tag = uuid.uuid4().hex[:8]
    company = env.company
    product = env["product.product"].create(
        {
            "name": f"Parallel {tag}",
            "type": "consu",
            "is_storable": True,
            "list_price": 25.0,
            "invoice_policy": "delivery",
        }
    )
    stock = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    env["stock.quant"]._update_available_quantity(product, stock.lot_stock_id, 100)
    partner = env["res.partner"].create({"name": f"Parallel Kunde {tag}"})
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": qty})],
        }
    )
    return order.id, product.id


def test_two_workers_confirm_the_same_order(registry):
    order_id, _product_id = _setup(registry, _make_order)

    def confirm(env):
        env["sale.order"].browse(order_id).action_confirm()
        return True

    results = run_concurrently(registry, SUPERUSER_ID, confirm, confirm)
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"], results
    [(_kind, error)] = [r for r in results if r[0] == "error"]
    assert isinstance(error, UserError), repr(error)

    def check(env):
        order = env["sale.order"].browse(order_id)
        assert order.state == "sale"
        assert len(order.picking_ids) == 1
        assert order.o2c_stage == "shipping"
        stages = order.o2c_stage_log_ids.sorted("id").mapped("stage")
        assert stages == ["intake", "shipping"], stages

    _setup(registry, check)


def test_two_workers_validate_the_same_picking(registry):
    def prepare(env):
        order_id, product_id = _make_order(env)
        order = env["sale.order"].browse(order_id)
        order.action_confirm()
        picking = order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        return order_id, product_id, picking.id

    order_id, product_id, picking_id = _setup(registry, prepare)

    def validate(env):
        picking = env["stock.picking"].browse(picking_id)
        return picking.button_validate()

    results = run_concurrently(registry, SUPERUSER_ID, validate, validate)
    assert [kind for kind, _value in results].count("ok") >= 1, results
    for kind, value in results:
        if kind == "error":
            assert isinstance(value, UserError), repr(value)

    def check(env):
        order = env["sale.order"].browse(order_id)
        assert order.picking_ids.mapped("state") == ["done"]
        assert order.order_line.qty_delivered == 4
        product = env["product.product"].browse(product_id)
        assert product.qty_available == 96
        assert order.o2c_stage == "invoicing"

    _setup(registry, check)


def test_two_workers_release_the_same_order(registry):
    """Two credit/sales managers release the same held order at once: the
    findings are released once, one release message, the other worker is
    told there is nothing left to release."""

    def prepare(env):
        order_id, _product_id = _make_order(env)
        order = env["sale.order"].browse(order_id)
        # far below the pricelist price: a blocking price finding
        order.order_line.price_unit = 1.0
        order.action_o2c_review()
        assert order.o2c_stage == "hold"
        return order_id

    order_id = _setup(registry, prepare)
    admin_uid = _setup(registry, lambda env: env.ref("base.user_admin").id)

    def release(env):
        return env["sale.order"].browse(order_id).action_o2c_release("Stammkunde")

    results = run_concurrently(registry, admin_uid, release, release)
    assert sorted(kind for kind, _value in results) == ["error", "ok"], results
    [(_kind, error)] = [r for r in results if r[0] == "error"]
    assert isinstance(error, UserError), repr(error)
    assert "no open review finding" in str(error)

    def check(env):
        order = env["sale.order"].browse(order_id)
        assert order.o2c_stage != "hold"
        price = order.o2c_check_ids.filtered(lambda c: c.check_type == "price")
        assert price.released and price.release_reason == "Stammkunde"
        released = order.message_ids.filtered(
            lambda m: "Released up to" in (m.body or "")
        )
        assert len(released) == 1

    _setup(registry, check)


@pytest.fixture(scope="module")
def auto_invoicing_company(registry):
    """A company of its own that invoices automatically, so that the cron
    workers below see only this test's orders."""

    def create(env):
        company = env["res.company"].create(
            {"name": f"Autofaktura {uuid.uuid4().hex[:6]}", "o2c_auto_invoice": True}
        )
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        return company.id

    return _setup(registry, create)


def _orders_to_invoice(env, company_id):
    """Three confirmed orders of a service invoiced on order, in the
    company invoicing automatically. Returns their ids."""
    company = env["res.company"].browse(company_id)
    env = env(context={"allowed_company_ids": company.ids})
    tag = uuid.uuid4().hex[:8]
    product = env["product.product"].create(
        {
            "name": f"Dienstleistung {tag}",
            "type": "service",
            "list_price": 80.0,
            "invoice_policy": "order",
            "company_id": company.id,
        }
    )
    partner = env["res.partner"].create(
        {"name": f"Faktura Kunde {tag}", "email": f"faktura-{tag}@example.com"}
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                ],
            }
            for _index in range(3)
        ]
    )
    orders.action_confirm()
    assert set(orders.mapped("invoice_status")) == {"to invoice"}
    return orders.ids


def _assert_invoiced_once(env, order_ids, invoiced):
    """Each order has one posted invoice, no error; the invoices are those
    the workers reported (``invoiced``), each mailed to the customer
    once."""
    orders = env["sale.order"].browse(order_ids)
    for order in orders:
        invoices = order.invoice_ids
        assert len(invoices) == 1, order.name
        assert invoices.state == "posted"
        assert order.invoice_status == "invoiced"
        assert not order.o2c_invoice_error
    invoices = orders.invoice_ids
    assert set(invoices.ids) == invoiced
    for invoice in invoices:
        mails = env["mail.message"].search_count(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", invoice.id),
                ("message_type", "=", "comment"),
                ("partner_ids", "in", invoice.partner_id.ids),
            ]
        )
        assert mails == 1, invoice.name


def test_two_invoicing_workers_invoice_an_order_once(registry, auto_invoicing_company):
    order_ids = _setup(
        registry, lambda env: _orders_to_invoice(env, auto_invoicing_company)
    )

    def run_cron(env):
        return env["sale.order"]._o2c_cron_auto_invoice(batch_size=100).ids

    results = run_concurrently(registry, SUPERUSER_ID, run_cron, run_cron)
    assert [kind for kind, _value in results] == ["ok", "ok"], results
    invoiced_1, invoiced_2 = (set(value) for _kind, value in results)
    assert not invoiced_1 & invoiced_2, "an order was invoiced by both workers"

    _setup(
        registry,
        lambda env: _assert_invoiced_once(env, order_ids, invoiced_1 | invoiced_2),
    )


def test_two_reminder_workers_send_a_level_once(registry):
    def prepare(env):
        tag = uuid.uuid4().hex[:8]
        partner = env["res.partner"].create(
            {"name": f"Mahnkunde {tag}", "email": f"mahnung-{tag}@example.com"}
        )
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today() - timedelta(days=10),
                "invoice_payment_term_id": env.ref(
                    "account.account_payment_term_immediate"
                ).id,
                "invoice_line_ids": [(0, 0, {"name": "Posten", "price_unit": 100.0})],
            }
        )
        invoice.action_post()
        return invoice.id

    invoice_id = _setup(registry, prepare)

    def run_cron(env):
        return env["account.move"]._o2c_cron_send_reminders(batch_size=10000).ids

    results = run_concurrently(registry, SUPERUSER_ID, run_cron, run_cron)
    assert [kind for kind, _value in results] == ["ok", "ok"], results
    senders = [value for _kind, value in results if invoice_id in value]
    assert len(senders) == 1, results

    def check(env):
        invoice = env["account.move"].browse(invoice_id)
        assert invoice.o2c_reminder_level_id == env.ref(
            "order_to_cash.reminder_level_friendly"
        )
        # one letter, one reminder email
        [letter] = (
            env["o2c.reminder.letter.line"]
            .search([("move_id", "=", invoice.id)])
            .letter_id
        )
        reminders = env["mail.message"].search(
            [
                ("model", "=", "o2c.reminder.letter"),
                ("res_id", "=", letter.id),
                ("message_type", "=", "comment"),
            ]
        )
        assert len(reminders) == 1
        mails = env["mail.mail"].search_count(
            [("mail_message_id", "in", reminders.ids)]
        )
        assert mails == 1

    _setup(registry, check)


def test_two_mail_workers_send_a_confirmation_once(registry):
    """The confirmation queued by the request, sent by two cron workers at
    the same moment (a second worker, or "Run manually"): one mail."""

    def prepare(env):
        order_id, _product_id = _make_order(env)
        order = env["sale.order"].browse(order_id)
        order.partner_id.email = "parallel@example.com"
        order.action_confirm()
        return order_id

    order_id = _setup(registry, prepare)

    def send(env):
        env["o2c.mail.queue"]._o2c_cron_send()
        return True

    results = run_concurrently(registry, SUPERUSER_ID, send, send)
    assert [kind for kind, _value in results] == ["ok", "ok"], results

    def check(env):
        order = env["sale.order"].browse(order_id)
        confirmations = order.message_ids.filtered(
            lambda m: "Order Confirmation" in (m.subject or "")
        )
        assert len(confirmations) == 1, confirmations.mapped("subject")
        assert not env["o2c.mail.queue"].search(
            [("kind", "=", "order_confirmation"), ("res_id", "=", order_id)]
        )

    _setup(registry, check)
