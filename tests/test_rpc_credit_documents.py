# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Over XML-RPC: the credit looked at again before shipping (issue 17.6), a
partial shipment moving the promise (17.1), documents by post (17.5)."""

import xmlrpc.client

import pytest


def _ready(admin, picking, qty):
    [read] = admin.call("stock.picking", "read", [picking], ["move_ids"])
    admin.call(
        "stock.move", "write", read["move_ids"], {"quantity": qty, "picked": True}
    )


def test_delivery_held_for_credit_until_a_credit_manager_releases_it(admin, attack):
    customer = admin.create_customer()
    product = admin.create_product(qty_in_stock=2)
    _order, [picking] = admin.create_confirmed_order(customer, product, 2)
    # after the confirmation an old invoice of the customer falls overdue
    admin.create_overdue_invoice(customer, days=90)
    warehouse = attack.user("warehouse")
    _ready(admin, picking, 2)
    with pytest.raises(xmlrpc.client.Fault, match="held for the customer's credit"):
        warehouse.call("stock.picking", "button_validate", [picking])
    [read] = admin.call(
        "stock.picking", "read", [picking], ["state", "o2c_credit_hold"]
    )
    assert read["state"] != "done"
    assert read["o2c_credit_hold"]
    # the attack: the warehouse releases itself, or writes the release
    with pytest.raises(xmlrpc.client.Fault, match="credit managers"):
        warehouse.call(
            "stock.picking", "action_o2c_release_credit", [picking], "bezahlt"
        )
    with pytest.raises(xmlrpc.client.Fault, match="o2c_credit_release_date"):
        warehouse.call(
            "stock.picking",
            "write",
            [picking],
            {"o2c_credit_release_date": "2026-01-01 00:00:00"},
            context={"o2c_protected_write": True},
        )
    assert (
        admin.call(
            "stock.picking",
            "action_o2c_release_credit",
            [picking],
            "Zahlung heute per Überweisung eingegangen",
        )
        is True
    )
    assert warehouse.call("stock.picking", "button_validate", [picking]) is True
    [read] = admin.call(
        "stock.picking", "read", [picking], ["state", "o2c_credit_release_reason"]
    )
    assert read["state"] == "done"
    assert "Überweisung" in read["o2c_credit_release_reason"]


def test_documents_by_post_are_queued_for_printing(admin):
    customer = admin.create_customer(o2c_document_channel="post")
    product = admin.create_product(qty_in_stock=2)
    order, _pickings = admin.create_confirmed_order(customer, product, 2)
    # the mail queue's scheduled action (the server's cron worker)
    cron = admin.ref("order_to_cash.ir_cron_o2c_mail_queue")
    admin.call("ir.cron", "method_direct_trigger", [cron])
    jobs = admin.call(
        "o2c.print.job",
        "search_read",
        [("res_model", "=", "sale.order"), ("res_id", "=", order)],
        ["state", "partner_id", "attachment_id"],
    )
    assert len(jobs) == 1
    assert jobs[0]["state"] == "to_print"
    assert jobs[0]["partner_id"][0] == customer
    [attachment] = admin.call(
        "ir.attachment",
        "read",
        [jobs[0]["attachment_id"][0]],
        ["mimetype", "datas"],
    )
    assert attachment["mimetype"] == "application/pdf"
    assert admin.attachment_bytes(attachment).startswith(b"%PDF")
    with pytest.raises(xmlrpc.client.Fault, match="state"):
        admin.call("o2c.print.job", "write", [jobs[0]["id"]], {"state": "printed"})
    assert admin.call("o2c.print.job", "action_o2c_mark_printed", [jobs[0]["id"]])
    [job] = admin.call("o2c.print.job", "read", [jobs[0]["id"]], ["state"])
    assert job["state"] == "printed"


def test_confirmation_mail_carries_the_order_pdf(admin):
    customer = admin.create_customer()
    product = admin.create_product(qty_in_stock=2)
    order, _pickings = admin.create_confirmed_order(customer, product, 2)
    cron = admin.ref("order_to_cash.ir_cron_o2c_mail_queue")
    admin.call("ir.cron", "method_direct_trigger", [cron])
    messages = admin.call(
        "mail.message",
        "search_read",
        [
            ("model", "=", "sale.order"),
            ("res_id", "=", order),
            ("subject", "ilike", "Order Confirmation"),
        ],
        ["attachment_ids"],
    )
    assert len(messages) == 1
    [pdf] = admin.call(
        "ir.attachment", "read", messages[0]["attachment_ids"], ["mimetype", "datas"]
    )
    assert pdf["mimetype"] == "application/pdf"
    assert admin.attachment_bytes(pdf).startswith(b"%PDF")
