# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fulfilment over XML-RPC, as a carrier integration or a warehouse app uses it."""

import xmlrpc.client

import pytest


@pytest.fixture
def shipped_picking(admin):
    """A confirmed order of 3 units in stock, its delivery ready to ship."""
    product = admin.create_product(qty_in_stock=3)
    order, [picking] = admin.create_confirmed_order(admin.create_customer(), product, 3)
    return order, picking


def _assert_control_guards_the_shipment(admin, picking):
    """The control is recorded by its actions only (a failure needs a
    reason; the state is not written, with or without a context key); a
    failed control blocks the shipment, naming the reason, until it
    passes."""
    with pytest.raises(xmlrpc.client.Fault, match="reason"):
        admin.call("stock.picking", "action_o2c_control_fail", [picking], "  ")
    with pytest.raises(xmlrpc.client.Fault, match="action_o2c_control_pass"):
        admin.call("stock.picking", "write", [picking], {"o2c_control_state": "passed"})
    with pytest.raises(xmlrpc.client.Fault, match="action_o2c_control_pass"):
        admin.call(
            "stock.picking",
            "write",
            [picking],
            {"o2c_control_state": "passed"},
            context={"o2c_protected_write": True},
        )
    assert admin.call(
        "stock.picking", "action_o2c_control_fail", [picking], "Etikett fehlt"
    )
    with pytest.raises(xmlrpc.client.Fault, match="Etikett fehlt"):
        admin.call("stock.picking", "button_validate", [picking])
    assert admin.call("stock.picking", "action_o2c_control_pass", [picking]) is True


def _assert_delivered_date_refused(admin, picking):
    """The carrier's delivery date must be a date; written by hand it is
    refused, pointing to action_o2c_mark_delivered."""
    for garbage in ("gestern", "2026-02-30", 20260305):
        with pytest.raises(xmlrpc.client.Fault, match="date"):
            admin.call(
                "stock.picking", "action_o2c_mark_delivered", [picking], date=garbage
            )
    # written by hand (as the web client or an integration would): refused,
    # with or without a context key
    for context in ({}, {"o2c_protected_write": True}):
        with pytest.raises(xmlrpc.client.Fault, match="o2c_delivered_date") as fault:
            admin.call(
                "stock.picking",
                "write",
                [picking],
                {"o2c_delivered_date": "2020-01-01"},
                context=context,
            )
        assert "action_o2c_mark_delivered" in fault.value.faultString


def test_control_and_delivery_over_rpc(admin, shipped_picking):
    order, picking = shipped_picking
    [read] = admin.call(
        "stock.picking", "read", [picking], fields=["o2c_control_state", "move_ids"]
    )
    assert read["o2c_control_state"] == "todo"
    _assert_control_guards_the_shipment(admin, picking)

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
    _assert_delivered_date_refused(admin, picking)
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


def test_service_rendered_over_rpc(admin):
    """A field-service app records a service rendered: the order leaves step 4."""
    service = admin.create_product(
        type="service", is_storable=False, invoice_policy="delivery"
    )
    order, pickings = admin.create_confirmed_order(admin.create_customer(), service, 2)
    assert pickings == []
    [read] = admin.call(
        "sale.order", "read", [order], ["o2c_stage", "o2c_can_mark_services_rendered"]
    )
    assert read["o2c_stage"] == "shipping"
    assert read["o2c_can_mark_services_rendered"] is True
    assert (
        admin.call("sale.order", "action_o2c_mark_services_rendered", [order]) is True
    )
    [read] = admin.call("sale.order", "read", [order], ["o2c_stage", "invoice_status"])
    assert read == {
        "id": order,
        "o2c_stage": "invoicing",
        "invoice_status": "to invoice",
    }
    with pytest.raises(xmlrpc.client.Fault, match="still to be rendered"):
        admin.call("sale.order", "action_o2c_mark_services_rendered", [order])
