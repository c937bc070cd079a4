# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks over plain HTTP, as a browser sends them (issue 15, rules 2 and
5): the portal signature of a held quotation (``/my/orders/<id>/accept``),
its payment route (a completed payment needs a payment provider module;
none is installed with the addons), the portal return form of o2c_returns
(``/my/orders/<id>/return``) and the public rating page of o2c_aftersales
(``/aftersales/followup/<id>``). Each attempt is answered
with a clear message or status, and nothing is recorded.
"""

import re
import uuid
import xmlrpc.client

import pytest

# a 1x1 PNG, as the signature widget sends it
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)
HELD_MESSAGE = "being reviewed"


def _token(attack, model, res_id):
    attack.admin.call(model, "read", [res_id], ["access_url"])
    [read] = attack.admin.call(model, "read", [res_id], ["access_token"])
    if not read["access_token"]:
        # core's portal mixin creates the token on first share; a write of
        # the token by the administrator stands for the link in the e-mail
        token = str(uuid.uuid4())
        attack.admin.call(model, "write", [res_id], {"access_token": token})
        return token
    return read["access_token"]


def _session(attack, who):
    if who == "public":
        return attack.server.web_session()
    user = attack.user(who)
    return attack.server.web_session(user.login, user.password)


def _sign(session, order, token, name="Kunde"):
    return session.json(
        f"/my/orders/{order}/accept",
        {"access_token": token, "name": name, "signature": SIGNATURE},
    )


def _order_and_messages(attack, order):
    state = attack.order_state(order)
    state["messages"] = attack.messages("sale.order", order)
    return state


@pytest.mark.parametrize(
    ("who", "token_kind"),
    [
        ("portal", "valid"),
        ("public", "valid"),
        ("public", "wrong"),
        ("salesperson_b", "valid"),
    ],
)
def test_portal_signature_of_a_held_quotation_is_not_recorded(attack, who, token_kind):
    order = attack.held_order()
    token = _token(attack, "sale.order", order)
    if token_kind == "wrong":
        token = str(uuid.uuid4())
    before = _order_and_messages(attack, order)
    counts = attack.counts()
    result = _sign(_session(attack, who), order, token)
    assert "error" in result, result
    if token_kind == "valid" and who != "salesperson_b":
        assert HELD_MESSAGE in result["error"], result
    after = _order_and_messages(attack, order)
    assert after == before
    assert not after["signed"]
    assert attack.counts() == counts


def test_portal_signature_of_a_quotation_held_since_it_was_sent(attack):
    """Reviewed clean and sent; then the customer's invoice falls overdue.
    The signature reviews again: not recorded, a clear message."""
    customer = attack.admin.create_customer()
    order = attack.admin.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": customer,
                "user_id": attack.user("salesperson").uid,
                "order_line": [
                    (0, 0, {"product_id": attack.product, "product_uom_qty": 1})
                ],
            }
        ],
    )[0]
    attack.admin.call("sale.order", "action_o2c_review", [order])
    assert attack.order_state(order)["o2c_stage"] != "hold"
    attack.admin.create_overdue_invoice(customer)
    token = _token(attack, "sale.order", order)
    before = attack.order_state(order)
    result = _sign(attack.server.web_session(), order, token)
    assert HELD_MESSAGE in result.get("error", ""), result
    after = attack.order_state(order)
    assert not after["signed"]
    assert after["state"] == before["state"]
    assert after["picking_ids"] == []


def test_portal_payment_route_of_a_held_quotation(attack):
    """The payment route of a held quotation: no transaction, no
    confirmation."""
    order = attack.held_order()
    token = _token(attack, "sale.order", order)
    provider = attack.admin.call("payment.provider", "search", [], limit=1)
    method = attack.admin.call("payment.method", "search", [], limit=1)
    before = _order_and_messages(attack, order)
    counts = attack.counts()
    session = _session(attack, "portal")
    try:
        result = session.json(
            f"/my/orders/{order}/transaction",
            {
                "access_token": token,
                "provider_id": provider[0] if provider else 0,
                "payment_method_id": method[0] if method else 0,
                "token_id": None,
                "amount": 1.0,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": f"/my/orders/{order}",
            },
        )
    except xmlrpc.client.Fault:
        result = None
    after = _order_and_messages(attack, order)
    assert after["state"] == before["state"] and after["picking_ids"] == []
    assert attack.counts() == counts, result


# --- the portal return form ---------------------------------------------------


@pytest.fixture(scope="module")
def portal_delivery(attack):
    """An order of the portal customer, delivered (5 units)."""
    admin = attack.admin
    order = admin.call(
        "sale.order",
        "create",
        [
            {
                "partner_id": attack.blocked_customer,
                "order_line": [
                    (0, 0, {"product_id": attack.product, "product_uom_qty": 5})
                ],
            }
        ],
    )[0]
    admin.call("sale.order", "action_confirm", [order])
    [read] = admin.call("sale.order", "read", [order], ["picking_ids", "state"])
    assert read["state"] == "sale"
    moves = admin.call(
        "stock.move", "search", [("picking_id", "in", read["picking_ids"])]
    )
    admin.call("stock.move", "write", moves, {"quantity": 5, "picked": True})
    admin.call("stock.picking", "button_validate", read["picking_ids"])
    other, _picking = attack.delivered_order(owner="salesperson_b")
    return {"order": order, "other": other}


def _csrf(html):
    found = re.search(r'name="csrf_token"\s+value="([^"]+)"', html)
    return found and found.group(1)


RETURN_FORMS = {
    "qty_nan": {"qty": "nan"},
    "qty_inf": {"qty": "inf"},
    "qty_1e308": {"qty": "1e308"},
    "qty_below_rounding": {"qty": "0.0000001"},
    "qty_more_than_delivered": {"qty": "6"},
    "qty_negative": {"qty": "-2"},
    "description_nul": {"qty": "1", "description": "kaputt\x00"},
    "reason_of_another_company": {"qty": "1", "reason_id": "999999"},
    "no_csrf": {"qty": "1", "csrf": False},
    "other_customers_order": {"qty": "1", "order": "other"},
}


@pytest.mark.parametrize("name", list(RETURN_FORMS))
def test_portal_return_form_refuses(attack, portal_delivery, name):
    spec = RETURN_FORMS[name]
    order = portal_delivery[spec.get("order", "order")]
    session = _session(attack, "portal")
    status, html, _url = session.http(f"/my/orders/{portal_delivery['order']}/return")
    assert status == 200, html[:500]
    form = {f"qty_{attack.product}": spec["qty"]}
    if spec.get("csrf", True):
        form["csrf_token"] = _csrf(html)
    for key in ("description", "reason_id"):
        if key in spec:
            form[key] = spec[key]
    counts = attack.counts()
    status, html, url = session.http(f"/my/orders/{order}/return", form)
    assert "/my/returns/" not in url, url
    assert status in (200, 303, 400, 403), status
    assert "Traceback" not in html
    assert attack.counts() == counts


def test_portal_return_form_escapes_html(attack, portal_delivery):
    session = _session(attack, "portal")
    order = portal_delivery["order"]
    _status, html, _url = session.http(f"/my/orders/{order}/return")
    form = {
        f"qty_{attack.product}": "1",
        "csrf_token": _csrf(html),
        "description": '<script>alert("rma")</script>',
    }
    status, html, url = session.http(f"/my/orders/{order}/return", form)
    assert status == 200 and "/my/returns/" in url, url
    assert '<script>alert("rma")</script>' not in html
    rma = int(re.search(r"/my/returns/(\d+)", url).group(1))
    attack.admin.call("o2c.return", "action_cancel", [rma])


# --- the rating page ---------------------------------------------------------------


@pytest.fixture
def sent_followup(attack):
    order, _picking = attack.delivered_order()
    [followup] = attack.admin.call("o2c.followup", "search", [("order_id", "=", order)])
    attack.admin.call("o2c.followup", "action_send", [followup])
    [read] = attack.admin.call("o2c.followup", "read", [followup], ["access_token"])
    return followup, read["access_token"]


def _followup_state(attack, followup):
    read = attack.read(
        "o2c.followup",
        followup,
        ["state", "rating", "feedback", "channel", "date_answered"],
    )
    read["messages"] = attack.messages("o2c.followup", followup)
    return read


RATING_ATTEMPTS = {
    "wrong_token": ({"rating": "1", "feedback": "x"}, "wrong", (404,)),
    "no_token": ({"rating": "1", "feedback": "x"}, "none", (404,)),
    "rating_0": ({"rating": "0", "feedback": "x"}, "valid", (400,)),
    "rating_6": ({"rating": "6", "feedback": "x"}, "valid", (400,)),
    "rating_nan": ({"rating": "nan", "feedback": "x"}, "valid", (400,)),
    "rating_1e308": ({"rating": "1e308", "feedback": "x"}, "valid", (400,)),
    "rating_negative": ({"rating": "-1", "feedback": "x"}, "valid", (400,)),
    "feedback_nul": ({"rating": "4", "feedback": "gut\x00"}, "valid", (400,)),
    "no_csrf": ({"rating": "4", "feedback": "x", "csrf": False}, "valid", (400, 403)),
    "token_of_another_followup": ({"rating": "1", "feedback": "x"}, "other", (404,)),
}


@pytest.mark.parametrize("name", list(RATING_ATTEMPTS))
def test_rating_page_refuses(attack, sent_followup, name):
    followup, token = sent_followup
    form, token_kind, statuses = RATING_ATTEMPTS[name]
    session = attack.server.web_session()
    status, html, _url = session.http(
        f"/aftersales/followup/{followup}?access_token={token}&rating=4"
    )
    assert status == 200
    csrf = _csrf(html)
    if token_kind == "other":
        order, _picking = attack.delivered_order()
        [other] = attack.admin.call(
            "o2c.followup", "search", [("order_id", "=", order)]
        )
        attack.admin.call("o2c.followup", "action_send", [other])
        token = attack.read("o2c.followup", other, ["access_token"])["access_token"]
    before = _followup_state(attack, followup)
    data = dict(form)
    if data.pop("csrf", True):
        data["csrf_token"] = csrf
    if token_kind in ("valid", "other"):
        data["access_token"] = token
    elif token_kind == "wrong":
        data["access_token"] = str(uuid.uuid4())
    status, html, _url = session.http(f"/aftersales/followup/{followup}/submit", data)
    assert status in statuses, (status, html[:300])
    assert "Traceback" not in html
    assert _followup_state(attack, followup) == before


def test_rating_page_get_records_nothing(attack, sent_followup):
    """Opening the link with a rating in it (as mail scanners do) does not
    answer the follow-up."""
    followup, token = sent_followup
    before = _followup_state(attack, followup)
    status, _html, _url = attack.server.web_session().http(
        f"/aftersales/followup/{followup}?access_token={token}&rating=1"
    )
    assert status == 200
    assert _followup_state(attack, followup) == before


def test_rating_page_is_used_up_and_escapes_html(attack, sent_followup):
    followup, token = sent_followup
    session = attack.server.web_session()
    _status, html, _url = session.http(
        f"/aftersales/followup/{followup}?access_token={token}&rating=2"
    )
    feedback = '<script>alert("rating")</script>'
    form = {
        "csrf_token": _csrf(html),
        "access_token": token,
        "rating": "2",
        "feedback": feedback,
    }
    status, html, _url = session.http(f"/aftersales/followup/{followup}/submit", form)
    assert status == 200
    assert feedback not in html
    bodies = [
        m["body"]
        for m in attack.admin.call(
            "mail.message",
            "search_read",
            [("model", "=", "o2c.followup"), ("res_id", "=", followup)],
            ["body"],
        )
    ]
    assert not any("<script" in body for body in bodies), bodies
    answered = _followup_state(attack, followup)
    status, _html, _url = session.http(
        f"/aftersales/followup/{followup}/submit", dict(form, rating="5")
    )
    assert status == 403
    assert _followup_state(attack, followup) == answered
