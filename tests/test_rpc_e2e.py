# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The whole order-to-cash lifecycle over XML-RPC, end to end.

An integration account created over RPC, holding only the groups the steps
need (sales, credit release, warehouse, invoicing), takes one order from
intake to a processed return against the running server; the order's stage
is read after every step and the stage log checked at the end.
"""

import uuid
from datetime import date

import pytest


@pytest.fixture(scope="module")
def integration(odoo_server, admin):
    return admin.create_user(
        "Integration",
        [
            "sales_team.group_sale_salesman",
            "base.group_partner_manager",
            "order_to_cash.group_o2c_credit_manager",
            "stock.group_stock_user",
            "account.group_account_invoice",
            # refunds of returned goods are decided by a returns manager
            "o2c_returns.group_o2c_returns_manager",
        ],
        with_email=True,
    )


@pytest.fixture(scope="module")
def clerk(odoo_server, admin):
    """A salesperson who may not release anything."""
    return admin.create_user(
        "Clerk", ["sales_team.group_sale_salesman_all_leads"], with_email=True
    )


def _stage(user, order):
    [read] = user.call("sale.order", "read", [order], fields=["o2c_stage"])
    return read["o2c_stage"]


def _master_data(admin, tag, code, email):
    """The product (20 in stock, invoiced on delivery, 40.00) and the
    customer, as an administrator prepares them; the customer owes an invoice
    overdue for 60 days. Returns (product, partner)."""
    product = admin.call(
        "product.product",
        "create",
        [
            {
                "name": f"E2E Artikel {tag}",
                "default_code": code,
                "type": "consu",
                "is_storable": True,
                "list_price": 40.0,
                "invoice_policy": "delivery",
            }
        ],
    )[0]
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
                "new_quantity": 20,
            }
        ],
    )
    admin.call("stock.change.product.qty", "change_product_qty", wizard)
    country = admin.call("res.country", "search", [("code", "=", "DE")])[0]
    partner = admin.call(
        "res.partner",
        "create",
        [
            {
                "name": f"E2E Kundin {tag}",
                "email": email,
                "street": "Hauptstr. 1",
                "city": "Köln",
                "zip": "50667",
                "country_id": country,
            }
        ],
    )[0]
    # an invoice overdue for 60 days: the credit check holds new orders
    admin.create_overdue_invoice(partner, days=60)
    return product, partner


def _intake_held_for_credit(user, clerk, partner, code, tag):
    """Steps 1 and 2: the order submitted by the integration is held by the
    review (the overdue invoice blocks credit), and stays held when someone
    who may not release it confirms. Returns the order's id."""
    # 1. intake
    result = user.call(
        "sale.order",
        "o2c_submit_order",
        {
            "channel": "api",
            "external_ref": f"E2E-{tag}",
            "partner": partner,
            "lines": [{"product": code, "qty": 3}],
            "note": "Bitte vormittags liefern",
        },
    )
    order = result["id"]
    assert result["state"] == "draft"
    # 2. review: the overdue invoice blocks credit
    assert result["o2c_stage"] == "hold"
    credit = [c for c in result["checks"] if c["check_type"] == "credit"]
    assert credit and credit[0]["result"] == "blocking"
    assert user.call("sale.order", "action_o2c_review", [order]) is True
    assert _stage(user, order) == "hold"
    # confirming a held order is refused with the finding to whoever may not
    # release it (the integration account, a credit manager, could confirm
    # it directly: its release would be recorded)
    with pytest.raises(Exception, match="on hold"):
        clerk.call("sale.order", "action_confirm", [order])
    assert _stage(user, order) == "hold"
    return order


def _release_and_confirm(user, order):
    """Steps 3 and 4: the credit manager releases the order with a reason
    and confirms it. Returns its delivery's id."""
    # 3. release by the credit manager, with a reason
    assert (
        user.call(
            "sale.order", "action_o2c_release", [order], "Kunde zahlt per Vorkasse"
        )
        is True
    )
    # left: the warning that the order has no payment terms
    assert _stage(user, order) == "review"
    # 4. confirm
    assert user.call("sale.order", "action_confirm", [order]) is True
    [read] = user.call("sale.order", "read", [order], fields=["state", "picking_ids"])
    assert read["state"] == "sale"
    [picking] = read["picking_ids"]
    assert _stage(user, order) == "shipping"
    return picking


def _control_ship_and_deliver(user, order, picking, tag):
    """Steps 5 to 7: the delivery's control passes, it ships with a
    tracking number and the carrier reports it delivered today, on time."""
    # 5. control
    assert user.call("stock.picking", "action_o2c_control_pass", [picking]) is True
    # 6. ship with tracking numbers
    user.call(
        "stock.picking", "write", [picking], {"carrier_tracking_ref": f"TRK-{tag}"}
    )
    moves = user.call("stock.move", "search", [("picking_id", "=", picking)])
    user.call("stock.move", "write", moves, {"quantity": 3, "picked": True})
    assert user.call("stock.picking", "button_validate", [picking]) is True
    [shipped] = user.call(
        "stock.picking",
        "read",
        [picking],
        fields=["state", "o2c_control_state", "carrier_tracking_ref"],
    )
    assert shipped["state"] == "done"
    assert shipped["o2c_control_state"] == "passed"
    assert shipped["carrier_tracking_ref"] == f"TRK-{tag}"
    assert _stage(user, order) == "invoicing"
    # 7. the carrier reports the delivery
    today = date.today().isoformat()
    assert (
        user.call("stock.picking", "action_o2c_mark_delivered", [picking], today)
        is True
    )
    [delivered] = user.call(
        "sale.order", "read", [order], fields=["o2c_delivered_date", "o2c_on_time"]
    )
    assert delivered["o2c_delivered_date"] == today
    assert delivered["o2c_on_time"] is True


def _invoice_and_pay(user, order):
    """Steps 8 and 9: what is delivered is invoiced, posted and paid in
    full; the order's stage follows."""
    # 8. invoice what is delivered, and post
    invoices = user.call("sale.order", "action_o2c_create_invoices", [order])
    [read] = user.call("sale.order", "read", [order], fields=["invoice_ids"])
    [invoice] = read["invoice_ids"]
    assert invoices == [invoice]
    assert _stage(user, order) == "invoicing"  # a draft invoice
    user.call("account.move", "action_post", [invoice])
    assert _stage(user, order) == "payment"
    # 9. pay in full
    context = {"active_model": "account.move", "active_ids": [invoice]}
    wizard = user.call("account.payment.register", "create", [{}], context=context)
    user.call(
        "account.payment.register", "action_create_payments", wizard, context=context
    )
    [paid] = user.call("account.move", "read", [invoice], fields=["payment_state"])
    assert paid["payment_state"] == "paid"
    assert _stage(user, order) == "done"


def _answer_the_followup(user, order):
    """Step 10: the follow-up scheduled at delivery gets the customer's
    answer."""
    [followup] = user.call(
        "o2c.followup", "search_read", [("order_id", "=", order)], fields=["state"]
    )
    assert followup["state"] == "scheduled"
    assert (
        user.call(
            "o2c.followup",
            "action_record_answer",
            [followup["id"]],
            5,
            "Alles bestens",
            "api",
        )
        is True
    )
    [answered] = user.call(
        "o2c.followup", "read", [followup["id"]], fields=["state", "rating"]
    )
    assert (answered["state"], answered["rating"]) == ("done", 5)


def _return_one_unit(admin, user, order, product):
    """Step 11: the customer returns one unit (confirm, receive, inspect,
    done): back in stock, credited in a draft credit note, the order stays
    done."""
    rma = user.call(
        "o2c.return",
        "create",
        [
            {
                "order_id": order,
                "line_ids": [
                    (0, 0, {"product_id": product, "qty": 1, "decision": "restock"})
                ],
            }
        ],
    )[0]
    for action, state in (
        ("action_confirm", "confirmed"),
        ("action_receive", "received"),
        ("action_inspect", "inspected"),
        ("action_done", "done"),
    ):
        assert user.call("o2c.return", action, [rma]) is True
        [read] = user.call("o2c.return", "read", [rma], fields=["state"])
        assert read["state"] == state, action
    [line] = user.call(
        "o2c.return.line",
        "search_read",
        [("return_id", "=", rma)],
        fields=["qty_received"],
    )
    assert line["qty_received"] == 1
    # the returned, paid unit is credited: a draft credit note for accounting
    [returned] = user.call("o2c.return", "read", [rma], fields=["credit_note_ids"])
    [credit_note] = user.call(
        "account.move",
        "read",
        returned["credit_note_ids"],
        fields=["move_type", "state", "amount_untaxed"],
    )
    assert (credit_note["move_type"], credit_note["state"]) == ("out_refund", "draft")
    assert credit_note["amount_untaxed"] == 40.0
    # a return does not reopen the delivered order
    assert _stage(user, order) == "done"
    [stock] = admin.call("product.product", "read", [product], ["qty_available"])
    assert stock["qty_available"] == 18


def _assert_stage_log(user, order):
    """The stage log: one row per stage entered, in order, the last one
    open, all written by the integration account."""
    logs = user.call(
        "o2c.stage.log",
        "search_read",
        [("order_id", "=", order)],
        fields=["stage", "date_start", "date_end", "user_id"],
        order="date_start, id",
    )
    assert [log["stage"] for log in logs] == [
        "hold",
        "review",
        "shipping",
        "invoicing",
        "payment",
        "done",
    ]
    assert all(log["date_end"] for log in logs[:-1])
    assert logs[-1]["date_end"] is False
    assert {log["user_id"][0] for log in logs} == {user.uid}


def test_lifecycle_from_intake_to_return_over_rpc(admin, integration, clerk):
    """One order from intake to a processed return, each step a helper of
    its own: 1-2 intake held for credit, 3-4 release and confirm, 5-7
    control, ship and deliver, 8-9 invoice and pay, 10 the follow-up's
    answer, 11 a return; then the stage log."""
    user = integration
    tag = uuid.uuid4().hex[:8]
    code = f"E2E-{tag}"
    email = f"e2e-{tag}@example.com"
    product, partner = _master_data(admin, tag, code, email)

    order = _intake_held_for_credit(user, clerk, partner, code, tag)
    picking = _release_and_confirm(user, order)
    _control_ship_and_deliver(user, order, picking, tag)
    _invoice_and_pay(user, order)
    _answer_the_followup(user, order)
    _return_one_unit(admin, user, order, product)

    # the stage log: one row per stage entered, in order, the last one open
    _assert_stage_log(user, order)
