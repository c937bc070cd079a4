#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install check: the addons installed into a company with history.

1. A database with Odoo's core sales, delivery and invoicing modules (no demo
   data) gets a history built with core methods (``history.py``: ``--orders``
   orders over three years: quotations, cancelled, waiting, delivered and
   never invoiced, invoiced and overdue, paid).
2. The three addons are installed (the log must hold no WARNING or ERROR).
3. Checked: every order's stage is derived as its documents say; its stage
   history starts from its documents' dates (one open row, in its stage);
   the install wrote nothing into any chatter.
4. Automatic invoicing is switched on, then every scheduled action of the
   addons and of Odoo's sales, stock, accounting and mail is run (but those
   that talk to the network: sending the mail queue, fetching mail): no
   historical order is invoiced, no reminder is sent, no follow-up is
   scheduled, no e-mail is queued.
5. The install report of the settings names the numbers: orders, customers
   the credit check would hold, overdue invoices and orders to invoice left
   alone for their date.
6. An administrator includes the overdue invoices: the reminder run takes
   them, each at the first level (never a final notice as a first contact).
7. On two copies of the database, the uninstall check
   (``uninstall_check.py``) in both orders of the satellites.

    python3 tests/install/check_install.py --orders 1000 --customers 200

Exit status 0 when every check holds. Creates its databases and drops them.
Part of CI (.ci/run); needs what run-tests.sh needs.
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from history import HistoryBuilder, expected_profiles
from odoo_db import (
    CORE,
    OURS,
    clean_up,
    close,
    copy,
    environment,
    install,
    load_config,
    write_config,
)
from odoo_db import run_crons as run_cron_ids
from uninstall_check import NETWORK_CRONS, ORDERS, uninstall_and_check

# what the install check runs as the addons' own scheduled actions
OUR_CRON_MODULES = ("order_to_cash", "o2c_returns", "o2c_aftersales")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def log(message):
    print(message, flush=True)


def counts(env):
    """What the automations could have written."""
    env.cr.execute(
        """SELECT
             (SELECT COUNT(*) FROM account_move
               WHERE move_type IN ('out_invoice', 'out_refund')),
             (SELECT COUNT(*) FROM mail_mail),
             (SELECT COUNT(*) FROM mail_message
               WHERE model IN ('sale.order', 'stock.picking', 'account.move',
                               'res.partner')),
             (SELECT COUNT(*) FROM mail_activity)"""
    )
    return dict(
        zip(
            ("invoices", "mails", "messages", "activities"),
            env.cr.fetchone(),
            strict=True,
        )
    )


def check_derived(env, profiles):
    """Stages and stage history of the orders found at install."""
    env.cr.execute("SELECT o2c_stage, COUNT(*) FROM sale_order GROUP BY 1")
    stages = dict(env.cr.fetchall())
    expected = {
        "intake": profiles.get("quotation", 0),
        "cancelled": profiles.get("cancelled", 0),
        "invoicing": profiles.get("delivered", 0),
        "payment": profiles.get("invoiced", 0),
        "done": profiles.get("paid", 0),
    }
    waiting = stages.get("production", 0) + stages.get("shipping", 0)
    check(
        {key: stages.get(key, 0) for key in expected} == expected
        and waiting == profiles.get("waiting", 0)
        and None not in stages,
        f"stages derived at install {stages}, expected {expected} and "
        f"{profiles.get('waiting', 0)} waiting",
    )
    env.cr.execute(
        """SELECT COUNT(*) FILTER (WHERE open_rows != 1),
                  COUNT(*) FILTER (WHERE open_stage IS DISTINCT FROM stage),
                  COUNT(*) FILTER (WHERE first_start > confirmed),
                  COUNT(*) FILTER (WHERE negative > 0)
             FROM (SELECT so.id, so.o2c_stage AS stage,
                          so.date_order AS confirmed,
                          COUNT(log.id) FILTER (WHERE log.date_end IS NULL)
                              AS open_rows,
                          MAX(log.stage) FILTER (WHERE log.date_end IS NULL)
                              AS open_stage,
                          MIN(log.date_start) AS first_start,
                          COUNT(*) FILTER (WHERE log.date_end < log.date_start)
                              AS negative
                     FROM sale_order so
                     LEFT JOIN o2c_stage_log log ON log.order_id = so.id
                    GROUP BY so.id) per_order"""
    )
    not_one_open, wrong_stage, late_start, negative = env.cr.fetchone()
    check(
        not (not_one_open or wrong_stage or late_start or negative),
        f"stage history: {not_one_open} orders without exactly one open row, "
        f"{wrong_stage} whose open row is not their stage, {late_start} starting "
        f"after their order date, {negative} rows ending before they start",
    )
    env.cr.execute(
        "SELECT COUNT(*), SUM(duration_hours) FROM o2c_stage_log"
        " WHERE date_end IS NOT NULL"
    )
    closed, hours = env.cr.fetchone()
    check(closed and hours > 0, "no past durations in the stage history")
    return stages, closed


def run_crons(db, modules):
    """Run every active scheduled action of ``modules``, each in its own
    transaction as the cron runner does; returns their names."""
    env = environment(db)
    try:
        env.cr.execute(
            """SELECT c.id, d.module || '.' || d.name
                 FROM ir_cron c
                 JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
                WHERE c.active AND d.module IN %s
                ORDER BY c.id""",
            [tuple(modules)],
        )
        # not those that talk to the network (SMTP, mail servers, odoo.com)
        crons = [
            (i, name) for i, name in env.cr.fetchall() if name not in NETWORK_CRONS
        ]
    finally:
        env.cr.close()
    failed = run_cron_ids(db, crons)
    check(not failed, "scheduled actions fail:\n" + "\n".join(failed))
    return [name for _id, name in crons]


def parse_args(argv):
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--customers", type=int, default=40)
    parser.add_argument("--keep-dbs", action="store_true")
    parser.add_argument(
        "--skip-uninstall", action="store_true", help="stop before step 7"
    )
    return parser.parse_args(argv)


def build_history(args, config, db, work):
    """1. The core modules installed into ``db`` and a history built with
    core methods; returns the expected {profile: orders}."""
    import odoo

    seconds = install(config, db, CORE, work / "core.log")
    log(f"1. core modules installed in {seconds:.0f} s")
    builder = HistoryBuilder(
        odoo.modules.registry.Registry(db),
        customers=args.customers,
        batch=100,
        today=date.today(),
    )
    seconds = builder.build(args.orders, log=None)
    profiles = expected_profiles(args.orders)
    log(f"   history: {args.orders} orders {profiles} in {seconds:.0f} s")
    return profiles


def history_figures(db):
    """What the history holds before the addons: the counts of what the
    automations could write, the overdue invoices and the orders to
    invoice."""
    env = environment(db)
    try:
        before = counts(env)
        env.cr.execute(
            """SELECT COUNT(*) FROM account_move
                WHERE move_type = 'out_invoice' AND state = 'posted'
                  AND payment_state NOT IN ('paid', 'in_payment', 'reversed')
                  AND invoice_date_due < CURRENT_DATE"""
        )
        [(overdue,)] = env.cr.fetchall()
        # delivered and never invoiced, and services sold on waiting orders
        env.cr.execute(
            "SELECT COUNT(*) FROM sale_order"
            " WHERE state = 'sale' AND invoice_status = 'to invoice'"
        )
        [(to_invoice,)] = env.cr.fetchall()
    finally:
        env.cr.close()
    return before, overdue, to_invoice


def check_install_derived(db, profiles, before):
    """3. Stages and stage history derived, nothing written into a chatter;
    then automatic invoicing switched on, as an administrator does first."""
    env = environment(db)
    try:
        stages, closed = check_derived(env, profiles)
        after = counts(env)
        check(
            after == before,
            f"the install wrote into the database's documents or mails: "
            f"{before} before, {after} after",
        )
        log(
            f"3. stages {stages}; {closed} past stage rows from the "
            "documents' dates; nothing in any chatter"
        )
        # what an administrator does first: switch automatic invoicing on
        env["res.company"].search([]).write({"o2c_auto_invoice": True})
        env.cr.commit()
    finally:
        env.cr.close()


def check_history_untouched(env, before, names):
    """4. The scheduled actions ``names`` (run) acted on nothing of the
    history: no invoice, mail, message, activity, reminder or follow-up."""
    after = counts(env)
    check(
        after == before,
        f"the scheduled actions acted on the history: {before} "
        f"before, {after} after ({', '.join(names)})",
    )
    reminded = env["account.move"].search_count(
        [("o2c_reminder_level_id", "!=", False)]
    )
    followups = env["o2c.followup"].search_count([])
    check(
        not reminded and not followups,
        f"{reminded} invoices reminded, {followups} follow-ups "
        "scheduled for the history",
    )
    log(
        f"4. {len(names)} scheduled actions run with automatic "
        "invoicing on: nothing invoiced, reminded, scheduled or mailed"
    )


def check_install_report(env, args, overdue, to_invoice):
    """5. The install report of the settings names the history's numbers;
    returns the settings (as the administrator)."""
    admin = env.ref("base.user_admin")
    settings = env["res.config.settings"].with_user(admin).create({})
    report = {
        "orders": settings.o2c_report_order_count,
        "held for credit": settings.o2c_report_credit_count,
        "overdue left alone": settings.o2c_reminder_history_count,
        "to invoice left alone": settings.o2c_auto_invoice_history_count,
    }
    check(
        report["orders"] == args.orders
        and report["overdue left alone"] == overdue
        and report["to invoice left alone"] == to_invoice
        and 0 < report["held for credit"] <= args.customers,
        f"install report {report}: expected {args.orders} orders, "
        f"{overdue} overdue invoices, {to_invoice} "
        "orders to invoice, some customers held",
    )
    log(f"5. install report: {report}")
    return settings


def check_scheduled_actions(db, args, before, overdue, to_invoice):
    """4. and 5. Every scheduled action run, the install report checked; then
    the administrator includes the overdue invoices (6.)."""
    names = run_crons(
        db, OUR_CRON_MODULES + ("sale", "sale_stock", "stock", "account", "mail")
    )
    env = environment(db)
    try:
        check_history_untouched(env, before, names)
        settings = check_install_report(env, args, overdue, to_invoice)

        # 6. a person includes the overdue invoices
        settings.action_o2c_include_reminder_history()
        env.cr.commit()
    finally:
        env.cr.close()


def check_reminders_first_level(db, overdue):
    """6. The reminder run takes the included overdue invoices, each at the
    first level."""
    run_crons(db, ("order_to_cash",))
    env = environment(db)
    try:
        levels = (
            env["account.move"]
            .search([("o2c_reminder_level_id", "!=", False)])
            .mapped("o2c_reminder_level_id")
        )
        first = env["o2c.reminder.level"].search([], order="sequence, id", limit=1)
        reminded = env["account.move"].search_count(
            [("o2c_reminder_level_id", "!=", False)]
        )
        check(
            reminded and levels == first,
            f"after including the history: {reminded} invoices reminded "
            f"at levels {levels.mapped('name')}, expected the first "
            f"({first.name}) only",
        )
        log(
            f"6. included by an administrator: {reminded} of {overdue} "
            f"overdue invoices reminded, all at the first level ({first.name})"
        )
    finally:
        env.cr.close()


def check_uninstalls(db, copies):
    """7. The uninstall check on a copy of ``db`` for each order of the
    satellites."""
    for copy_db, order in zip(copies, sorted(ORDERS), strict=True):
        copy(db, copy_db)
        uninstall_and_check(copy_db, ORDERS[order], log=lambda m: log(f"   {m}"))
        close(copy_db)
        log(f"7. uninstalled ({order}): core keeps working")


def run_checks(args, work, config, db, copies):
    """Steps 1 to 7 on the database ``db`` and its ``copies``; a failed
    check raises AssertionError."""
    load_config(config)
    # 1. a company with history
    profiles = build_history(args, config, db, work)
    before, overdue, to_invoice = history_figures(db)
    close(db)

    # 2. the addons installed
    seconds = install(config, db, OURS, work / "addons.log")
    log(f"2. addons installed in {seconds:.0f} s, no warning in the log")

    # 3. derived, and nothing written into a chatter
    check_install_derived(db, profiles, before)
    # 4. every scheduled action, 5. the install report
    check_scheduled_actions(db, args, before, overdue, to_invoice)
    # 6. the overdue invoices included by an administrator
    check_reminders_first_level(db, overdue)
    close(db)

    # 7. uninstall, both orders of the satellites
    if not args.skip_uninstall:
        check_uninstalls(db, copies)


def main(argv=None):
    """Run the install check; returns the exit status."""
    args = parse_args(argv)
    work, config = write_config("o2c-install-check-")
    tag = os.getpid()
    db = f"o2c_install_check_{tag}"
    copies = [f"{db}_uninstall_a", f"{db}_uninstall_b"]
    started = time.monotonic()
    passed = False
    try:
        run_checks(args, work, config, db, copies)
        passed = True
    except AssertionError as exc:
        log(f"INSTALL CHECK FAILED: {exc}")
        return 1
    finally:
        if not args.keep_dbs:
            # the work folder (configuration, logs) stays when the check failed
            clean_up((db, *copies), work if passed else None)
    log(f"install check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
