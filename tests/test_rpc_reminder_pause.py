# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pausing payment reminders over XML-RPC, as a collection or dunning
integration does it: account.move.action_o2c_pause_reminders(until, reason)."""

import xmlrpc.client
from datetime import date, timedelta

import pytest

FIELDS = [
    "o2c_reminder_paused_until",
    "o2c_reminder_pause_reason",
    "o2c_reminder_pause_note",
]


@pytest.fixture(scope="module")
def billing(odoo_server, admin):
    """An accounting integration account with invoicing rights only."""
    # no email address, as integration accounts often are: the pause's
    # chatter note is posted all the same
    return admin.create_user("Mahnwesen", ["account.group_account_invoice"])


def test_pause_and_resume(admin, billing):
    invoice = admin.create_overdue_invoice(admin.create_customer(), days=30)
    until = (date.today() + timedelta(days=10)).isoformat()
    assert (
        billing.call(
            "account.move",
            "action_o2c_pause_reminders",
            [invoice],
            until,
            "promise",
            note="Zahlung zugesagt",
        )
        is True
    )
    [read] = billing.call("account.move", "read", [invoice], FIELDS)
    assert read["o2c_reminder_paused_until"] == until
    assert read["o2c_reminder_pause_reason"] == "promise"
    assert read["o2c_reminder_pause_note"] == "Zahlung zugesagt"
    assert billing.call(
        "account.move",
        "search",
        [("id", "=", invoice), ("o2c_reminder_paused", "=", True)],
    ) == [invoice]
    assert (
        billing.call("account.move", "action_o2c_resume_reminders", [invoice]) is True
    )
    [read] = billing.call("account.move", "read", [invoice], FIELDS)
    assert not any(read[name] for name in FIELDS)


def test_pause_refused(admin, billing):
    invoice = admin.create_overdue_invoice(admin.create_customer(), days=30)
    past = (date.today() - timedelta(days=3)).isoformat()
    later = (date.today() + timedelta(days=10)).isoformat()
    cases = [
        ((past, "promise"), "until"),
        (("morgen", "promise"), "until"),
        ((later, "vacation"), "reason"),
    ]
    for args, field in cases:
        with pytest.raises(xmlrpc.client.Fault, match=field):
            billing.call("account.move", "action_o2c_pause_reminders", [invoice], *args)
    # control characters cannot travel in XML: over JSON-RPC
    with pytest.raises(xmlrpc.client.Fault, match="note"):
        billing.as_json().call(
            "account.move",
            "action_o2c_pause_reminders",
            [invoice],
            later,
            "dispute",
            "a\x07b",
        )
    with pytest.raises(xmlrpc.client.Fault, match="o2c_reminder_paused_until"):
        admin.call(
            "account.move", "write", [invoice], {"o2c_reminder_paused_until": later}
        )
    salesperson = admin.create_user("Verkauf", ["sales_team.group_sale_salesman"])
    with pytest.raises(xmlrpc.client.Fault, match="accounting staff"):
        salesperson.call(
            "account.move", "action_o2c_pause_reminders", [invoice], later, "promise"
        )
    [read] = admin.call("account.move", "read", [invoice], FIELDS)
    assert not any(read[name] for name in FIELDS)
