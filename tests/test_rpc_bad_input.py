# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Hostile input to the public methods over XML-RPC.

Each case sends what a broken or malicious integration would (wrong types,
missing fields, negative quantities, unknown references, strings of 10,000
characters, another company's records) and expects a Fault whose message
names the problem, with nothing written: the records of every model the
public methods create are counted before and after each case.
"""

import time
import uuid
import xmlrpc.client

import pytest

LONG = "x" * 10000
NAN = float("nan")
INF = float("inf")
COUNTED = (
    "sale.order",
    "sale.order.line",
    "res.partner",
    "o2c.order.check",
    "o2c.stage.log",
    "stock.picking",
    "account.move",
    "o2c.return",
    "o2c.return.line",
    "o2c.followup",
    "mail.activity",
)


def _counts(admin):
    return {
        model: admin.call(model, "search_count", [], context={"active_test": False})
        for model in COUNTED
    }


def _storable(admin, tag, qty, company=False):
    product = admin.call(
        "product.product",
        "create",
        [
            {
                "name": f"Bad-Input Artikel {tag}",
                "default_code": f"BAD-{tag}",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0,
                "company_id": company,
            }
        ],
    )[0]
    if qty:
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
                    "new_quantity": qty,
                }
            ],
        )
        admin.call("stock.change.product.qty", "change_product_qty", wizard)
    return product


def _orders_of(admin, user, partner, product):
    """A quotation; a confirmed order with its open delivery; a delivered
    order with its follow-up and a draft return of one unit."""

    def order(qty=2):
        return admin.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": partner,
                    "user_id": user.uid,
                    "order_line": [
                        (0, 0, {"product_id": product, "product_uom_qty": qty})
                    ],
                }
            ],
        )[0]

    quotation = order()
    open_order = order()
    admin.call("sale.order", "action_confirm", [open_order])
    [read] = admin.call("sale.order", "read", [open_order], ["picking_ids"])
    [open_picking] = read["picking_ids"]
    delivered = order()
    admin.call("sale.order", "action_confirm", [delivered])
    [read] = admin.call("sale.order", "read", [delivered], ["picking_ids"])
    [done_picking] = read["picking_ids"]
    moves = admin.call("stock.move", "search", [("picking_id", "=", done_picking)])
    admin.call("stock.move", "write", moves, {"quantity": 2, "picked": True})
    admin.call("stock.picking", "button_validate", [done_picking])
    [followup] = admin.call("o2c.followup", "search", [("order_id", "=", delivered)])
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
    return {
        "quotation": quotation,
        "open_picking": open_picking,
        "done_picking": done_picking,
        "followup": followup,
        "rma": rma,
        "rma_lines": admin.call("o2c.return.line", "search", [("return_id", "=", rma)]),
        "delivered": delivered,
    }


def _other_company(admin, tag):
    """Another company (the administrator's too), its customer, product and
    quotation."""
    other = admin.call("res.company", "create", [{"name": f"Fremdfirma {tag}"}])[0]
    admin.call("res.users", "write", [admin.uid], {"company_ids": [(4, other)]})
    other_partner = admin.call(
        "res.partner",
        "create",
        [{"name": f"Fremdkunde {tag}", "company_id": other}],
    )[0]
    other_product = _storable(admin, f"{tag}-X", 0, company=other)
    other_order = admin.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": other_partner,
                "company_id": other,
                "order_line": [
                    (0, 0, {"product_id": other_product, "product_uom_qty": 1})
                ],
            }
        ],
        context={"allowed_company_ids": [other]},
    )[0]
    return {
        "other_partner": other_partner,
        "other_product": other_product,
        "other_order": other_order,
    }


@pytest.fixture(scope="module")
def world(odoo_server, admin):
    """An integration user of the main company, a delivered order with its
    follow-up and a draft return, a quotation, an open delivery, and a
    customer, a product and a quotation of another company."""
    tag = uuid.uuid4().hex[:8]
    [main_company] = admin.call("res.users", "read", [admin.uid], ["company_id"])
    main_company = main_company["company_id"][0]
    user = admin.create_user(
        "Bad Input",
        [
            "sales_team.group_sale_salesman",
            "base.group_partner_manager",
            "order_to_cash.group_o2c_credit_manager",
            "stock.group_stock_user",
            "account.group_account_invoice",
        ],
        with_email=True,
        company_id=main_company,
        company_ids=[(6, 0, [main_company])],
    )
    partner = admin.call(
        "res.partner",
        "create",
        [{"name": f"Bad-Input Kunde {tag}", "email": f"bad-{tag}@example.com"}],
    )[0]
    product = _storable(admin, tag, 50)
    return {
        "user": user,
        "tag": tag,
        "partner": partner,
        "product": product,
        **_orders_of(admin, user, partner, product),
        # another company, its customer, product and quotation
        **_other_company(admin, tag),
    }


def _payload(world, **changes):
    payload = {
        "channel": "api",
        "external_ref": f"BAD-{uuid.uuid4().hex}",
        "partner": world["partner"],
        "lines": [{"product": world["product"], "qty": 1}],
    }
    payload.update(changes)
    return {key: value for key, value in payload.items() if value is not None}


def _line(world, **changes):
    return [dict({"product": world["product"], "qty": 1}, **changes)]


# (case id, callable(world) -> (model, method, args, kwargs), expected text)
CASES = [
    (
        "payload-not-a-dict",
        lambda w: ("sale.order", "o2c_submit_order", ["a string"], {}),
        "payload",
    ),
    (
        "payload-unknown-key",
        lambda w: ("sale.order", "o2c_submit_order", [_payload(w, rebate=99)], {}),
        "rebate",
    ),
    (
        "missing-external-ref",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, external_ref=False)],
            {},
        ),
        "external_ref",
    ),
    (
        "external-ref-10000-chars",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, external_ref=LONG)],
            {},
        ),
        "external_ref",
    ),
    (
        "channel-wrong-type",
        lambda w: ("sale.order", "o2c_submit_order", [_payload(w, channel=7)], {}),
        "channel",
    ),
    (
        "missing-partner",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, partner=False)],
            {},
        ),
        "partner",
    ),
    (
        "unknown-partner-id",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, partner=2**31 - 1)],
            {},
        ),
        "partner",
    ),
    (
        "partner-name-10000-chars",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, partner={"name": LONG})],
            {},
        ),
        "partner.name",
    ),
    (
        "partner-email-invalid",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, partner={"name": "Neu", "email": "kein-at-zeichen"})],
            {},
        ),
        "partner.email",
    ),
    (
        "another-companys-customer",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, partner=w["other_partner"])],
            {},
        ),
        "partner",
    ),
    (
        "missing-lines",
        lambda w: ("sale.order", "o2c_submit_order", [_payload(w, lines=[])], {}),
        "lines",
    ),
    (
        "negative-quantity",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, qty=-3))],
            {},
        ),
        "lines[0].qty",
    ),
    (
        "quantity-as-text",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, qty="3"))],
            {},
        ),
        "lines[0].qty",
    ),
    (
        "negative-price",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, price_unit=-1))],
            {},
        ),
        "lines[0].price_unit",
    ),
    (
        "unknown-product-code",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, product="GIBT-ES-NICHT"))],
            {},
        ),
        "lines[0].product",
    ),
    (
        "another-companys-product",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, product=w["other_product"]))],
            {},
        ),
        "lines[0].product",
    ),
    (
        "second-line-bad-after-good-first",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w) + [{"product": w["product"]}])],
            {},
        ),
        "lines[1].qty",
    ),
    (
        "note-10000-chars-plus-one",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, note=LONG + "!")],
            {},
        ),
        "note",
    ),
    (
        "commitment-date-garbage",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, commitment_date="nächsten Dienstag")],
            {},
        ),
        "commitment_date",
    ),
    (
        "release-without-reason",
        lambda w: ("sale.order", "action_o2c_release", [[w["quotation"]], "  "], {}),
        "reason",
    ),
    (
        "release-reason-wrong-type",
        lambda w: ("sale.order", "action_o2c_release", [[w["quotation"]], 42], {}),
        "reason",
    ),
    (
        "review-another-companys-order",
        lambda w: ("sale.order", "action_o2c_review", [[w["other_order"]]], {}),
        "sale.order",
    ),
    (
        "review-unknown-order",
        lambda w: ("sale.order", "action_o2c_review", [[2**31 - 1]], {}),
        "does not exist",
    ),
    (
        "control-fail-without-reason",
        lambda w: (
            "stock.picking",
            "action_o2c_control_fail",
            [[w["open_picking"]], False],
            {},
        ),
        "reason",
    ),
    (
        "control-pass-of-shipped-transfer",
        lambda w: (
            "stock.picking",
            "action_o2c_control_pass",
            [[w["done_picking"]]],
            {},
        ),
        "only open transfers",
    ),
    (
        "mark-delivered-impossible-date",
        lambda w: (
            "stock.picking",
            "action_o2c_mark_delivered",
            [[w["done_picking"]]],
            {"date": "2026-13-45"},
        ),
        "date",
    ),
    (
        "mark-delivered-before-shipping",
        lambda w: (
            "stock.picking",
            "action_o2c_mark_delivered",
            [[w["done_picking"]]],
            {"date": "2000-01-01"},
        ),
        "shipped on",
    ),
    (
        "mark-delivered-not-shipped",
        lambda w: (
            "stock.picking",
            "action_o2c_mark_delivered",
            [[w["open_picking"]]],
            {},
        ),
        "Only shipped deliveries",
    ),
    (
        "answer-rating-out-of-range",
        lambda w: (
            "o2c.followup",
            "action_record_answer",
            [[w["followup"]], 9, "gut", "api"],
            {},
        ),
        "Rating",
    ),
    (
        "answer-feedback-10001-chars",
        lambda w: (
            "o2c.followup",
            "action_record_answer",
            [[w["followup"]], 4, LONG + "!", "api"],
            {},
        ),
        "Feedback",
    ),
    (
        "answer-unknown-channel",
        lambda w: (
            "o2c.followup",
            "action_record_answer",
            [[w["followup"]], 4, "gut", "telepathy"],
            {},
        ),
        "Channel",
    ),
    (
        "return-negative-quantity",
        lambda w: (
            "o2c.return",
            "create",
            [
                {
                    "order_id": w["quotation"],
                    "line_ids": [(0, 0, {"product_id": w["product"], "qty": -1})],
                }
            ],
            {},
        ),
        "qty",
    ),
    (
        "return-more-than-delivered",
        lambda w: (
            "o2c.return",
            "create",
            [
                {
                    "order_id": w["quotation"],
                    "line_ids": [(0, 0, {"product_id": w["product"], "qty": 1})],
                }
            ],
            {},
        ),
        "only 0",
    ),
    # numbers that are no numbers, control characters, future dates, caps
    (
        "quantity-nan",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, qty=NAN))],
            {},
        ),
        "lines[0].qty: nan",
    ),
    (
        "quantity-infinite",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, qty=INF))],
            {},
        ),
        "lines[0].qty: inf",
    ),
    (
        "quantity-1e308",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, qty=1e308))],
            {},
        ),
        "lines[0].qty: 1e+308 is too large",
    ),
    (
        "quantity-below-rounding",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, qty=0.0001))],
            {},
        ),
        "below the unit's rounding",
    ),
    (
        "price-infinite",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w, price_unit=-INF))],
            {},
        ),
        "lines[0].price_unit",
    ),
    (
        "external-ref-control-character",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, external_ref="REF\x7f1")],
            {},
        ),
        "external_ref contains a control character",
    ),
    (
        "note-control-character",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, note="Bitte\x85liefern")],
            {},
        ),
        "note contains a control character",
    ),
    (
        "commitment-date-far-future",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, commitment_date="9999-12-31")],
            {},
        ),
        "commitment_date: 9999-12-31 is in the future",
    ),
    (
        "lines-above-the-cap",
        lambda w: (
            "sale.order",
            "o2c_submit_order",
            [_payload(w, lines=_line(w) * 501)],
            {},
        ),
        "at most 500",
    ),
    (
        "control-fail-reason-control-character",
        lambda w: (
            "stock.picking",
            "action_o2c_control_fail",
            [[w["open_picking"]], "Karton\x7f nass"],
            {},
        ),
        "reason contains a control character",
    ),
    (
        "control-fail-missing-nan",
        lambda w: (
            "stock.picking",
            "action_o2c_control_fail",
            [[w["open_picking"]], "fehlt"],
            {"missing": [{"product_id": w["product"], "qty": NAN}]},
        ),
        "missing[0].qty",
    ),
    (
        "control-fail-wizard-reason",
        lambda w: (
            "o2c.control.fail.wizard",
            "create",
            [{"picking_ids": [(6, 0, [w["open_picking"]])], "reason": "a\x9fb"}],
            {},
        ),
        "reason contains a control character",
    ),
    (
        "release-wizard-reason",
        lambda w: (
            "o2c.order.release",
            "create",
            [{"order_ids": [(6, 0, [w["quotation"]])], "reason": "ok\x7f"}],
            {},
        ),
        "reason contains a control character",
    ),
    (
        "mark-delivered-in-the-future",
        lambda w: (
            "stock.picking",
            "action_o2c_mark_delivered",
            [[w["done_picking"]]],
            {"date": "2999-01-01"},
        ),
        "date: 2999-01-01 is in the future",
    ),
    (
        "answer-rating-nan",
        lambda w: (
            "o2c.followup",
            "action_record_answer",
            [[w["followup"]], NAN, "gut", "api"],
            {},
        ),
        "Rating",
    ),
    (
        "answer-feedback-control-character",
        lambda w: (
            "o2c.followup",
            "action_record_answer",
            [[w["followup"]], 4, "gut\x85", "api"],
            {},
        ),
        "Feedback contains a control character",
    ),
    (
        "return-quantity-nan",
        lambda w: (
            "o2c.return",
            "create",
            [
                {
                    "order_id": w["quotation"],
                    "line_ids": [(0, 0, {"product_id": w["product"], "qty": NAN})],
                }
            ],
            {},
        ),
        "qty: nan",
    ),
    (
        "return-line-write-infinite",
        lambda w: (
            "o2c.return.line",
            "write",
            [w["rma_lines"], {"qty": INF}],
            {},
        ),
        "qty: inf",
    ),
    (
        "return-reason-control-character",
        lambda w: (
            "o2c.return.line",
            "write",
            [w["rma_lines"], {"reason": "rau\x7f"}],
            {},
        ),
        "reason contains a control character",
    ),
    (
        "return-description-control-character",
        lambda w: ("o2c.return", "write", [[w["rma"]], {"description": "x\x85"}], {}),
        "description contains a control character",
    ),
    (
        "portal-return-above-the-cap",
        lambda w: (
            "o2c.return",
            "portal_create_return",
            [w["delivered"], [{"product_id": w["product"], "qty": 1}] * 501],
            {},
        ),
        "at most 500",
    ),
    (
        "return-receive-before-confirm",
        lambda w: ("o2c.return", "action_receive", [[w["rma"]]], {}),
        "not waiting for goods",
    ),
    (
        "return-done-before-inspection",
        lambda w: ("o2c.return", "action_done", [[w["rma"]]], {}),
        "must be inspected",
    ),
]


@pytest.mark.parametrize(
    "build, expected",
    [pytest.param(build, expected, id=case_id) for case_id, build, expected in CASES],
)
def test_bad_input_is_a_fault_naming_the_problem(admin, world, build, expected):
    model, method, args, kwargs = build(world)
    before = _counts(admin)
    with pytest.raises(xmlrpc.client.Fault) as fault:
        world["user"].call(model, method, *args, **kwargs)
    message = fault.value.faultString
    assert expected.lower() in message.lower(), message
    # a clean business error, not a crash
    assert "Traceback" not in message, message
    assert _counts(admin) == before


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_nothing_changed_on_the_targets(admin, world):
    """After the hostile calls, the records they aimed at are unchanged."""
    [quotation] = admin.call(
        "sale.order", "read", [world["quotation"]], ["state", "o2c_stage"]
    )
    assert quotation["state"] == "draft"
    [picking] = admin.call(
        "stock.picking",
        "read",
        [world["open_picking"]],
        ["state", "o2c_control_state", "o2c_delivered_date"],
    )
    assert picking["o2c_control_state"] == "todo"
    assert picking["o2c_delivered_date"] is False
    [done] = admin.call(
        "stock.picking", "read", [world["done_picking"]], ["o2c_delivered_date"]
    )
    assert done["o2c_delivered_date"] is False
    [followup] = admin.call(
        "o2c.followup", "read", [world["followup"]], ["state", "rating"]
    )
    assert (followup["state"], followup["rating"]) == ("scheduled", 0)
    [rma] = admin.call("o2c.return", "read", [world["rma"]], ["state"])
    assert rma["state"] == "draft"


def test_duplicate_external_ref_returns_the_same_order(admin, world):
    """A retry with the same reference (even with other lines) creates
    nothing and answers the first order."""
    payload = _payload(world)
    first = world["user"].call("sale.order", "o2c_submit_order", payload)
    before = _counts(admin)
    again = world["user"].call(
        "sale.order",
        "o2c_submit_order",
        dict(payload, lines=_line(world, qty=99)),
    )
    assert again["id"] == first["id"]
    assert again["name"] == first["name"]
    assert _counts(admin) == before
    [order] = admin.call("sale.order", "read", [first["id"]], ["order_line"])
    assert len(order["order_line"]) == 1


def test_500_lines_finish_well_inside_the_request_time_limit(admin, world):
    """The largest payload accepted (500 lines) is created and reviewed in
    one call well inside Odoo's default limit_time_real (120 s)."""
    lines = [
        {"product": world["product"], "qty": 1 + index % 3, "price_unit": 10.0}
        for index in range(500)
    ]
    payload = _payload(world, lines=lines)
    start = time.perf_counter()
    result = world["user"].call("sale.order", "o2c_submit_order", payload)
    elapsed = time.perf_counter() - start
    print(f"\no2c_submit_order with 500 lines over XML-RPC: {elapsed:.2f} s")
    [order] = admin.call("sale.order", "read", [result["id"]], ["order_line"])
    assert len(order["order_line"]) == 500
    assert elapsed < 60, f"500 lines took {elapsed:.1f} s"
