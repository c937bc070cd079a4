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

import pytest

import odoo
from odoo import SUPERUSER_ID, api
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
