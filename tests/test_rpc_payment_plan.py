# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payment plans over XML-RPC, as a collection integration agrees them:
account.move.action_o2c_create_payment_plan(instalments, note) and
o2c.payment.plan.action_cancel()."""

import xmlrpc.client
from datetime import date, timedelta

import pytest


@pytest.fixture(scope="module")
def billing(odoo_server, admin):
    """An accounting integration account with invoicing rights only."""
    return admin.create_user("Ratenplan", ["account.group_account_invoice"])


def _instalments(total, count):
    share = round(total / count, 2)
    return [
        {
            "date": (date.today() + timedelta(days=30 * (index + 1))).isoformat(),
            "amount": share if index < count - 1 else round(total - share * index, 2),
        }
        for index in range(count)
    ]


def _assert_wrong_plans_refused(billing, salesperson, invoices, total):
    """A sum off by a cent is refused naming the difference; a salesperson
    may not agree a plan."""
    # a sum off by a cent is refused naming the difference
    wrong = _instalments(total, 3)
    wrong[-1]["amount"] = round(wrong[-1]["amount"] + 0.01, 2)
    with pytest.raises(xmlrpc.client.Fault, match="difference"):
        billing.call("account.move", "action_o2c_create_payment_plan", invoices, wrong)
    # a salesperson may not agree one
    with pytest.raises(xmlrpc.client.Fault, match="accounting staff"):
        salesperson.call(
            "account.move",
            "action_o2c_create_payment_plan",
            invoices,
            _instalments(total, 3),
        )


def _assert_plan_running(billing, plan_id, invoices, total, instalments):
    """The plan runs with its total, note and instalments; the invoices'
    reminders are paused by the agreement until the plan's pause date."""
    [plan] = billing.call(
        "o2c.payment.plan",
        "read",
        [plan_id],
        ["state", "amount_total", "pause_until", "line_ids", "note"],
    )
    assert plan["state"] == "running"
    assert plan["amount_total"] == pytest.approx(total)
    assert plan["note"] == "Telefonisch vereinbart"
    lines = billing.call(
        "o2c.payment.plan.line", "read", plan["line_ids"], ["date_due", "amount"]
    )
    assert [(line["date_due"], line["amount"]) for line in lines] == [
        (item["date"], pytest.approx(item["amount"])) for item in instalments
    ]
    moves = billing.call(
        "account.move",
        "read",
        invoices,
        ["o2c_reminder_paused_until", "o2c_reminder_pause_reason"],
    )
    assert {move["o2c_reminder_pause_reason"] for move in moves} == {"agreement"}
    assert {move["o2c_reminder_paused_until"] for move in moves} == {
        plan["pause_until"]
    }


def test_create_and_cancel(admin, billing):
    customer = admin.create_customer()
    invoices = [admin.create_overdue_invoice(customer, days=days) for days in (40, 20)]
    reads = billing.call("account.move", "read", invoices, ["amount_residual"])
    total = round(sum(read["amount_residual"] for read in reads), 2)
    salesperson = admin.create_user("Verkauf", ["sales_team.group_sale_salesman"])
    _assert_wrong_plans_refused(billing, salesperson, invoices, total)

    instalments = _instalments(total, 3)
    plan_id = billing.call(
        "account.move",
        "action_o2c_create_payment_plan",
        invoices,
        instalments,
        note="Telefonisch vereinbart",
    )
    assert isinstance(plan_id, int)
    _assert_plan_running(billing, plan_id, invoices, total, instalments)

    with pytest.raises(xmlrpc.client.Fault, match="accounting staff"):
        salesperson.call("o2c.payment.plan", "action_cancel", [plan_id])
    with pytest.raises(xmlrpc.client.Fault, match="state"):
        billing.call("o2c.payment.plan", "write", [plan_id], {"state": "done"})
    assert billing.call("o2c.payment.plan", "action_cancel", [plan_id]) is True
    [plan] = billing.call("o2c.payment.plan", "read", [plan_id], ["state"])
    assert plan["state"] == "cancelled"
    moves = billing.call(
        "account.move", "read", invoices, ["o2c_reminder_paused_until"]
    )
    assert not any(move["o2c_reminder_paused_until"] for move in moves)
