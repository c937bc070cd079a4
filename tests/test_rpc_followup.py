# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After-sales follow-ups over XML-RPC and the public rating page, against a
running server: an order delivered through RPC gets its follow-up when the
request commits, answers are validated like any hostile input, and the
customer's link works once, without login."""

import re
import urllib.error
import urllib.parse
import urllib.request
import xmlrpc.client
from http.cookiejar import CookieJar

import pytest

import odoo
from odoo import SUPERUSER_ID, api


def _delivered_order(admin):
    product = admin.create_product(is_storable=False, list_price=25.0)
    order, pickings = admin.create_confirmed_order(admin.create_customer(), product, 2)
    moves = admin.call(
        "stock.move",
        "search_read",
        [("picking_id", "in", pickings)],
        fields=["product_uom_qty"],
    )
    for move in moves:
        admin.call(
            "stock.move",
            "write",
            [move["id"]],
            {"quantity": move["product_uom_qty"], "picked": True},
        )
    admin.call("stock.picking", "button_validate", pickings)
    return order


def _followup(admin, order):
    return admin.call(
        "o2c.followup",
        "search_read",
        [("order_id", "=", order)],
        fields=["state", "rating", "feedback", "channel", "date_due", "access_url"],
    )


def test_delivery_over_rpc_schedules_one_followup(admin):
    order = _delivered_order(admin)
    followups = _followup(admin, order)
    assert len(followups) == 1
    assert followups[0]["state"] == "scheduled"
    assert isinstance(followups[0]["date_due"], str)
    # delivering again (nothing left) or re-reading creates nothing more
    [read] = admin.call("sale.order", "read", [order], fields=["o2c_stage"])
    assert read["o2c_stage"] == "invoicing"
    assert len(_followup(admin, order)) == 1


def test_record_answer_over_rpc_refuses_bad_input(admin):
    order = _delivered_order(admin)
    [followup] = _followup(admin, order)
    ids = [followup["id"]]
    bad = [
        ((6, "x", "api"), "Rating"),
        (("5", "x", "api"), "Rating"),
        ((4, 12, "api"), "Feedback"),
        ((4, "x", "carrier pigeon"), "Channel"),
        ((0, "", "api"), "rating from 1 to 5 or a feedback"),
    ]
    for args, message in bad:
        with pytest.raises(xmlrpc.client.Fault, match=message):
            admin.call("o2c.followup", "action_record_answer", ids, *args)
    [unchanged] = _followup(admin, order)
    assert unchanged["state"] == "scheduled"
    assert unchanged["rating"] == 0
    result = admin.call(
        "o2c.followup", "action_record_answer", ids, 2, "Verpackung kaputt", "api"
    )
    assert result is True
    [answered] = _followup(admin, order)
    assert answered["state"] == "escalated"
    assert (answered["rating"], answered["channel"]) == (2, "api")
    [flag] = admin.call(
        "sale.order", "read", [order], fields=["o2c_followup_escalated"]
    )
    assert flag["o2c_followup_escalated"] is True
    with pytest.raises(xmlrpc.client.Fault, match="already"):
        admin.call("o2c.followup", "action_record_answer", ids, 5, False, "api")


def test_rating_page_answers_once_without_login(admin, odoo_server):
    order = _delivered_order(admin)
    [followup] = _followup(admin, order)
    admin.call("o2c.followup", "action_send", [followup["id"]])
    [token] = admin.call(
        "o2c.followup", "read", [followup["id"]], fields=["access_token"]
    )
    token = token["access_token"]
    url = f"{odoo_server.url}/aftersales/followup/{followup['id']}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar())
    )

    def get(query):
        try:
            with opener.open(f"{url}?{query}", timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(data):
        body = urllib.parse.urlencode(data).encode()
        try:
            with opener.open(f"{url}/submit", data=body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    status, _html = get("access_token=not-the-token&rating=1")
    assert status == 404
    status, html = get(urllib.parse.urlencode({"access_token": token, "rating": 4}))
    assert status == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    form = {"csrf_token": csrf, "access_token": token, "rating": "4", "feedback": "Gut"}
    status, html = post(form)
    assert status == 200
    [answered] = _followup(admin, order)
    assert (answered["state"], answered["rating"], answered["channel"]) == (
        "done",
        4,
        "web",
    )
    # the link is used up
    status, _html = post(dict(form, rating="1"))
    assert status == 403
    [unchanged] = _followup(admin, order)
    assert unchanged["rating"] == 4


def test_two_workers_never_send_the_same_followup(admin, odoo_server):
    """A follow-up locked by one worker is skipped by another (SKIP LOCKED),
    and sent once when the first worker lets it go."""
    order = _delivered_order(admin)
    [followup] = _followup(admin, order)
    admin.call("o2c.followup", "write", [followup["id"]], {"date_due": "2000-01-01"})
    registry = odoo.modules.registry.Registry(odoo_server.db)

    def run_cron():
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["o2c.followup"]._cron_process_followups()

    def mails():
        return admin.call(
            "mail.mail",
            "search_count",
            [("model", "=", "o2c.followup"), ("res_id", "=", followup["id"])],
        )

    with registry.cursor() as worker_1:
        worker_1.execute(
            "SELECT id FROM o2c_followup WHERE id = %s FOR UPDATE", [followup["id"]]
        )
        run_cron()  # a second worker, while the first holds the row
        assert _followup(admin, order)[0]["state"] == "scheduled"
        assert mails() == 0
        worker_1.rollback()
    run_cron()
    run_cron()
    assert _followup(admin, order)[0]["state"] == "sent"
    assert mails() == 1
