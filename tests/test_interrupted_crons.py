# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scheduled actions interrupted, with real commits.

The crons run as Odoo's cron worker runs them: one batch per transaction,
committed, called again while work remains. One record of each run fails
for a real reason (an invoice line on a deprecated account, a customer
without e-mail address) and one batch is killed before it commits. The
others are processed, the failing record gets an activity for a person, and
reruns neither process a record twice nor skip one. The data is committed in
the test database (dropped by run-tests.sh).
"""

import uuid
from datetime import timedelta
from functools import partial

import pytest

import odoo
from odoo import SUPERUSER_ID, api, fields

MAX_BATCHES = 200


@pytest.fixture(scope="module")
def registry():
    return odoo.modules.registry.Registry(odoo.tools.config["db_name"])


def _run(registry, func):
    """func(env) in its own committed transaction, as a cron batch."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        return func(env)


def _crash(registry, func):
    """func(env) in a transaction killed before it commits."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        func(env)
        env.flush_all()
        cr.rollback()


def _until_done(registry, func, done):
    """Call the batch func in committed transactions until done(env)."""
    for _batch in range(MAX_BATCHES):
        _run(registry, func)
        if _run(registry, done):
            return
    pytest.fail("the cron never finished")


def _mails(env, model, res_id):
    return env["mail.message"].search_count(
        [
            ("model", "=", model),
            ("res_id", "=", res_id),
            ("message_type", "=", "comment"),
            ("partner_ids", "!=", False),
        ]
    )


# ----------------------------------------------------------------------
# invoicing
# ----------------------------------------------------------------------
def _invoicing_company(env, tag):
    """A company invoicing automatically, with the generic chart of accounts
    and a deprecated copy of its revenue account. Returns (env of the
    company, company, revenue account, deprecated account)."""
    company = env["res.company"].create(
        {"name": f"Abbruch {tag}", "o2c_auto_invoice": True}
    )
    env["account.chart.template"].try_loading(
        "generic_coa", company, install_demo=False
    )
    env = env(context={"allowed_company_ids": company.ids})
    revenue = env["account.account"].search(
        [("company_ids", "in", company.ids), ("account_type", "=", "income")],
        limit=1,
    )
    deprecated = revenue.copy({"code": f"OLD{tag[:3]}", "deprecated": True})
    return env, company, revenue, deprecated


def _invoicing_prepare(env):
    """Six confirmed orders to invoice, one of a product booked on the
    deprecated account. Returns (order ids, failing order id, its product's
    id, revenue account id)."""
    tag = uuid.uuid4().hex[:6]
    env, company, revenue, deprecated = _invoicing_company(env, tag)

    def product(name, **vals):
        return env["product.product"].create(
            {
                "name": f"{name} {tag}",
                "type": "service",
                "list_price": 50.0,
                "invoice_policy": "order",
                "company_id": company.id,
                **vals,
            }
        )

    good = product("Beratung")
    legacy = product("Altbestand", property_account_income_id=deprecated.id)
    partner = env["res.partner"].create(
        {"name": f"Abbruch Kunde {tag}", "email": f"abbruch-{tag}@example.com"}
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "order_line": [(0, 0, {"product_id": item.id, "product_uom_qty": 1})],
            }
            for item in (good, good, legacy, good, good, good)
        ]
    )
    orders.action_confirm()
    failing = orders.filtered(lambda o: o.order_line.product_id == legacy)
    return orders.ids, failing.id, legacy.id, revenue.id


def _invoicing_batch(env):
    env["sale.order"]._o2c_cron_auto_invoice(batch_size=2)


def _invoicing_finished(env, order_ids, failing_id):
    """Only the failing order is left to invoice, with its error."""
    todo = [("id", "in", order_ids), ("invoice_status", "=", "to invoice")]
    orders = env["sale.order"].search(todo)
    return orders.ids == [failing_id] and bool(orders.o2c_invoice_error)


def _invoicing_check(env, order_ids, failing_id):
    """Each other order invoiced once, posted, mailed once; the failing one
    not invoiced at all, its error and an activity naming the deprecated
    account."""
    orders = env["sale.order"].browse(order_ids)
    failing = orders.browse(failing_id)
    for order in orders - failing:
        assert len(order.invoice_ids) == 1, order.name
        assert order.invoice_ids.state == "posted"
        assert _mails(env, "account.move", order.invoice_ids.id) == 1
    assert not failing.invoice_ids, "nothing half-done is left"
    assert "deprecated" in failing.o2c_invoice_error
    [activity] = failing.activity_ids
    assert activity.summary == "Automatic invoicing failed"
    assert "deprecated" in str(activity.note)


def _invoicing_fix(env, legacy_id, failing_id, revenue_id):
    """A person books the product on the revenue account and retries."""
    env["product.product"].browse(legacy_id).with_company(
        env["sale.order"].browse(failing_id).company_id
    ).property_account_income_id = revenue_id
    env["sale.order"].browse(failing_id).action_o2c_retry_auto_invoice()


def _invoicing_check_retried(env, failing_id):
    """The retried order invoiced once, posted, its error gone, no second
    activity."""
    failing = env["sale.order"].browse(failing_id)
    assert len(failing.invoice_ids) == 1
    assert failing.invoice_ids.state == "posted"
    assert not failing.o2c_invoice_error
    assert len(failing.activity_ids) == 1


def test_invoicing_cron_interrupted(registry):
    order_ids, failing_id, legacy_id, revenue_id = _run(registry, _invoicing_prepare)
    batch = _invoicing_batch

    # a worker killed in the middle of its batch: nothing of it stays
    _crash(registry, batch)
    assert (
        _run(
            registry,
            lambda env: env["account.move"].search_count(
                [("invoice_line_ids.sale_line_ids.order_id", "in", order_ids)]
            ),
        )
        == 0
    )

    finished = partial(_invoicing_finished, order_ids=order_ids, failing_id=failing_id)
    _until_done(registry, batch, finished)
    # reruns find nothing more to do
    _run(registry, batch)
    _run(registry, batch)

    _run(
        registry, partial(_invoicing_check, order_ids=order_ids, failing_id=failing_id)
    )

    # a person fixes the product and retries: the next run invoices it once
    fix = partial(
        _invoicing_fix,
        legacy_id=legacy_id,
        failing_id=failing_id,
        revenue_id=revenue_id,
    )
    _run(registry, fix)
    _run(registry, batch)
    _run(registry, batch)

    _run(registry, partial(_invoicing_check_retried, failing_id=failing_id))


# ----------------------------------------------------------------------
# payment reminders
# ----------------------------------------------------------------------
def _reminder_prepare(env):
    """Five invoices overdue for 10 days, the last one of a customer
    without e-mail address. Returns their ids."""
    tag = uuid.uuid4().hex[:6]
    term = env.ref("account.account_payment_term_immediate")
    partners = env["res.partner"].create(
        [
            {"name": f"Mahnung {tag} {index}", "email": f"m{index}-{tag}@ex.com"}
            for index in range(4)
        ]
        + [{"name": f"Ohne Mail {tag}"}]
    )
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today() - timedelta(days=10),
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [(0, 0, {"name": "Posten", "price_unit": 70})],
            }
            for partner in partners
        ]
    )
    invoices.action_post()
    return invoices.ids


def _reminder_batch(env):
    env["account.move"]._o2c_cron_send_reminders(batch_size=2)


def _reminded(env, invoice_ids):
    return env["account.move"].browse(invoice_ids).filtered("o2c_reminder_level_id")


def _reminder_finished(env, invoice_ids):
    """Four invoices reminded, the last one failed with its error."""
    moves = env["account.move"].browse(invoice_ids)
    return len(_reminded(env, invoice_ids)) == 4 and bool(moves[-1].o2c_reminder_error)


def _reminder_check(env, invoice_ids, failing_id):
    """Each other invoice at the first level, in one letter mailed once;
    the failing one not reminded, its error, one activity, no letter
    kept."""
    friendly = env.ref("order_to_cash.reminder_level_friendly")
    moves = env["account.move"].browse(invoice_ids)
    failing = moves.browse(failing_id)
    letters = env["o2c.reminder.letter.line"].search([("move_id", "in", invoice_ids)])
    for move in moves - failing:
        assert move.o2c_reminder_level_id == friendly
        # one letter (one customer each here), one email
        [letter] = letters.filtered_domain([("move_id", "=", move.id)]).letter_id
        assert _mails(env, "o2c.reminder.letter", letter.id) == 1, move.name
    assert not failing.o2c_reminder_level_id
    assert "no email address" in failing.o2c_reminder_error
    assert len(failing.activity_ids) == 1
    # the letter that could not be sent is not kept
    assert not letters.filtered_domain([("move_id", "=", failing.id)])


def test_reminder_cron_interrupted(registry):
    invoice_ids = _run(registry, _reminder_prepare)
    failing_id = invoice_ids[-1]
    batch = _reminder_batch

    _crash(registry, batch)
    assert not _run(registry, lambda env: _reminded(env, invoice_ids).ids)

    _until_done(registry, batch, partial(_reminder_finished, invoice_ids=invoice_ids))
    _run(registry, batch)
    _run(registry, batch)

    _run(
        registry,
        partial(_reminder_check, invoice_ids=invoice_ids, failing_id=failing_id),
    )


# ----------------------------------------------------------------------
# follow-ups
# ----------------------------------------------------------------------
def _followup_prepare(env):
    """Five delivered orders, the last one of a customer without e-mail
    address. Returns their ids."""
    tag = uuid.uuid4().hex[:6]
    product = env["product.product"].create(
        {"name": f"Nachfrage {tag}", "type": "consu", "list_price": 15.0}
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Umfrage {tag} {index}", "email": f"u{index}-{tag}@ex.com"}
            for index in range(4)
        ]
        + [{"name": f"Umfrage ohne Mail {tag}"}]
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                ],
            }
            for partner in partners
        ]
    )
    orders.action_confirm()
    for move in orders.picking_ids.move_ids:
        move.quantity = move.product_uom_qty
        move.picked = True
    orders.picking_ids.button_validate()
    return orders.ids


def _followup_schedule(env, order_ids):
    """The follow-ups of the orders made due yesterday. Returns (their ids,
    the failing one's id)."""
    # follow-ups are scheduled when the delivery commits
    followups = env["o2c.followup"].search([("order_id", "in", order_ids)], order="id")
    assert len(followups) == 5
    followups.write({"date_due": fields.Date.today() - timedelta(days=1)})
    failing = followups.filtered(lambda f: not f.partner_id.email)
    return followups.ids, failing.id


def _followup_batch(env):
    env["o2c.followup"]._cron_process_followups(batch_size=2)


def _followups_sent(env, followup_ids):
    return (
        env["o2c.followup"].browse(followup_ids).filtered(lambda f: f.state == "sent")
    )


def _followup_finished(env, followup_ids, failing_id):
    """Four follow-ups sent, the failing one with its error."""
    failing = env["o2c.followup"].browse(failing_id)
    return len(_followups_sent(env, followup_ids)) == 4 and bool(failing.send_error)


def _followup_check(env, followup_ids, failing_id):
    """Each other follow-up sent and mailed once; the failing one still
    scheduled, its error, one activity, no mail."""
    followups = env["o2c.followup"].browse(followup_ids)
    failing = followups.browse(failing_id)
    for followup in followups - failing:
        assert followup.state == "sent"
        assert _mails(env, "o2c.followup", followup.id) == 1
    assert failing.state == "scheduled"
    assert "e-mail address" in failing.send_error
    assert len(failing.activity_ids) == 1
    assert _mails(env, "o2c.followup", failing.id) == 0


def test_followup_cron_interrupted(registry):
    order_ids = _run(registry, _followup_prepare)
    followup_ids, failing_id = _run(
        registry, partial(_followup_schedule, order_ids=order_ids)
    )
    batch = _followup_batch

    _crash(registry, batch)
    assert not _run(registry, lambda env: _followups_sent(env, followup_ids).ids)

    finished = partial(
        _followup_finished, followup_ids=followup_ids, failing_id=failing_id
    )
    _until_done(registry, batch, finished)
    _run(registry, batch)
    _run(registry, batch)

    _run(
        registry,
        partial(_followup_check, followup_ids=followup_ids, failing_id=failing_id),
    )
