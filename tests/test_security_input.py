# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hostile input to the public methods (issue 15, rule 5): NaN, infinities,
1e308, values below the unit's rounding, control characters, far-future
dates, HTML in reasons and feedback, more than 500 lines, and two callers at
the same moment. Numbers go over XML-RPC (which carries ``nan`` and
``inf``), control characters over JSON-RPC (XML cannot carry them). Every
bad value is refused with a Fault naming the field and leaves nothing
behind; HTML is kept as text and shown escaped.
"""

import threading
import time
import uuid
import xmlrpc.client

import pytest

NAN = float("nan")
INF = float("inf")


@pytest.fixture(scope="module")
def world(attack):
    admin = attack.admin
    delivered, picking = attack.delivered_order(qty=5)
    [followup] = admin.call("o2c.followup", "search", [("order_id", "=", delivered)])
    confirmed = attack.clean_order()
    admin.call("sale.order", "action_confirm", [confirmed])
    [open_picking] = attack.read("sale.order", confirmed, ["picking_ids"])[
        "picking_ids"
    ]
    return {
        "delivered": delivered,
        "picking": picking,
        "followup": followup,
        "open_picking": open_picking,
    }


def _payload(attack, **line):
    return {
        "channel": "api",
        "external_ref": f"BAD-{uuid.uuid4().hex}",
        "partner": attack.blocked_customer,
        "lines": [{"product": attack.product, "qty": 1, **line}],
    }


# name -> (transport, payload changes, field the message names)
INTAKE = {
    "qty_nan": ("xmlrpc", {"line": {"qty": NAN}}, "qty"),
    "qty_inf": ("xmlrpc", {"line": {"qty": INF}}, "qty"),
    "qty_minus_inf": ("xmlrpc", {"line": {"qty": -INF}}, "qty"),
    "qty_1e308": ("xmlrpc", {"line": {"qty": 1e308}}, "qty"),
    "qty_below_rounding": ("xmlrpc", {"line": {"qty": 1e-9}}, "qty"),
    "qty_negative": ("xmlrpc", {"line": {"qty": -3}}, "qty"),
    "qty_bool": ("xmlrpc", {"line": {"qty": True}}, "qty"),
    "qty_nan_json": ("jsonrpc", {"line": {"qty": NAN}}, "qty"),
    "price_nan": ("xmlrpc", {"line": {"price_unit": NAN}}, "price_unit"),
    "price_inf": ("xmlrpc", {"line": {"price_unit": INF}}, "price_unit"),
    "price_1e308": ("xmlrpc", {"line": {"price_unit": 1e308}}, "price_unit"),
    "price_negative": ("xmlrpc", {"line": {"price_unit": -5}}, "price_unit"),
    "note_nul": ("jsonrpc", {"note": "Bitte\x00liefern"}, "note"),
    "note_escape_sequence": ("jsonrpc", {"note": "\x1b[31mrot\x1b[0m"}, "note"),
    "external_ref_bell": ("jsonrpc", {"external_ref": "REF\x07-1"}, "external_ref"),
    "partner_name_nul": (
        "jsonrpc",
        {"partner": {"name": "Evil\x00Corp", "email": "evil@example.com"}},
        "partner",
    ),
    "commitment_far_future": (
        "xmlrpc",
        {"commitment_date": "2999-01-01"},
        "commitment_date",
    ),
    "commitment_year_9999": (
        "xmlrpc",
        {"commitment_date": "9999-12-31"},
        "commitment_date",
    ),
    "commitment_not_a_date": ("xmlrpc", {"commitment_date": "nan"}, "commitment_date"),
    "lines_501": ("xmlrpc", {"lines": 501}, "lines"),
}


@pytest.mark.parametrize("name", list(INTAKE))
def test_submit_order_refuses_hostile_input(attack, name):
    transport, change, field = INTAKE[name]
    payload = _payload(attack, **change.get("line", {}))
    for key, value in change.items():
        if key == "lines":
            payload["lines"] = [{"product": attack.product, "qty": 1}] * value
        elif key != "line":
            payload[key] = value
    user = attack.user("integration")
    client = user.as_json() if transport == "jsonrpc" else user
    counts = attack.counts()
    partners = attack.admin.call("res.partner", "search_count", [])
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        client.call("sale.order", "o2c_submit_order", payload)
    message = refusal.value.faultString
    assert field in message, message
    assert "Traceback" not in message
    assert attack.counts() == counts
    assert attack.admin.call("res.partner", "search_count", []) == partners


def test_submit_order_500_lines_finishes_in_time(attack):
    """The documented cap: 500 lines are taken, well inside Odoo's default
    request time limit (120 s)."""
    payload = _payload(attack)
    payload["lines"] = [{"product": attack.product, "qty": 1}] * 500
    started = time.monotonic()
    result = attack.user("integration").call("sale.order", "o2c_submit_order", payload)
    elapsed = time.monotonic() - started
    assert result["id"]
    assert elapsed < 60, f"500 lines took {elapsed:.0f}s"


def test_concurrent_intake_returns_the_same_order(attack):
    payload = _payload(attack)
    results = [None, None]
    barrier = threading.Barrier(2)
    user = attack.user("integration")

    def worker(index):
        client = attack.server.login(user.login, user.password)
        barrier.wait(timeout=30)
        try:
            results[index] = (
                "ok",
                client.call("sale.order", "o2c_submit_order", payload),
            )
        except xmlrpc.client.Fault as fault:
            results[index] = ("fault", fault.faultString)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert [kind for kind, _v in results] == ["ok", "ok"], results
    assert results[0][1]["id"] == results[1][1]["id"], results
    found = attack.admin.call(
        "sale.order",
        "search_count",
        [("o2c_external_ref", "=", payload["external_ref"])],
    )
    assert found == 1


def test_concurrent_returns_never_exceed_the_delivery(attack):
    """Two warehouse clerks announce 3 of the 5 delivered units each at the
    same moment: one return is confirmed, the other refused."""
    order, _picking = attack.delivered_order(qty=5)
    [line] = attack.admin.call(
        "sale.order.line", "search_read", [("order_id", "=", order)], ["product_id"]
    )
    product = line["product_id"][0]
    user = attack.user("warehouse")
    results = [None, None]
    barrier = threading.Barrier(2)

    def worker(index):
        client = attack.server.login(user.login, user.password)
        barrier.wait(timeout=30)
        try:
            rma = client.call(
                "o2c.return",
                "create",
                [
                    {
                        "order_id": order,
                        "line_ids": [(0, 0, {"product_id": product, "qty": 3})],
                    }
                ],
            )[0]
            client.call("o2c.return", "action_confirm", [rma])
            results[index] = ("ok", rma)
        except xmlrpc.client.Fault as fault:
            results[index] = ("fault", fault.faultString)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert sorted(kind for kind, _v in results) == ["fault", "ok"], results
    returns = attack.admin.call(
        "o2c.return.line",
        "search_read",
        [("return_id.order_id", "=", order), ("return_id.state", "!=", "cancelled")],
        ["qty"],
    )
    assert sum(r["qty"] for r in returns) <= 5, returns


# --- numbers and text on the other public methods ---------------------------

RETURN_QTY = {
    "nan": NAN,
    "inf": INF,
    "1e308": 1e308,
    "below_rounding": 1e-9,
    "negative": -1,
}


@pytest.mark.parametrize("name", list(RETURN_QTY))
def test_return_line_qty_refused(attack, world, name):
    [line] = attack.admin.call(
        "sale.order.line",
        "search_read",
        [("order_id", "=", world["delivered"])],
        ["product_id"],
    )
    counts = attack.counts()
    with pytest.raises(xmlrpc.client.Fault, match="qty|[Qq]uantit"):
        attack.user("warehouse").call(
            "o2c.return",
            "create",
            [
                {
                    "order_id": world["delivered"],
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": line["product_id"][0],
                                "qty": RETURN_QTY[name],
                            },
                        )
                    ],
                }
            ],
        )
    assert attack.counts() == counts


@pytest.mark.parametrize("name", ["nan", "inf", "1e308"])
def test_portal_create_return_qty_refused(attack, world, name):
    [line] = attack.admin.call(
        "sale.order.line",
        "search_read",
        [("order_id", "=", world["delivered"])],
        ["product_id"],
    )
    counts = attack.counts()
    with pytest.raises(xmlrpc.client.Fault, match="qty"):
        attack.user("salesperson").call(
            "o2c.return",
            "portal_create_return",
            world["delivered"],
            [{"product_id": line["product_id"][0], "qty": RETURN_QTY[name]}],
        )
    assert attack.counts() == counts


RATINGS = {
    "nan": (NAN, "xmlrpc"),
    "inf": (INF, "xmlrpc"),
    "1e308": (1e308, "xmlrpc"),
    "fraction": (3.5, "xmlrpc"),
    "negative": (-1, "xmlrpc"),
    "feedback_nul": ((4, "gut\x00", "phone"), "jsonrpc"),
    "channel_nul": ((4, "gut", "phone\x00"), "jsonrpc"),
}


@pytest.mark.parametrize("name", list(RATINGS))
def test_followup_answer_refused(attack, world, name):
    value, transport = RATINGS[name]
    args = value if isinstance(value, tuple) else (value, "x", "phone")
    user = attack.user("sales_manager")
    client = user.as_json() if transport == "jsonrpc" else user
    before = attack.read(
        "o2c.followup", world["followup"], ["state", "rating", "feedback"]
    )
    with pytest.raises(xmlrpc.client.Fault, match="[Rr]ating|[Ff]eedback|[Cc]hannel"):
        client.call("o2c.followup", "action_record_answer", [world["followup"]], *args)
    after = attack.read(
        "o2c.followup", world["followup"], ["state", "rating", "feedback"]
    )
    assert after == before


DELIVERED_DATES = {
    "far_future": ("2999-01-01", "xmlrpc"),
    "tomorrow_and_more": ("2100-06-01", "xmlrpc"),
    "not_a_date": ("nan", "xmlrpc"),
    "number": (1e308, "xmlrpc"),
    "nul": ("2020-01-01\x00", "jsonrpc"),
}


@pytest.mark.parametrize("name", list(DELIVERED_DATES))
def test_mark_delivered_refuses_bad_dates(attack, world, name):
    value, transport = DELIVERED_DATES[name]
    user = attack.user("warehouse")
    client = user.as_json() if transport == "jsonrpc" else user
    before = attack.read("stock.picking", world["picking"], ["o2c_delivered_date"])
    with pytest.raises(xmlrpc.client.Fault, match="date"):
        client.call(
            "stock.picking", "action_o2c_mark_delivered", [world["picking"]], value
        )
    assert (
        attack.read("stock.picking", world["picking"], ["o2c_delivered_date"]) == before
    )


CONTROL_FAIL = {
    "reason_nul": (("kaputt\x00",), "jsonrpc", "reason"),
    "missing_qty_nan": (("fehlt", [{"product_id": "P", "qty": NAN}]), "xmlrpc", "qty"),
    "missing_qty_inf": (("fehlt", [{"product_id": "P", "qty": INF}]), "xmlrpc", "qty"),
    "defective_qty_1e308": (
        ("defekt", None, [{"product_id": "P", "qty": 1e308}]),
        "xmlrpc",
        "qty",
    ),
    "missing_qty_negative": (
        ("fehlt", [{"product_id": "P", "qty": -2}]),
        "xmlrpc",
        "qty",
    ),
}


@pytest.mark.parametrize("name", list(CONTROL_FAIL))
def test_control_fail_refuses_bad_input(attack, world, name):
    args, transport, field = CONTROL_FAIL[name]
    args = [
        [dict(item, product_id=attack.product) for item in arg]
        if isinstance(arg, list)
        else (False if arg is None else arg)
        for arg in args
    ]
    user = attack.user("warehouse")
    client = user.as_json() if transport == "jsonrpc" else user
    before = attack.read(
        "stock.picking",
        world["open_picking"],
        ["o2c_control_state", "o2c_control_reason"],
    )
    messages = attack.messages("stock.picking", world["open_picking"])
    with pytest.raises(xmlrpc.client.Fault, match=field):
        client.call(
            "stock.picking", "action_o2c_control_fail", [world["open_picking"]], *args
        )
    after = attack.read(
        "stock.picking",
        world["open_picking"],
        ["o2c_control_state", "o2c_control_reason"],
    )
    assert after == before
    assert attack.messages("stock.picking", world["open_picking"]) == messages


RELEASE_REASONS = {
    "nan": (NAN, "xmlrpc"),
    "nul": ("Stammkunde\x00", "jsonrpc"),
    "escape": ("\x1b]0;pwned\x07", "jsonrpc"),
    "huge": ("x" * 200000, "xmlrpc"),
}


@pytest.mark.parametrize("name", list(RELEASE_REASONS))
def test_release_refuses_bad_reasons(attack, name):
    value, transport = RELEASE_REASONS[name]
    order = attack.held_order(price_unit=50.0)
    user = attack.user("credit_manager")
    client = user.as_json() if transport == "jsonrpc" else user
    before = attack.order_state(order)
    with pytest.raises(xmlrpc.client.Fault, match="reason"):
        client.call("sale.order", "action_o2c_release", [order], value)
    assert attack.order_state(order) == before


# --- HTML is text ---------------------------------------------------------------

SCRIPT = '<script>alert("o2c")</script><img src=x onerror=alert(1)>'


def _bodies(attack, model, res_id):
    return [
        m["body"]
        for m in attack.admin.call(
            "mail.message",
            "search_read",
            [("model", "=", model), ("res_id", "=", res_id)],
            ["body"],
        )
    ]


def _notes(attack, model, res_id):
    return [
        a["note"] or ""
        for a in attack.admin.call(
            "mail.activity",
            "search_read",
            [("res_model", "=", model), ("res_id", "=", res_id)],
            ["note"],
        )
    ]


def _assert_escaped(texts):
    joined = "\n".join(texts)
    assert "<script" not in joined and "<img" not in joined, joined[:2000]
    assert "&lt;script&gt;" in joined, joined[:2000]


def test_html_in_release_reason_is_escaped(attack):
    order = attack.held_order(price_unit=50.0)
    attack.user("credit_manager").call(
        "sale.order", "action_o2c_release", [order], SCRIPT
    )
    _assert_escaped(_bodies(attack, "sale.order", order))


def test_html_in_control_reason_is_escaped(attack):
    order = attack.clean_order()
    attack.admin.call("sale.order", "action_confirm", [order])
    [picking] = attack.read("sale.order", order, ["picking_ids"])["picking_ids"]
    attack.user("warehouse").call(
        "stock.picking", "action_o2c_control_fail", [picking], SCRIPT
    )
    _assert_escaped(
        _bodies(attack, "stock.picking", picking)
        + _notes(attack, "stock.picking", picking)
    )


def test_html_in_followup_feedback_is_escaped(attack):
    order, _picking = attack.delivered_order()
    [followup] = attack.admin.call("o2c.followup", "search", [("order_id", "=", order)])
    attack.user("sales_manager").call(
        "o2c.followup", "action_record_answer", [followup], 1, SCRIPT, "phone"
    )
    _assert_escaped(
        _bodies(attack, "o2c.followup", followup)
        + _notes(attack, "o2c.followup", followup)
    )
