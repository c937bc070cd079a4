# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Running the payment reminders of one customer over XML-RPC, as a
collection integration does it: res.partner.action_o2c_send_reminders()
returns the ids of the letters sent (one per customer)."""

import xmlrpc.client
from datetime import date, timedelta

import pytest

LETTER_FIELDS = ["partner_id", "level_id", "line_ids", "amount_total"]


@pytest.fixture(scope="module")
def billing(odoo_server, admin):
    """An accounting integration account with invoicing rights only."""
    return admin.create_user("Mahnlauf", ["account.group_account_invoice"])


@pytest.fixture(scope="module")
def seller(odoo_server, admin):
    return admin.create_user("Mahnverkauf", ["sales_team.group_sale_salesman"])


def test_send_reminders_of_one_customer(admin, billing, seller):
    customer = admin.create_customer(is_company=True)
    invoices = [admin.create_overdue_invoice(customer, days=days) for days in (10, 25)]
    paused = admin.create_overdue_invoice(customer, days=60)
    until = (date.today() + timedelta(days=30)).isoformat()
    billing.call(
        "account.move", "action_o2c_pause_reminders", [paused], until, "dispute"
    )

    # a salesman may not run them
    with pytest.raises(xmlrpc.client.Fault, match="accounting staff"):
        seller.call("res.partner", "action_o2c_send_reminders", [customer])

    letter_ids = billing.call("res.partner", "action_o2c_send_reminders", [customer])
    assert isinstance(letter_ids, list) and len(letter_ids) == 1
    [letter] = billing.call("o2c.reminder.letter", "read", letter_ids, LETTER_FIELDS)
    assert letter["partner_id"][0] == customer
    assert len(letter["line_ids"]) == 2
    lines = billing.call(
        "o2c.reminder.letter.line",
        "read",
        letter["line_ids"],
        ["move_id", "flat_fee_amount", "interest_amount"],
    )
    assert sorted(line["move_id"][0] for line in lines) == sorted(invoices)
    # a business customer: the flat fee per invoice
    assert all(line["flat_fee_amount"] > 0 for line in lines)
    assert letter["amount_total"] > 20
    # the letter's PDF (rendered by wkhtmltopdf on the server) is attached
    pdfs = admin.call(
        "ir.attachment",
        "search_read",
        [("res_model", "=", "o2c.reminder.letter"), ("res_id", "=", letter["id"])],
        ["mimetype", "datas"],
    )
    assert [pdf["mimetype"] for pdf in pdfs] == ["application/pdf"]
    assert admin.attachment_bytes(pdfs[0]).startswith(b"%PDF")
    # the same day again: nothing more is sent
    assert billing.call("res.partner", "action_o2c_send_reminders", [customer]) == []
    # the salesman cannot read the letters
    with pytest.raises(xmlrpc.client.Fault, match="o2c.reminder.letter"):
        seller.call("o2c.reminder.letter", "read", letter_ids, ["amount_total"])
    # the letters are the run's: not written by hand
    with pytest.raises(xmlrpc.client.Fault):
        billing.call("o2c.reminder.letter", "write", letter_ids, {"fee_amount": 0})


def test_send_reminders_bad_input(billing):
    with pytest.raises(xmlrpc.client.Fault, match="customers"):
        billing.call("res.partner", "action_o2c_send_reminders", [])
    with pytest.raises(xmlrpc.client.Fault):
        billing.call("res.partner", "action_o2c_send_reminders", [2**31 - 1])
