# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A customer return over XML-RPC, as a warehouse or shop integration runs it."""

import uuid
import xmlrpc.client

import pytest


@pytest.fixture
def delivered_order(admin):
    tag = uuid.uuid4().hex[:8]
    partner = admin.call("res.partner", "create", [{"name": f"RPC Retourkunde {tag}"}])[
        0
    ]
    product = admin.call(
        "product.product",
        "create",
        [
            {
                "name": f"RPC Lagerartikel {tag}",
                "type": "consu",
                "is_storable": True,
                "list_price": 20.0,
                "invoice_policy": "delivery",
            }
        ],
    )[0]
    [template] = admin.call("product.product", "read", [product], ["product_tmpl_id"])
    wizard = admin.call(
        "stock.change.product.qty",
        "create",
        [
            {
                "product_id": product,
                "product_tmpl_id": template["product_tmpl_id"][0],
                "new_quantity": 50,
            }
        ],
    )
    admin.call("stock.change.product.qty", "change_product_qty", wizard)
    order = admin.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": partner,
                "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 5})],
            }
        ],
    )[0]
    admin.call("sale.order", "action_confirm", [order])
    [read] = admin.call("sale.order", "read", [order], ["picking_ids"])
    moves = admin.call(
        "stock.move", "search", [("picking_id", "in", read["picking_ids"])]
    )
    admin.call("stock.move", "write", moves, {"quantity": 5, "picked": True})
    admin.call("stock.picking", "button_validate", read["picking_ids"])
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
