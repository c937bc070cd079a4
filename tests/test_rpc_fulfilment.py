# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fulfilment over XML-RPC, as a carrier integration or a warehouse app uses it."""

import uuid
import xmlrpc.client

import pytest


@pytest.fixture
def shipped_picking(admin):
    """A confirmed order of 3 units in stock, its delivery ready to ship."""
    tag = uuid.uuid4().hex[:8]
    partner = admin.call(
        "res.partner",
        "create",
        [{"name": f"RPC Kunde {tag}", "email": f"kunde-{tag}@example.com"}],
    )[0]
    product = admin.call(
        "product.product",
        "create",
        [
            {
                "name": f"RPC Lagerartikel {tag}",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0,
            }
        ],
    )[0]
    [template] = admin.call(
        "product.product", "read", [product], fields=["product_tmpl_id"]
    )
    wizard = admin.call(
        "stock.change.product.qty",
        "create",
        [
            {
                "product_id": product,
                "product_tmpl_id": template["product_tmpl_id"][0],
                "new_quantity": 3,
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
                "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 3})],
            }
        ],
    )[0]
    admin.call("sale.order", "action_confirm", [order])
    [read] = admin.call("sale.order", "read", [order], fields=["picking_ids"])
    [picking] = read["picking_ids"]
    return order, picking


def test_control_and_delivery_over_rpc(admin, shipped_picking):
    order, picking = shipped_picking
    [read] = admin.call(
        "stock.picking", "read", [picking], fields=["o2c_control_state", "move_ids"]
    )
    assert read["o2c_control_state"] == "todo"
    with pytest.raises(xmlrpc.client.Fault, match="reason"):
        admin.call("stock.picking", "action_o2c_control_fail", [picking], "  ")
    with pytest.raises(xmlrpc.client.Fault, match="action_o2c_control_pass"):
        admin.call("stock.picking", "write", [picking], {"o2c_control_state": "passed"})
    assert admin.call(
        "stock.picking", "action_o2c_control_fail", [picking], "Etikett fehlt"
    )
    with pytest.raises(xmlrpc.client.Fault, match="Etikett fehlt"):
        admin.call("stock.picking", "button_validate", [picking])
    assert admin.call("stock.picking", "action_o2c_control_pass", [picking]) is True

    admin.call(
        "stock.picking", "write", [picking], {"carrier_tracking_ref": "TRK-1, TRK-2"}
    )
    assert admin.call("stock.picking", "get_o2c_tracking_links", [picking]) == [
        {"number": "TRK-1", "url": False},
        {"number": "TRK-2", "url": False},
    ]
    admin.call("stock.move", "write", read["move_ids"], {"quantity": 3, "picked": True})
    assert admin.call("stock.picking", "button_validate", [picking]) is True
    [read] = admin.call(
        "stock.picking",
        "read",
        [picking],
        fields=["state", "o2c_control_state", "o2c_shipping_mail_sent"],
    )
    assert read["state"] == "done"
    assert read["o2c_control_state"] == "passed"
    assert read["o2c_shipping_mail_sent"] is True

    # the carrier reports the delivery
    for garbage in ("gestern", "2026-02-30", 20260305):
        with pytest.raises(xmlrpc.client.Fault, match="date"):
            admin.call(
                "stock.picking", "action_o2c_mark_delivered", [picking], date=garbage
            )
    assert admin.call("stock.picking", "action_o2c_mark_delivered", [picking]) is True
    [picking_read] = admin.call(
        "stock.picking", "read", [picking], fields=["o2c_delivered_date"]
    )
    [order_read] = admin.call(
        "sale.order",
        "read",
        [order],
        fields=["o2c_stage", "o2c_delivered_date", "o2c_on_time", "o2c_days_late"],
    )
    assert order_read["o2c_stage"] == "invoicing"
    assert order_read["o2c_delivered_date"] == picking_read["o2c_delivered_date"]
    assert isinstance(order_read["o2c_on_time"], bool)
    assert isinstance(order_read["o2c_days_late"], int)
