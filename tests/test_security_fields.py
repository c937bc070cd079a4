# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the fields only the lifecycle's actions change (issue 15,
rule 1): ``write()`` and ``create()`` over XML-RPC, as the role that works
on the record every day (and so has write access to it). Each attempt must
be refused with a Fault and leave the record's protected fields and the
count of every lifecycle model as they were.
"""

import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def targets(attack):
    admin = attack.admin
    held = attack.held_order()
    confirmed = attack.clean_order()
    admin.call("sale.order", "action_confirm", [confirmed])
    [picking] = attack.read("sale.order", confirmed, ["picking_ids"])["picking_ids"]
    delivered, delivered_picking = attack.delivered_order()
    [followup] = admin.call("o2c.followup", "search", [("order_id", "=", delivered)])
    [line] = admin.call(
        "sale.order.line", "search_read", [("order_id", "=", delivered)], ["product_id"]
    )
    rma = admin.call(
        "o2c.return",
        "create",
        [
            {
                "order_id": delivered,
                "line_ids": [(0, 0, {"product_id": line["product_id"][0], "qty": 1})],
            }
        ],
    )[0]
    [rma_line] = admin.call("o2c.return.line", "search", [("return_id", "=", rma)])
    invoice = admin.call(
        "account.move",
        "search",
        [
            ("partner_id", "=", attack.blocked_customer),
            ("move_type", "=", "out_invoice"),
        ],
        limit=1,
    )[0]
    level = admin.call("o2c.reminder.level", "search", [], limit=1)
    checks = admin.call("o2c.order.check", "search", [("order_id", "=", held)])
    logs = admin.call("o2c.stage.log", "search", [("order_id", "=", held)])
    return {
        "sale.order": held,
        "stock.picking": picking,
        "delivered_picking": delivered_picking,
        "account.move": invoice,
        "o2c.order.check": checks[0],
        "o2c.stage.log": logs[0],
        "o2c.return": rma,
        "o2c.return.line": rma_line,
        "o2c.followup": followup,
        "level": level[0] if level else False,
        "delivered": delivered,
    }


def _val(value, targets):
    return value(targets) if callable(value) else value


# (model, target key, role, field, value)
WRITES = [
    ("sale.order", "sale.order", "salesperson", "o2c_stage", "confirmed"),
    (
        "sale.order",
        "sale.order",
        "salesperson",
        "o2c_promised_date",
        "2020-01-01 00:00:00",
    ),
    ("sale.order", "sale.order", "salesperson", "o2c_review_fingerprint", "forged"),
    (
        "sale.order",
        "sale.order",
        "salesperson",
        "o2c_review_date",
        "2030-01-01 00:00:00",
    ),
    ("sale.order", "sale.order", "salesperson", "o2c_check_ids", [(5, 0, 0)]),
    ("sale.order", "sale.order", "salesperson", "o2c_invoice_error", "nichts"),
    ("sale.order", "sale.order", "salesperson", "o2c_delivered_date", "2020-01-01"),
    ("sale.order", "sale.order", "salesperson", "o2c_on_time", True),
    ("sale.order", "sale.order", "salesperson", "o2c_stage_log_ids", [(5, 0, 0)]),
    ("sale.order", "sale.order", "sales_manager", "o2c_stage", "done"),
    ("sale.order", "sale.order", "sales_manager", "o2c_check_ids", [(5, 0, 0)]),
    (
        "sale.order",
        "sale.order",
        "integration",
        "o2c_promised_date",
        "2020-01-01 00:00:00",
    ),
    ("stock.picking", "stock.picking", "warehouse", "o2c_control_state", "passed"),
    ("stock.picking", "stock.picking", "warehouse", "o2c_control_reason", "egal"),
    ("stock.picking", "stock.picking", "warehouse", "o2c_delivered_date", "2020-01-01"),
    ("stock.picking", "stock.picking", "warehouse", "o2c_shipping_mail_sent", True),
    ("stock.picking", "stock.picking", "warehouse", "o2c_control_user_id", 1),
    (
        "stock.picking",
        "delivered_picking",
        "warehouse",
        "o2c_delivered_date",
        "2000-01-01",
    ),
    ("stock.picking", "stock.picking", "salesperson", "o2c_control_state", "passed"),
    (
        "stock.picking",
        "delivered_picking",
        "warehouse",
        "o2c_return_id",
        lambda t: t["o2c.return"],
    ),
    (
        "account.move",
        "account.move",
        "accountant",
        "o2c_reminder_level_id",
        lambda t: t["level"],
    ),
    (
        "account.move",
        "account.move",
        "accountant",
        "o2c_last_reminder_date",
        "2099-01-01",
    ),
    ("account.move", "account.move", "accountant", "o2c_reminder_error", "kaputt"),
    ("o2c.order.check", "o2c.order.check", "credit_manager", "released", True),
    ("o2c.order.check", "o2c.order.check", "credit_manager", "release_reason", "x"),
    ("o2c.order.check", "o2c.order.check", "sales_manager", "result", "ok"),
    ("o2c.order.check", "o2c.order.check", "sales_manager", "released", True),
    ("o2c.order.check", "o2c.order.check", "salesperson", "result", "ok"),
    ("o2c.stage.log", "o2c.stage.log", "sales_manager", "stage", "done"),
    (
        "o2c.stage.log",
        "o2c.stage.log",
        "sales_manager",
        "date_start",
        "2000-01-01 00:00:00",
    ),
    ("o2c.stage.log", "o2c.stage.log", "salesperson", "stage", "done"),
    ("o2c.return", "o2c.return", "warehouse", "state", "done"),
    ("o2c.return", "o2c.return", "warehouse", "date_received", "2020-01-01 00:00:00"),
    ("o2c.return", "o2c.return", "warehouse", "receipt_mail_sent", True),
    ("o2c.return", "o2c.return", "warehouse", "origin", "portal"),
    ("o2c.return", "o2c.return", "sales_manager", "state", "confirmed"),
    (
        "o2c.return",
        "o2c.return",
        "warehouse",
        "return_picking_ids",
        lambda t: [(4, t["delivered_picking"])],
    ),
    ("o2c.return.line", "o2c.return.line", "warehouse", "qty_received", 1),
    ("o2c.followup", "o2c.followup", "salesperson", "state", "done"),
    ("o2c.followup", "o2c.followup", "salesperson", "rating", 5),
    ("o2c.followup", "o2c.followup", "salesperson", "feedback", "Alles super"),
    ("o2c.followup", "o2c.followup", "sales_manager", "state", "answered"),
    ("o2c.followup", "o2c.followup", "sales_manager", "rating", 1),
    ("o2c.followup", "o2c.followup", "sales_manager", "channel", "web"),
    (
        "o2c.followup",
        "o2c.followup",
        "sales_manager",
        "date_answered",
        "2020-01-01 00:00:00",
    ),
    ("o2c.followup", "o2c.followup", "sales_manager", "was_escalated", True),
    ("o2c.followup", "o2c.followup", "sales_manager", "close_reason", "resolved"),
    ("o2c.followup", "o2c.followup", "sales_manager", "send_error", "x"),
]


def _snapshot(attack, model, res_id, field):
    read = attack.read(model, res_id, [field])
    return read[field]


@pytest.mark.parametrize(
    ("model", "target", "role", "field", "value"),
    WRITES,
    ids=[f"{role}-{model}.{field}" for model, _t, role, field, _v in WRITES],
)
def test_protected_field_write_is_refused(
    attack, targets, model, target, role, field, value
):
    res_id = targets[target]
    before = _snapshot(attack, model, res_id, field)
    counts = attack.counts()
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        attack.user(role).call(model, "write", [res_id], {field: _val(value, targets)})
    assert field in refusal.value.faultString or "access" in (
        refusal.value.faultString.lower()
    ), refusal.value.faultString
    assert _snapshot(attack, model, res_id, field) == before
    assert attack.counts() == counts


def _order_vals(attack, **extra):
    return {
        "partner_id": attack.blocked_customer,
        "order_line": [(0, 0, {"product_id": attack.product, "product_uom_qty": 1})],
        **extra,
    }


# (model, role, values(attack, targets))
CREATES = {
    "sale.order-o2c_stage": (
        "sale.order",
        "salesperson",
        lambda a, t: _order_vals(a, o2c_stage="confirmed"),
    ),
    "sale.order-o2c_promised_date": (
        "sale.order",
        "salesperson",
        lambda a, t: _order_vals(a, o2c_promised_date="2020-01-01 00:00:00"),
    ),
    "sale.order-o2c_check_ids": (
        "sale.order",
        "salesperson",
        lambda a, t: _order_vals(
            a,
            o2c_check_ids=[
                (0, 0, {"check_type": "credit", "result": "ok", "message": "ok"})
            ],
        ),
    ),
    "sale.order-o2c_review_fingerprint": (
        "sale.order",
        "integration",
        lambda a, t: _order_vals(a, o2c_review_fingerprint="forged"),
    ),
    "o2c.order.check": (
        "o2c.order.check",
        "credit_manager",
        lambda a, t: {
            "order_id": t["sale.order"],
            "check_type": "credit",
            "result": "ok",
            "message": "passt",
        },
    ),
    "o2c.stage.log": (
        "o2c.stage.log",
        "sales_manager",
        lambda a, t: {"order_id": t["sale.order"], "stage": "done"},
    ),
    "o2c.return-state": (
        "o2c.return",
        "warehouse",
        lambda a, t: {"order_id": t["delivered"], "state": "done"},
    ),
    "o2c.followup-answered": (
        "o2c.followup",
        "sales_manager",
        lambda a, t: {
            "order_id": t["sale.order"],
            "partner_id": a.blocked_customer,
            "state": "done",
            "rating": 5,
        },
    ),
    "account.move-o2c_reminder_error": (
        "account.move",
        "accountant",
        lambda a, t: {
            "move_type": "out_invoice",
            "partner_id": a.blocked_customer,
            "o2c_reminder_error": "x",
            "o2c_last_reminder_date": "2099-01-01",
        },
    ),
}


@pytest.mark.parametrize("name", list(CREATES))
def test_protected_field_create_is_refused(attack, targets, name):
    model, role, values = CREATES[name]
    counts = attack.counts()
    with pytest.raises(xmlrpc.client.Fault):
        attack.user(role).call(model, "create", [values(attack, targets)])
    assert attack.counts() == counts


UNLINKS = [
    ("o2c.order.check", "sales_manager"),
    ("o2c.order.check", "salesperson"),
    ("o2c.stage.log", "sales_manager"),
    ("o2c.stage.log", "salesperson"),
]


@pytest.mark.parametrize(("model", "role"), UNLINKS)
def test_lifecycle_records_cannot_be_deleted(attack, targets, model, role):
    counts = attack.counts()
    with pytest.raises(xmlrpc.client.Fault):
        attack.user(role).call(model, "unlink", [targets[model]])
    assert attack.counts() == counts
