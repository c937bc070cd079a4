# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A failed shipment control over XML-RPC, as a warehouse app records it:
the missing goods are reordered, the defective ones claimed."""

import xmlrpc.client

import pytest


@pytest.fixture
def open_picking(admin):
    """A confirmed order of 4 units in stock, its delivery to control."""
    product = admin.create_product(qty_in_stock=4)
    order, [picking] = admin.create_confirmed_order(admin.create_customer(), product, 4)
    return order, picking, product


def _assert_refused_without_followups(admin, users, order, picking, product):
    """A salesperson records no control and reorders nothing; bad goods are
    refused naming them: the order has no follow-up."""
    salesman, warehouse = users
    missing = [{"product_id": product, "qty": 2}]
    # a salesperson records no control and reorders nothing
    with pytest.raises(xmlrpc.client.Fault, match="inventory users"):
        salesman.call(
            "stock.picking", "action_o2c_control_fail", [picking], "Fehlt", missing
        )
    # bad goods are refused naming them
    for bad, field in (
        ([{"product_id": product, "qty": 5}], r"missing\[0\]\.qty"),
        ([{"product_id": product, "qty": 0}], r"missing\[0\]\.qty"),
        ([{"product_id": 999999999, "qty": 1}], r"missing\[0\]\.product_id"),
    ):
        with pytest.raises(xmlrpc.client.Fault, match=field):
            warehouse.call(
                "stock.picking", "action_o2c_control_fail", [picking], "Fehlt", bad
            )
    [read] = admin.call(
        "sale.order", "read", [order], ["name", "o2c_control_followup_ids"]
    )
    assert read["o2c_control_followup_ids"] == []


def _assert_refill_and_claim(admin, followup_ids, origin):
    """The missing goods are replenished by a document naming the order and
    the transfer (``origin``); the defective ones, never received from a
    vendor, are left to a person to complain, told in the note."""
    followups = admin.call(
        "o2c.control.followup",
        "read",
        followup_ids,
        ["kind", "qty", "origin", "document_ref", "date_expected", "note"],
    )
    kinds = {followup["kind"]: followup for followup in followups}
    refill = kinds["replenishment"]
    assert refill["qty"] == 2
    # the replenishment (a receipt, or a request for quotation where
    # purchase is installed) names the order and the transfer
    assert refill["origin"] == origin
    model, document = refill["document_ref"].split(",")
    [doc] = admin.call(model, "read", [int(document)], ["origin"])
    assert origin in doc["origin"]
    assert refill["date_expected"]
    # never received from a vendor: a person complains, told in the note
    claim = kinds["claim"]
    assert claim["document_ref"] is False
    assert "complain" in claim["note"]


def test_failed_control_reorders_over_rpc(admin, open_picking):
    order, picking, product = open_picking
    warehouse = admin.create_user("RPC Lager", ["stock.group_stock_user"])
    salesman = admin.create_user("RPC Verkauf", ["sales_team.group_sale_salesman"])
    missing = [{"product_id": product, "qty": 2}]
    _assert_refused_without_followups(
        admin, (salesman, warehouse), order, picking, product
    )

    assert (
        warehouse.call(
            "stock.picking",
            "action_o2c_control_fail",
            [picking],
            "Karton fehlt",
            missing=missing,
            defective=[{"product_id": product, "qty": 1}],
        )
        is True
    )
    [picking_read] = admin.call(
        "stock.picking", "read", [picking], ["name", "o2c_control_state"]
    )
    assert picking_read["o2c_control_state"] == "failed"
    [read] = admin.call(
        "sale.order",
        "read",
        [order],
        ["o2c_control_followup_ids", "o2c_control_followup_count"],
    )
    assert read["o2c_control_followup_count"] == 2
    origin = f"{read_name(admin, order)}, {picking_read['name']}"
    _assert_refill_and_claim(admin, read["o2c_control_followup_ids"], origin)

    # failed again for the same missing goods: nothing reordered twice
    warehouse.call(
        "stock.picking", "action_o2c_control_fail", [picking], "Fehlt noch", missing
    )
    [again] = admin.call("sale.order", "read", [order], ["o2c_control_followup_ids"])
    assert again["o2c_control_followup_ids"] == read["o2c_control_followup_ids"]
    # and the one-argument call keeps working
    assert warehouse.call(
        "stock.picking", "action_o2c_control_fail", [picking], "Etikett fehlt"
    )


def read_name(admin, order):
    [read] = admin.call("sale.order", "read", [order], ["name"])
    return read["name"]
