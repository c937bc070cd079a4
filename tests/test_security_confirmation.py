# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the confirmation of a held order (issue 15, rules 1-3).

Every attempt starts from a fresh quotation that the review holds on credit
(overdue invoice) and price (far below the list price), owned by the
salesperson: only an administrator may release all of it. The attempt comes
over XML-RPC, JSON-RPC (``/jsonrpc``) or the web client's
``/web/dataset/call_kw`` with a session, as one role. It must be refused (a
Fault with a clear message) and leave the order and the database as they
were: state, stage, findings, signature, transfers, invoices, stage log,
chatter, and the count of every model the lifecycle writes.
"""

import uuid
import xmlrpc.client

import pytest

REFUSED = (
    "on hold|cannot be set by hand|not allowed|may not|access|only|does not exist|"
    "private|cannot|not confirm|refused|Invalid|must"
)
ALL_CONTEXT_KEYS = {
    "o2c_skip_review": True,
    "o2c_stage_log_disable": True,
    "o2c_hold_notification": False,
    "o2c_return_set_state": True,
    "default_o2c_stage": "confirmed",
    "default_o2c_review_fingerprint": "x",
    "default_state": "sale",
    "send_email": True,
    "mark_so_as_sent": True,
    "tracking_disable": True,
    "mail_notrack": True,
}


def caller(attack, role, transport):
    user = attack.user(role)
    if transport == "xmlrpc":
        return user
    if transport == "jsonrpc":
        return user.as_json()
    return attack.server.web_session(user.login, user.password)


def _line(attack, order):
    [line] = attack.admin.call(
        "sale.order.line", "search", [("order_id", "=", order)], limit=1
    )
    return line


def _checks(attack, order):
    return attack.admin.call("o2c.order.check", "search", [("order_id", "=", order)])


def _reviewed(attack, order):
    attack.admin.call("sale.order", "action_o2c_review", [order])
    return order


def _new_held_vals(attack, **extra):
    return {
        "partner_id": attack.blocked_customer,
        "order_line": [
            (
                0,
                0,
                {"product_id": attack.product, "product_uom_qty": 3, "price_unit": 1},
            )
        ],
        **extra,
    }


# name -> attempt(attack, client, order); every one must be refused
ATTEMPTS = {
    "action_confirm": lambda a, c, o: c.call("sale.order", "action_confirm", [o]),
    "write_state_sale": lambda a, c, o: c.call(
        "sale.order", "write", [o], {"state": "sale"}
    ),
    "write_state_sale_and_stage": lambda a, c, o: c.call(
        "sale.order", "write", [o], {"state": "sale", "o2c_stage": "confirmed"}
    ),
    "write_state_sale_with_price_fixed": lambda a, c, o: c.call(
        "sale.order",
        "write",
        [o],
        {"state": "sale", "order_line": [(1, _line(a, o), {"price_unit": 50.0})]},
    ),
    "action_confirm_ctx_o2c_skip_review": lambda a, c, o: c.call(
        "sale.order", "action_confirm", [o], context={"o2c_skip_review": True}
    ),
    "action_confirm_ctx_o2c_stage_log_disable": lambda a, c, o: c.call(
        "sale.order", "action_confirm", [o], context={"o2c_stage_log_disable": True}
    ),
    "action_confirm_ctx_default_o2c_stage": lambda a, c, o: c.call(
        "sale.order", "action_confirm", [o], context={"default_o2c_stage": "done"}
    ),
    "action_confirm_ctx_all_keys": lambda a, c, o: c.call(
        "sale.order", "action_confirm", [o], context=ALL_CONTEXT_KEYS
    ),
    "write_state_ctx_all_keys": lambda a, c, o: c.call(
        "sale.order", "write", [o], {"state": "sale"}, context=ALL_CONTEXT_KEYS
    ),
    "write_fingerprint_then_confirm": lambda a, c, o: (
        c.call(
            "sale.order",
            "write",
            [o],
            {"o2c_review_fingerprint": "forged", "o2c_review_date": "2000-01-01"},
        ),
        c.call("sale.order", "action_confirm", [o]),
    ),
    "delete_findings_by_command_then_confirm": lambda a, c, o: (
        c.call("sale.order", "write", [o], {"o2c_check_ids": [(5, 0, 0)]}),
        c.call("sale.order", "action_confirm", [o]),
    ),
    "unlink_findings_then_confirm": lambda a, c, o: (
        c.call("o2c.order.check", "unlink", _checks(a, o)),
        c.call("sale.order", "action_confirm", [o]),
    ),
    "release_own_order": lambda a, c, o: c.call(
        "sale.order", "action_o2c_release", [o], "Kunde ist zuverlaessig"
    ),
    "release_ctx_all_keys": lambda a, c, o: c.call(
        "sale.order",
        "action_o2c_release",
        [o],
        "Kunde ist zuverlaessig",
        context=ALL_CONTEXT_KEYS,
    ),
    "private_action_confirm": lambda a, c, o: c.call(
        "sale.order", "_action_confirm", [o]
    ),
    # the release's work is in the service o2c.order.hold (private)
    "private_o2c_release": lambda a, c, o: c.call(
        "o2c.order.hold", "_o2c_release", [], o, _checks(a, o), "x"
    ),
    "private_validate_order": lambda a, c, o: c.call(
        "sale.order", "_validate_order", [o]
    ),
    # prepared: the copy (a quotation, which anyone may make) exists before,
    # held by its own review (a hold found at the confirmation itself is kept
    # on record: test_web_confirm_button_keeps_a_hold_found_at_the_click)
    "copy_then_confirm": (
        lambda a, c, o: _reviewed(a, c.call("sale.order", "copy", [o])[0]),
        lambda a, c, o, copy: c.call("sale.order", "action_confirm", [copy]),
    ),
    "copy_with_state_sale": lambda a, c, o: c.call(
        "sale.order", "copy", [o], {"state": "sale"}
    ),
    "create_new_order_state_sale": lambda a, c, o: c.call(
        "sale.order", "create", [_new_held_vals(a, state="sale")]
    ),
    "create_new_order_ctx_default_state_sale": lambda a, c, o: c.call(
        "sale.order", "create", [_new_held_vals(a)], context={"default_state": "sale"}
    ),
    "create_new_order_state_sale_and_stage": lambda a, c, o: c.call(
        "sale.order",
        "create",
        [_new_held_vals(a, state="sale", o2c_stage="confirmed", o2c_check_ids=[])],
    ),
    "confirm_with_a_clean_order": (
        lambda a, c, o: a.clean_order(),
        lambda a, c, o, clean: c.call("sale.order", "action_confirm", [clean, o]),
    ),
    "create_invoices_of_held_quotation": lambda a, c, o: c.call(
        "sale.order", "action_o2c_create_invoices", [o]
    ),
    "release_wizard_active_ids": lambda a, c, o: c.call(
        "o2c.order.release",
        "action_release",
        c.call(
            "o2c.order.release",
            "create",
            [{"reason": "Stammkunde"}],
            context={"active_model": "sale.order", "active_ids": [o]},
        ),
    ),
}

# the doors every other role tries (a sales or credit manager releasing what
# their group may release is their job: not an attack)
ROLE_ATTEMPTS = {
    "sales_manager": ("action_confirm", "write_state_sale", "copy_then_confirm"),
    "credit_manager": ("action_confirm", "write_state_sale", "private_o2c_release"),
    "integration": ("action_confirm", "write_state_sale", "release_own_order"),
    "accountant": ("action_confirm", "write_state_sale", "release_own_order"),
    "warehouse": ("action_confirm", "write_state_sale", "release_own_order"),
    "portal": ("action_confirm", "write_state_sale", "release_own_order"),
    "salesperson_b": ("action_confirm", "write_state_sale", "release_own_order"),
}

CASES = (
    [("salesperson", "xmlrpc", name) for name in ATTEMPTS]
    + [
        ("salesperson", transport, name)
        for transport in ("jsonrpc", "call_kw")
        for name in ("action_confirm", "write_state_sale", "copy_then_confirm")
    ]
    + [
        (role, "xmlrpc", name)
        for role, names in ROLE_ATTEMPTS.items()
        for name in names
    ]
    + [("sales_manager", "call_kw", "action_confirm_ctx_all_keys")]
)


def _order_snapshot(attack, order):
    state = attack.order_state(order)
    state["messages"] = attack.messages("sale.order", order)
    return state


@pytest.mark.parametrize(
    ("role", "transport", "name"), CASES, ids=["-".join(case) for case in CASES]
)
def test_held_order_is_not_confirmed(attack, role, transport, name):
    order = attack.held_order()
    client = caller(attack, role, transport)
    attempt = ATTEMPTS[name]
    extra = ()
    if isinstance(attempt, tuple):
        prepare, attempt = attempt
        extra = (prepare(attack, client, order),)
    counts = attack.counts()
    before = _order_snapshot(attack, order)
    extra_before = [_order_snapshot(attack, other) for other in extra]
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        attempt(attack, client, order, *extra)
    assert refusal.value.faultString.strip(), "a refusal without a message"
    assert "Traceback" not in refusal.value.faultString
    after = _order_snapshot(attack, order)
    assert after == before, f"{name} as {role} changed the order"
    assert attack.counts() == counts, f"{name} as {role} left records behind"
    assert after["state"] in ("draft", "sent")
    assert [_order_snapshot(attack, other) for other in extra] == extra_before


def test_web_confirm_button_keeps_the_order_held(attack):
    """The web client's button (action_o2c_confirm) only changes how the
    refusal is shown: the order stays a quotation, nothing is released."""
    order = attack.held_order()
    client = caller(attack, "salesperson", "call_kw")
    before = attack.order_state(order)
    counts = attack.counts()
    result = client.call("sale.order", "action_o2c_confirm", [order])
    assert result["tag"] == "display_notification", result
    after = attack.order_state(order)
    assert after["state"] == before["state"] == "draft"
    assert after["o2c_stage"] == "hold"
    assert after["picking_ids"] == []
    assert not any(released for _t, _r, released in after["checks"])
    assert attack.counts() == counts


def test_web_confirm_button_keeps_a_hold_found_at_the_click(attack):
    """The form's Confirm button (core's action_confirm) on a quotation never
    reviewed: the review holds it at the click, the refusal names the
    findings, and the hold stays on record although the refusal rolled the
    transaction back: findings, stage, release requests to the people who
    may release."""
    order = attack.admin.call(
        "sale.order",
        "create",
        [_new_held_vals(attack, user_id=attack.users["salesperson"].uid)],
    )[0]
    assert _checks(attack, order) == []
    client = caller(attack, "salesperson", "call_kw")
    with pytest.raises(xmlrpc.client.Fault, match="on hold") as refusal:
        client.call("sale.order", "action_confirm", [order])
    assert "Traceback" not in refusal.value.faultString
    after = attack.order_state(order)
    assert after["state"] == "draft"
    assert after["o2c_stage"] == "hold"
    assert after["picking_ids"] == []
    assert {(t, r) for t, r, released in after["checks"] if r == "blocking"} == {
        ("credit", "blocking"),
        ("price", "blocking"),
    }
    assert not any(released for _t, _r, released in after["checks"])
    activities = attack.admin.call(
        "mail.activity",
        "search_read",
        [("res_model", "=", "sale.order"), ("res_id", "=", order)],
        ["summary", "user_id"],
    )
    assert activities, "nobody was asked to release the hold"
    # a second click finds the hold on record: refused, nothing added
    counts = attack.counts()
    with pytest.raises(xmlrpc.client.Fault, match="on hold"):
        client.call("sale.order", "action_confirm", [order])
    assert attack.counts() == counts
    assert attack.order_state(order) == after


def test_hold_notification_key_is_refused_like_any_call(attack):
    """The context key the web client's button once sent (o2c_hold_notification)
    changes nothing: action_confirm() refuses the held order with an error."""
    order = attack.held_order()
    client = caller(attack, "salesperson", "call_kw")
    before = attack.order_state(order)
    counts = attack.counts()
    with pytest.raises(xmlrpc.client.Fault, match="hold"):
        client.call(
            "sale.order",
            "action_confirm",
            [order],
            context={"o2c_hold_notification": True},
        )
    assert attack.order_state(order) == before
    assert attack.counts() == counts


def test_release_after_change_is_reviewed_again(attack):
    """The review cannot be satisfied by what it compares with: released by
    the administrator, then the salesperson raises the quantity tenfold and
    confirms: reviewed again, refused, and the new hold kept on record (the
    release no longer counts)."""
    order = attack.held_order(qty=1, price_unit=50.0)
    attack.admin.call("sale.order", "action_o2c_release", [order], "Einmalig frei")
    assert attack.order_state(order)["o2c_stage"] != "hold"
    salesperson = attack.user("salesperson")
    salesperson.call(
        "sale.order",
        "write",
        [order],
        {"order_line": [(1, _line(attack, order), {"product_uom_qty": 100})]},
    )
    before = attack.order_state(order)
    with pytest.raises(xmlrpc.client.Fault, match="hold"):
        salesperson.call("sale.order", "action_confirm", [order])
    after = attack.order_state(order)
    assert after["state"] == before["state"] == "draft"
    assert after["picking_ids"] == [] and after["invoice_ids"] == []
    assert after["o2c_stage"] == "hold"
    assert ("credit", "blocking", False) in after["checks"]


@pytest.fixture
def auto_confirm_api(attack):
    """The company confirms clean orders of the API channel by itself (as
    set up for a shop); restored afterwards."""
    admin = attack.admin
    [company] = admin.call("res.users", "read", [admin.uid], ["company_id"])
    company = company["company_id"][0]
    old = admin.call(
        "res.company",
        "read",
        [company],
        ["o2c_auto_confirm", "o2c_auto_confirm_channel_ids"],
    )[0]
    channel = admin.call("o2c.sale.channel", "search", [("code", "=", "api")])
    admin.call(
        "res.company",
        "write",
        [company],
        {"o2c_auto_confirm": True, "o2c_auto_confirm_channel_ids": [(6, 0, channel)]},
    )
    yield
    admin.call(
        "res.company",
        "write",
        [company],
        {
            "o2c_auto_confirm": old["o2c_auto_confirm"],
            "o2c_auto_confirm_channel_ids": [
                (6, 0, old["o2c_auto_confirm_channel_ids"])
            ],
        },
    )


INTAKE_CONTEXTS = {
    "plain": {},
    "ctx_o2c_skip_review": {"o2c_skip_review": True},
    "ctx_all_keys": ALL_CONTEXT_KEYS,
}


@pytest.mark.parametrize("role", ["integration", "salesperson"])
@pytest.mark.parametrize("context", list(INTAKE_CONTEXTS))
def test_intake_auto_confirm_does_not_confirm_a_held_order(
    attack, auto_confirm_api, role, context
):
    """o2c_submit_order of a held customer on an auto-confirming channel:
    the order is created and held, not confirmed, whatever the context."""
    payload = {
        "channel": "api",
        "external_ref": f"ATTACK-{uuid.uuid4().hex}",
        "partner": attack.blocked_customer,
        "lines": [{"product": attack.product, "qty": 2}],
    }
    try:
        result = attack.user(role).call(
            "sale.order", "o2c_submit_order", payload, context=INTAKE_CONTEXTS[context]
        )
    except xmlrpc.client.Fault:
        # refused: nothing is left behind
        found = attack.admin.call(
            "sale.order", "search", [("o2c_external_ref", "=", payload["external_ref"])]
        )
        assert found == []
        return
    state = attack.order_state(result["id"])
    assert state["state"] == "draft", state
    assert state["o2c_stage"] == "hold", state
    assert state["picking_ids"] == []
    assert not any(released for _t, _r, released in state["checks"])
    log = attack.admin.call(
        "o2c.stage.log", "search_read", [("order_id", "=", result["id"])], ["stage"]
    )
    assert [row["stage"] for row in log][-1:] == ["hold"], log
