# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers sending the same input at the same moment: the same order
twice (same external reference), two returns that together claim more
than was delivered.

Each worker is a thread with its own database cursor and transaction, its
call run through ``odoo.service.model.retrying`` as an XML-RPC call is (a
serialization or lock conflict is retried as the server retries it). The
data is committed in the test database (dropped by run-tests.sh).
"""

import threading
import uuid

import pytest

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.service.model import retrying


@pytest.fixture(scope="module")
def registry():
    return odoo.modules.registry.Registry(odoo.tools.config["db_name"])


def _setup(registry, func):
    with registry.cursor() as cr:
        return func(api.Environment(cr, SUPERUSER_ID, {}))


def _run_concurrently(registry, uid, *funcs):
    """Run each func(env) in its own thread and transaction, released at
    once; a list of ("ok", value) or ("error", exception)."""
    barrier = threading.Barrier(len(funcs))
    results = [None] * len(funcs)

    def worker(index, func):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                # the transaction's snapshot is taken before the others commit
                env["res.users"].browse(uid).read(["login"])
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
        thread.join(timeout=180)
    assert all(result is not None for result in results), "a worker hung"
    return results


def _product(env, tag, qty):
    product = env["product.product"].create(
        {
            "name": f"Parallel-Eingabe {tag}",
            "default_code": f"PAR-IN-{tag}",
            "type": "consu",
            "is_storable": True,
            "list_price": 25.0,
        }
    )
    stock = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    env["stock.quant"]._update_available_quantity(product, stock.lot_stock_id, qty)
    return product


def test_same_external_ref_twice_returns_the_same_order(registry):
    """Two integration calls with one reference at once: both answer the
    same order, no Fault; one order and one set of lines exist."""

    def prepare(env):
        tag = uuid.uuid4().hex[:8]
        user = env["res.users"].create(
            {
                "name": f"Shop-Integration {tag}",
                "login": f"shop-parallel-{tag}",
                "groups_id": [
                    Command.set(
                        [
                            env.ref("sales_team.group_sale_salesman").id,
                            env.ref("base.group_partner_manager").id,
                        ]
                    )
                ],
            }
        )
        product = _product(env, tag, 100)
        partner = env["res.partner"].create({"name": f"Parallel Kunde {tag}"})
        return user.id, {
            "channel": "shop",
            "external_ref": f"PAR-{tag}",
            "partner": partner.id,
            "lines": [{"product": product.id, "qty": 3}],
        }

    uid, payload = _setup(registry, prepare)

    def submit(env):
        return env["sale.order"].o2c_submit_order(payload)

    results = _run_concurrently(registry, uid, submit, submit)
    assert [kind for kind, _value in results] == ["ok", "ok"], results
    (_k1, first), (_k2, second) = results
    assert first["id"] == second["id"]
    assert first["name"] == second["name"]

    def check(env):
        orders = env["sale.order"].search(
            [("o2c_external_ref", "=", payload["external_ref"])]
        )
        assert orders.ids == [first["id"]]
        assert len(orders.order_line) == 1

    _setup(registry, check)


def _delivered_order(env, qty=4):
    tag = uuid.uuid4().hex[:8]
    product = _product(env, tag, 100)
    partner = env["res.partner"].create({"name": f"Retouren Kunde {tag}"})
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [
                Command.create({"product_id": product.id, "product_uom_qty": qty})
            ],
        }
    )
    order.action_confirm()
    for move in order.picking_ids.move_ids:
        move.quantity = move.product_uom_qty
        move.picked = True
    order.picking_ids.button_validate()
    assert order.order_line.qty_delivered == qty
    return order.id, product.id


def _assert_one_return_of_three(registry, order_id, results, state):
    kinds = sorted(kind for kind, _value in results)
    assert kinds == ["error", "ok"], results
    [(_kind, error)] = [r for r in results if r[0] == "error"]
    assert isinstance(error, ValidationError), repr(error)
    assert "only 1" in str(error), str(error)

    def check(env):
        returns = env["o2c.return"].search(
            [("order_id", "=", order_id), ("state", "!=", "cancelled")]
        )
        assert len(returns) == 1
        assert returns.state == state
        assert sum(returns.line_ids.mapped("qty")) == 3

    _setup(registry, check)


@pytest.mark.parametrize("confirm", [False, True], ids=["draft", "confirmed"])
def test_two_returns_beyond_what_was_delivered(registry, confirm):
    """Two returns of 3 of the 4 delivered at once (requested, or requested
    and confirmed in one call): one goes through, the other is refused
    (after its retry sees the first), never both."""
    order_id, product_id = _setup(registry, _delivered_order)

    def request_return(env):
        rma = env["o2c.return"].create(
            {
                "order_id": order_id,
                "line_ids": [Command.create({"product_id": product_id, "qty": 3})],
            }
        )
        if confirm:
            rma.action_confirm()
        return rma.id

    results = _run_concurrently(registry, SUPERUSER_ID, request_return, request_return)
    _assert_one_return_of_three(
        registry, order_id, results, "confirmed" if confirm else "draft"
    )
