# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Invoicing over XML-RPC, as an integration does it: Odoo's invoicing
wizard answers with a window action XML-RPC cannot carry, so integrations
call sale.order.action_o2c_create_invoices."""

import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def billing(odoo_server, admin):
    """An accounting integration account with invoicing rights only."""
    return admin.create_user("Fakturierung", ["account.group_account_invoice"])


def _ship(admin, picking):
    moves = admin.call("stock.move", "search", [("picking_id", "=", picking)])
    admin.call("stock.move", "write", moves, {"quantity": 5, "picked": True})
    assert admin.call("stock.picking", "button_validate", [picking]) is True


def test_create_invoices_of_what_is_delivered(admin, billing):
    customer = admin.create_customer()
    product = admin.create_product(qty_in_stock=5, invoice_policy="delivery")
    order, [picking] = admin.create_confirmed_order(customer, product, 5)
    # nothing delivered yet: nothing to invoice
    assert billing.call("sale.order", "action_o2c_create_invoices", [order]) == []
    _ship(admin, picking)
    invoices = billing.call("sale.order", "action_o2c_create_invoices", [order])
    assert len(invoices) == 1
    assert isinstance(invoices[0], int)
    [invoice] = billing.call(
        "account.move",
        "read",
        invoices,
        fields=["state", "move_type", "partner_id", "amount_untaxed"],
    )
    assert invoice["state"] == "draft"
    assert invoice["move_type"] == "out_invoice"
    assert invoice["partner_id"][0] == customer
    assert invoice["amount_untaxed"] == 50.0
    # invoiced: nothing more to invoice
    assert billing.call("sale.order", "action_o2c_create_invoices", [order]) == []
    [read] = admin.call("sale.order", "read", [order], fields=["invoice_ids"])
    assert read["invoice_ids"] == invoices


def test_create_invoices_refused(admin, billing):
    quotation = admin.create_quotation(
        admin.create_customer(), admin.create_product(), 1
    )
    with pytest.raises(xmlrpc.client.Fault, match="Only confirmed orders"):
        billing.call("sale.order", "action_o2c_create_invoices", [quotation])
    salesperson = admin.create_user("Verkauf", ["sales_team.group_sale_salesman"])
    with pytest.raises(xmlrpc.client.Fault, match="accounting staff"):
        salesperson.call("sale.order", "action_o2c_create_invoices", [quotation])
    [read] = admin.call("sale.order", "read", [quotation], fields=["invoice_ids"])
    assert read["invoice_ids"] == []
