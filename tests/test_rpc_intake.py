# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Order intake over XML-RPC, as a shop integration does it."""

import uuid
import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def shop(odoo_server, admin):
    """An integration account with only the rights intake needs."""
    tag = uuid.uuid4().hex[:8]
    user = admin.create_user(
        "Webshop",
        ["sales_team.group_sale_salesman", "base.group_partner_manager"],
    )
    return user, tag


def test_submit_order_over_rpc_is_idempotent(admin, shop):
    user, tag = shop
    code = f"RPC-{tag}"
    admin.call(
        "product.product",
        "create",
        [{"name": f"Artikel {tag}", "default_code": code, "list_price": 25.0}],
    )
    payload = {
        "channel": "shop",
        "external_ref": f"WEB-{tag}",
        "partner": {
            "name": f"RPC Kundin {tag}",
            "email": f"kundin-{tag}@example.com",
            "street": "Allee 1",
            "city": "Berlin",
            "zip": "10115",
            "country_code": "DE",
        },
        "lines": [{"product": code, "qty": 3}],
        "commitment_date": "2030-04-01",
        "note": "Lieferung bitte vormittags",
    }
    result = user.call("sale.order", "o2c_submit_order", payload)
    assert set(result) >= {"id", "name", "o2c_stage", "checks", "state"}
    assert result["state"] == "draft"
    assert result["o2c_stage"] in ("intake", "review")
    assert {check["check_type"] for check in result["checks"]} == {
        "credit",
        "availability",
        "price",
        "terms",
    }
    [order] = admin.call(
        "sale.order",
        "read",
        [result["id"]],
        fields=["o2c_channel", "o2c_external_ref", "partner_id", "amount_untaxed"],
    )
    assert order["o2c_channel"] == "shop"
    assert order["o2c_external_ref"] == f"WEB-{tag}"
    assert order["partner_id"][1] == f"RPC Kundin {tag}"
    assert order["amount_untaxed"] == 75.0
    # the shop sends the same order again (a retry after a timeout)
    again = user.call("sale.order", "o2c_submit_order", payload)
    assert again["id"] == result["id"]
    assert (
        admin.call(
            "sale.order", "search_count", [("o2c_external_ref", "=", f"WEB-{tag}")]
        )
        == 1
    )
    assert (
        admin.call(
            "res.partner", "search_count", [("email", "=", f"kundin-{tag}@example.com")]
        )
        == 1
    )


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"lines": [{"product": "GIBT-ES-NICHT", "qty": 1}]}, "lines[0].product"),
        ({"lines": [{"product": "{code}", "qty": -1}]}, "lines[0].qty"),
        ({"lines": "{code}"}, "lines"),
        ({"channel": "fax"}, "channel"),
    ],
)
def test_bad_payload_is_a_fault_naming_the_field(admin, shop, bad, field):
    user, tag = shop
    code = f"RPC-BAD-{tag}"
    if not admin.call("product.product", "search", [("default_code", "=", code)]):
        admin.call(
            "product.product",
            "create",
            [{"name": f"Artikel {tag}", "default_code": code, "list_price": 5.0}],
        )
    ref = f"BAD-{uuid.uuid4().hex[:8]}"
    email = f"bad-{ref}@example.com"
    payload = {
        "channel": "shop",
        "external_ref": ref,
        "partner": {"name": f"Fehlerkunde {ref}", "email": email},
        "lines": [{"product": code, "qty": 1}],
    }
    for key, value in bad.items():
        if isinstance(value, str):
            value = value.format(code=code)
        elif isinstance(value, list):
            value = [
                {
                    k: (v.format(code=code) if isinstance(v, str) else v)
                    for k, v in line.items()
                }
                for line in value
            ]
        payload[key] = value
    with pytest.raises(xmlrpc.client.Fault) as fault:
        user.call("sale.order", "o2c_submit_order", payload)
    assert field in fault.value.faultString
    assert (
        admin.call("sale.order", "search_count", [("o2c_external_ref", "=", ref)]) == 0
    )
    assert admin.call("res.partner", "search_count", [("email", "=", email)]) == 0


def test_account_without_email_puts_an_order_on_hold(admin, shop):
    """The shop account has no e-mail address: the order the review holds
    is created all the same, and the hold notice, posted in the company's
    name, reaches the credit managers."""
    user, tag = shop
    [me] = user.call("res.users", "read", [user.uid], fields=["email"])
    assert me["email"] is False
    manager = admin.create_user(
        "Kreditmanagerin",
        ["order_to_cash.group_o2c_credit_manager"],
        with_email=True,
    )
    [manager] = admin.call("res.users", "read", [manager.uid], ["partner_id"])
    customer = admin.create_customer()
    admin.create_overdue_invoice(customer)
    product = admin.create_product(qty_in_stock=5)
    result = user.call(
        "sale.order",
        "o2c_submit_order",
        {
            "channel": "shop",
            "external_ref": f"HOLD-{tag}",
            "partner": customer,
            "lines": [{"product": product, "qty": 1}],
        },
    )
    assert result["o2c_stage"] == "hold"
    assert user.call("sale.order", "action_o2c_review", [result["id"]]) is True
    [notice] = admin.call(
        "mail.message",
        "search_read",
        [
            ("model", "=", "sale.order"),
            ("res_id", "=", result["id"]),
            ("body", "ilike", "On hold"),
        ],
        fields=["author_id", "partner_ids"],
    )
    [company] = admin.call("res.users", "read", [user.uid], ["company_id"])
    [company] = admin.call(
        "res.company", "read", [company["company_id"][0]], ["partner_id"]
    )
    assert notice["author_id"][0] == company["partner_id"][0]
    assert manager["partner_id"][0] in notice["partner_ids"]
    assert admin.call(
        "mail.activity",
        "search_count",
        [
            ("res_model", "=", "sale.order"),
            ("res_id", "=", result["id"]),
            (
                "activity_type_id",
                "=",
                admin.ref("order_to_cash.mail_activity_o2c_release"),
            ),
        ],
    )
