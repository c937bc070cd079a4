# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""First contact over XML-RPC with a running server."""

import uuid
import xmlrpc.client

import pytest


def test_version(odoo_server):
    version = odoo_server.proxy("common").version()
    assert version["server_version_info"][0] == 18


def test_authenticate_refuses_wrong_password(odoo_server):
    uid = odoo_server.proxy("common").authenticate(
        odoo_server.db, "admin", "not-the-password", {}
    )
    assert uid is False


def test_read_stage_of_an_order(admin):
    tag = uuid.uuid4().hex[:8]
    partner = admin.call("res.partner", "create", [{"name": f"RPC Kunde {tag}"}])[0]
    product = admin.call(
        "product.product",
        "create",
        [{"name": f"RPC Artikel {tag}", "type": "consu", "list_price": 10.0}],
    )[0]
    order = admin.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": partner,
                "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2})],
            }
        ],
    )[0]
    [read] = admin.call("sale.order", "read", [order], fields=["o2c_stage"])
    assert read["o2c_stage"] == "intake"
    # the stage log is written at the commit of the request
    logs = admin.call(
        "o2c.stage.log",
        "search_read",
        [("order_id", "=", order)],
        fields=["stage", "date_start", "date_end"],
    )
    assert [log["stage"] for log in logs] == ["intake"]
    assert logs[0]["date_end"] is False


def test_stage_cannot_be_written_over_rpc(admin):
    orders = admin.call("sale.order", "search", [], limit=1)
    assert orders, "the test database holds demo orders"
    with pytest.raises(xmlrpc.client.Fault, match="derived"):
        admin.call("sale.order", "write", orders, {"o2c_stage": "done"})
