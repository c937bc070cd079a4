# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer return over XML-RPC, as a warehouse or shop integration runs it."""

import xmlrpc.client

import pytest


@pytest.fixture
def delivered_order(admin):
    product = admin.create_product(
        qty_in_stock=50, list_price=20.0, invoice_policy="delivery"
    )
    order, pickings = admin.create_confirmed_order(admin.create_customer(), product, 5)
    moves = admin.call("stock.move", "search", [("picking_id", "in", pickings)])
    admin.call("stock.move", "write", moves, {"quantity": 5, "picked": True})
    admin.call("stock.picking", "button_validate", pickings)
    return order, product


def test_return_lifecycle_over_rpc(admin, delivered_order):
    order, product = delivered_order
    rma = admin.call(
        "o2c.return",
        "create",
        [
            {
                "order_id": order,
                "line_ids": [
                    (0, 0, {"product_id": product, "qty": 2, "decision": "restock"})
                ],
            }
        ],
    )[0]
    assert admin.call("o2c.return", "action_confirm", [rma]) is True
    assert admin.call("o2c.return", "action_receive", [rma]) is True
    [read] = admin.call(
        "o2c.return", "read", [rma], ["state", "name", "partner_id", "picking_id"]
    )
    assert read["state"] == "received"
    assert read["picking_id"] is False
    assert admin.call("o2c.return", "action_inspect", [rma]) is True
    assert admin.call("o2c.return", "action_done", [rma]) is True
    [line] = admin.call(
        "o2c.return.line",
        "search_read",
        [("return_id", "=", rma)],
        ["qty_received", "decision"],
    )
    assert line["qty_received"] == 2
    [order_read] = admin.call("sale.order", "read", [order], ["o2c_return_count"])
    assert order_read["o2c_return_count"] == 1


def test_quantity_guard_over_rpc(admin, delivered_order):
    order, product = delivered_order
    before = admin.call("o2c.return", "search_count", [("order_id", "=", order)])
    with pytest.raises(xmlrpc.client.Fault, match="only 5"):
        admin.call(
            "o2c.return",
            "create",
            [
                {
                    "order_id": order,
                    "line_ids": [(0, 0, {"product_id": product, "qty": 6})],
                }
            ],
        )
    with pytest.raises(xmlrpc.client.Fault, match="qty"):
        admin.call(
            "o2c.return",
            "portal_create_return",
            order,
            [{"product_id": product, "qty": "2"}],
        )
    after = admin.call("o2c.return", "search_count", [("order_id", "=", order)])
    assert after == before
