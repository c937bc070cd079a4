# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks through the request context (issue 15, rule 1): every context
key the addons read or read before (``o2c_skip_review``,
``o2c_stage_log_disable``, ``o2c_hold_notification``,
``o2c_return_set_state``, ``o2c_return_id``, ``o2c_inspection_location_id``,
``mark_so_as_sent``, ``send_email``, ``active_model``/``active_ids``,
``inventory_mode``, ``skip_backorder``) and ``default_*`` keys of protected
fields, sent over XML-RPC. A key may be ignored (the call does what it
does without it) or the call refused; it never changes what is checked,
written or logged.
"""

import uuid
import xmlrpc.client

import pytest


def _outcome(func):
    """("ok", result) or ("refused", fault message)."""
    try:
        return "ok", func()
    except xmlrpc.client.Fault as fault:
        return "refused", fault.faultString


@pytest.fixture(scope="module")
def world(attack):
    admin = attack.admin
    delivered, picking = attack.delivered_order(qty=5)
    [line] = admin.call(
        "sale.order.line", "search_read", [("order_id", "=", delivered)], ["product_id"]
    )
    product = line["product_id"][0]
    rma = admin.call(
        "o2c.return",
        "create",
        [
            {
                "order_id": delivered,
                "line_ids": [(0, 0, {"product_id": product, "qty": 1})],
            }
        ],
    )[0]
    [warehouse] = admin.call("stock.warehouse", "search", [], limit=1)
    location = admin.call(
        "stock.location",
        "create",
        [{"name": f"Attacker bin {uuid.uuid4().hex[:6]}", "usage": "internal"}],
    )[0]
    return {
        "delivered": delivered,
        "picking": picking,
        "product": product,
        "rma": rma,
        "warehouse": warehouse,
        "location": location,
    }


def _return_state(attack, rma):
    return attack.read(
        "o2c.return", rma, ["state", "return_picking_ids", "date_received"]
    )


@pytest.mark.parametrize(
    ("role", "vals"),
    [
        ("warehouse", {"state": "done"}),
        ("warehouse", {"state": "received", "date_received": "2020-01-01 00:00:00"}),
        ("sales_manager", {"state": "inspected"}),
        ("salesperson", {"state": "cancelled"}),
    ],
    ids=[
        "warehouse-done",
        "warehouse-received",
        "sales_manager-inspected",
        "salesperson-cancelled",
    ],
)
def test_ctx_o2c_return_set_state_does_not_set_a_return_state(
    attack, world, role, vals
):
    before = _return_state(attack, world["rma"])
    counts = attack.counts()
    kind, _value = _outcome(
        lambda: attack.user(role).call(
            "o2c.return",
            "write",
            [world["rma"]],
            vals,
            context={"o2c_return_set_state": True},
        )
    )
    assert kind == "refused"
    assert _return_state(attack, world["rma"]) == before
    assert attack.counts() == counts


def test_ctx_o2c_return_set_state_on_create(attack, world):
    counts = attack.counts()
    kind, _value = _outcome(
        lambda: attack.user("warehouse").call(
            "o2c.return",
            "create",
            [
                {
                    "order_id": world["delivered"],
                    "state": "done",
                    "line_ids": [(0, 0, {"product_id": world["product"], "qty": 1})],
                }
            ],
            context={"o2c_return_set_state": True, "default_state": "done"},
        )
    )
    assert kind == "refused"
    assert attack.counts() == counts


@pytest.mark.parametrize(
    "keys",
    ["o2c_return_id", "o2c_inspection_location_id", "both"],
)
def test_ctx_return_wizard_keys_do_not_attach_or_route(attack, world, keys):
    """Core's return of a delivery by a warehouse user with the keys the
    returns addon passes to itself: the new transfer is not attached to the
    return, nor sent to a location the caller chose."""
    context = {}
    if keys in ("o2c_return_id", "both"):
        context["o2c_return_id"] = world["rma"]
    if keys in ("o2c_inspection_location_id", "both"):
        context["o2c_inspection_location_id"] = world["location"]
    before = _return_state(attack, world["rma"])
    warehouse = attack.user("warehouse")

    def run():
        wizard = warehouse.call(
            "stock.return.picking",
            "create",
            [{"picking_id": world["picking"]}],
            context=context,
        )
        lines = warehouse.call(
            "stock.return.picking.line",
            "search",
            [("wizard_id", "=", wizard)],
        )
        warehouse.call("stock.return.picking.line", "write", lines, {"quantity": 1})
        return warehouse.call(
            "stock.return.picking", "action_create_returns", [wizard], context=context
        )

    kind, result = _outcome(run)
    assert _return_state(attack, world["rma"]) == before
    if kind == "ok":
        new = attack.read(
            "stock.picking", result["res_id"], ["o2c_return_id", "location_dest_id"]
        )
        assert new["o2c_return_id"] is False, new
        assert new["location_dest_id"][0] != world["location"], new
        attack.admin.call("stock.picking", "action_cancel", [result["res_id"]])


def _order(attack, **extra):
    return {
        "partner_id": attack.blocked_customer,
        "order_line": [
            (
                0,
                0,
                {"product_id": attack.product, "product_uom_qty": 1, "price_unit": 1},
            )
        ],
        **extra,
    }


DEFAULT_KEYS = {
    "default_o2c_stage": "done",
    "default_o2c_promised_date": "2020-01-01 00:00:00",
    "default_o2c_review_fingerprint": "forged",
    "default_o2c_review_date": "2999-01-01 00:00:00",
    "default_o2c_invoice_error": "x",
    "default_o2c_on_time": True,
    "default_o2c_check_ids": [
        (0, 0, {"check_type": "credit", "result": "ok", "message": "ok"})
    ],
    "default_state": "sale",
}


@pytest.mark.parametrize("key", list(DEFAULT_KEYS))
def test_ctx_default_keys_give_no_protected_value(attack, key):
    """An order created by a salesperson with a ``default_*`` key of a
    protected field: refused, or created as if the key were absent; it is
    not confirmed."""
    salesperson = attack.user("salesperson")
    counts = attack.counts()
    kind, order = _outcome(
        lambda: salesperson.call(
            "sale.order", "create", [_order(attack)], context={key: DEFAULT_KEYS[key]}
        )[0]
    )
    if kind == "refused":
        assert attack.counts() == counts
        return
    state = attack.order_state(order)
    assert state["state"] == "draft", state
    assert state["o2c_stage"] == "intake", state
    assert state["o2c_promised_date"] is False
    assert state["o2c_review_fingerprint"] in (False, "")
    assert state["o2c_invoice_error"] in (False, "")
    assert state["checks"] == []
    # and the order, reviewed, cannot be confirmed
    with pytest.raises(xmlrpc.client.Fault, match="hold"):
        salesperson.call(
            "sale.order", "action_confirm", [order], context={key: DEFAULT_KEYS[key]}
        )
    assert attack.order_state(order)["state"] == "draft"


@pytest.mark.parametrize(
    ("model", "role", "key", "value", "field"),
    [
        (
            "stock.picking",
            "warehouse",
            "default_o2c_control_state",
            "passed",
            "o2c_control_state",
        ),
        (
            "stock.picking",
            "warehouse",
            "default_o2c_delivered_date",
            "2020-01-01",
            "o2c_delivered_date",
        ),
        (
            "stock.picking",
            "warehouse",
            "default_o2c_shipping_mail_sent",
            True,
            "o2c_shipping_mail_sent",
        ),
        ("stock.picking", "warehouse", "default_o2c_return_id", "rma", "o2c_return_id"),
    ],
    ids=["control_state", "delivered_date", "shipping_mail_sent", "o2c_return_id"],
)
def test_ctx_default_keys_on_transfers(attack, world, model, role, key, value, field):
    value = world["rma"] if value == "rma" else value
    [picking_type] = attack.admin.call(
        "stock.picking.type",
        "search",
        [("code", "=", "outgoing"), ("warehouse_id", "=", world["warehouse"])],
        limit=1,
    )
    kind, picking = _outcome(
        lambda: attack.user(role).call(
            model,
            "create",
            [{"picking_type_id": picking_type, "partner_id": attack.blocked_customer}],
            context={key: value},
        )[0]
    )
    if kind == "ok":
        read = attack.read(model, picking, [field])
        assert read[field] in (False, "todo"), read
        attack.admin.call(model, "unlink", [picking])


@pytest.mark.parametrize(
    ("role", "context"),
    [
        ("salesperson", {"o2c_stage_log_disable": True}),
        ("salesperson", {"o2c_stage_log_disable": True, "tracking_disable": True}),
        ("integration", {"o2c_stage_log_disable": True, "mail_notrack": True}),
    ],
    ids=["salesperson", "salesperson-tracking_disable", "integration-mail_notrack"],
)
def test_ctx_stage_log_disable_is_ignored(attack, role, context):
    """Created and reviewed with the stage log "disabled": the log has its
    rows all the same."""
    client = attack.user(role)
    order = client.call("sale.order", "create", [_order(attack)], context=context)[0]
    client.call("sale.order", "action_o2c_review", [order], context=context)
    log = attack.admin.call(
        "o2c.stage.log", "search_read", [("order_id", "=", order)], ["stage"]
    )
    assert [row["stage"] for row in sorted(log, key=lambda r: r["id"])] == [
        "intake",
        "hold",
    ], log


def test_ctx_mark_so_as_sent_does_not_confirm(attack):
    """message_post with mark_so_as_sent (core's "send by e-mail") reviews
    the quotation: a held order stays held."""
    order = attack.held_order()
    salesperson = attack.user("salesperson")
    # message_post returns a record, which XML-RPC cannot carry: the Fault
    # comes after the post was committed
    _outcome(
        lambda: salesperson.call(
            "sale.order",
            "message_post",
            [order],
            body="Angebot",
            context={"mark_so_as_sent": True, "o2c_skip_review": True},
        )
    )
    state = attack.order_state(order)
    assert state["state"] in ("draft", "sent")
    assert state["o2c_stage"] == "hold"
    assert not any(released for _t, _r, released in state["checks"])


def test_ctx_inventory_mode_gives_no_stock_to_a_salesperson(attack, world):
    counts = attack.counts()
    quants = attack.admin.call("stock.quant", "search_count", [])
    kind, _value = _outcome(
        lambda: attack.user("salesperson").call(
            "stock.quant",
            "create",
            [
                {
                    "product_id": attack.product,
                    "location_id": world["location"],
                    "inventory_quantity": 1000,
                }
            ],
            context={"inventory_mode": True},
        )
    )
    assert kind == "refused"
    assert attack.admin.call("stock.quant", "search_count", []) == quants
    assert attack.counts() == counts


def test_ctx_active_ids_release_wizard_other_salesperson(attack):
    """The release wizard of salesperson A filled with B's held order by
    active_ids: refused, B's order stays held."""
    order = attack.held_order(owner="salesperson_b")
    before = attack.order_state(order)
    kind, _value = _outcome(
        lambda: attack.user("salesperson").call(
            "o2c.order.release",
            "action_release",
            attack.user("salesperson").call(
                "o2c.order.release",
                "create",
                [{"reason": "weil"}],
                context={"active_model": "sale.order", "active_ids": [order]},
            ),
        )
    )
    assert kind == "refused"
    assert attack.order_state(order) == before


def test_ctx_send_email_does_not_confirm(attack):
    order = attack.held_order()
    before = attack.order_state(order)
    kind, _value = _outcome(
        lambda: attack.user("salesperson").call(
            "sale.order",
            "action_confirm",
            [order],
            context={"send_email": True, "validate_analytic": False},
        )
    )
    assert kind == "refused"
    assert attack.order_state(order) == before
