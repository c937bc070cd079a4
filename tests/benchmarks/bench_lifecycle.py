#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: the full order-to-cash lifecycle, vanilla Odoo vs our addons.

Creates two fresh databases on the same PostgreSQL, one with Odoo core only
(sale_management, sale_stock, account, stock_delivery) and one with the three
order-to-cash addons, then runs the lifecycle of N orders (create, review,
confirm, control, deliver, invoice, post, pay) on each, interleaved order by
order (A B A B ...), every step committed as a request would be. In the
order-to-cash database the review runs its four checks and every delivery
has a manual control point a person checks before the control is passed.
Prints seconds and SQL queries per order for each database, per step, and
the ratio; also the CPU time of this process (the Python side, without the
database server's time), which varies less from run to run than the elapsed
time on a shared machine.

    python3 tests/benchmarks/bench_lifecycle.py --orders 30 --rounds 3

Needs what run-tests.sh needs (an importable Odoo 18, PostgreSQL through the
PG* environment variables). Not part of CI.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "install"))

from odoo_db import (
    CORE,
    OURS,
    clean_up,
    customer_vals,
    install,
    load_config,
    write_config,
)


class Lifecycle:
    """Runs order lifecycles on one database, one committed step at a time."""

    def __init__(self, db, customer_mails=True):
        import odoo
        from odoo import SUPERUSER_ID, api

        self.db = db
        self.customer_mails = customer_mails
        self.registry = odoo.modules.registry.Registry(db)
        self.api = api
        self.uid = SUPERUSER_ID
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.setup(env)
            self.has_mail_queue = "o2c.mail.queue" in env

    def setup(self, env):
        """The customer, the products in stock, the bank journal; in the
        addons' database a manual control point on deliveries (and, without
        customer mails, the confirmation e-mails switched off)."""
        company = env.company
        self.customer_id = self._create_customer(env)
        self.product_ids = self._create_products_in_stock(env, company)
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        self.journal_id = journal.id
        if not self.customer_mails and "o2c_send_confirmation" in company._fields:
            # like for like: vanilla Odoo e-mails no confirmation when staff
            # confirm an order and no shipping confirmation
            company.write(
                {"o2c_send_confirmation": False, "o2c_shipping_confirmation": False}
            )
        if "o2c.control.point" in env:
            self._create_control_point(env, company)

    @staticmethod
    def _create_customer(env):
        """The customer of every order; returns its id."""
        vals = customer_vals(env, "Benchmark Kunde", "kunde@example.com")
        return env["res.partner"].create(vals).id

    @staticmethod
    def _create_products_in_stock(env, company):
        """Five storable products, plenty of each in stock; returns their ids."""
        products = env["product.product"].create(
            [
                {
                    "name": f"Bench Artikel {i}",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 10.0 + i,
                    "invoice_policy": "delivery",
                }
                for i in range(5)
            ]
        )
        stock = (
            env["stock.warehouse"]
            .search([("company_id", "=", company.id)], limit=1)
            .lot_stock_id
        )
        for product in products:
            env["stock.quant"]._update_available_quantity(product, stock, 1e6)
        return products.ids

    @staticmethod
    def _create_control_point(env, company):
        """A manual control point on the company's deliveries."""
        # a manual control point on deliveries: every shipment is checked
        # by a person before it leaves (the addons' control step)
        env["o2c.control.point"].create(
            {
                "name": "Packstück und Lieferschein geprüft",
                "picking_type_ids": [
                    (
                        6,
                        0,
                        env["stock.picking.type"]
                        .search(
                            [
                                ("code", "=", "outgoing"),
                                ("company_id", "=", company.id),
                            ]
                        )
                        .ids,
                    )
                ],
            }
        )

    def step(self, func):
        """Run one step in its own transaction; return (seconds, queries,
        CPU seconds of this process)."""
        with self.registry.cursor() as cr:
            env = self.api.Environment(cr, self.uid, {"tracking_disable": False})
            count0 = cr.sql_log_count
            start = time.perf_counter()
            cpu_start = time.process_time()
            func(env)
            env.flush_all()
            cr.commit()
            return (
                time.perf_counter() - start,
                cr.sql_log_count - count0,
                time.process_time() - cpu_start,
            )

    def run_order(self):
        """Run the lifecycle of one new order, each step committed; returns
        (seconds, queries, steps, CPU seconds) of the request steps, steps
        being {step name: (seconds, queries, CPU seconds)} (with "mails
        (cron)", not in the totals, where the addons queue mails)."""
        state = {}
        seconds = queries = cpu = 0
        steps = {}
        for func in (
            *self._sales_steps(state),
            *self._warehouse_steps(state),
            *self._accounting_steps(state),
        ):
            s, q, c = self.step(func)
            steps[func.__name__] = (s, q, c)
            seconds += s
            queries += q
            cpu += c
        # off the request path: the customer e-mails the confirmation and the
        # validation queued, rendered and sent by the mail queue's cron (as
        # the cron worker runs it); reported apart, not in the request total
        if self.has_mail_queue:
            steps["mails (cron)"] = self.step(
                lambda env: env["o2c.mail.queue"]._o2c_cron_send()
            )
        self._check_done(state)
        return seconds, queries, steps, cpu

    def _sales_steps(self, state):
        """The steps create, review and confirm of the order in ``state``."""

        def create(env):
            order = env["sale.order"].create(
                {
                    "partner_id": self.customer_id,
                    "order_line": [
                        (0, 0, {"product_id": pid, "product_uom_qty": 3})
                        for pid in self.product_ids
                    ],
                }
            )
            state["order"] = order.id

        def review(env):
            order = env["sale.order"].browse(state["order"])
            if hasattr(order, "action_o2c_review"):
                order.action_o2c_review()

        def confirm(env):
            env["sale.order"].browse(state["order"]).action_confirm()

        return create, review, confirm

    def _warehouse_steps(self, state):
        """The steps pick, control and deliver of the order in ``state``."""

        def pick(env):
            pickings = env["sale.order"].browse(state["order"]).picking_ids
            for picking in pickings:
                for move in picking.move_ids:
                    move.quantity = move.product_uom_qty
                    move.picked = True

        def control(env):
            pickings = env["sale.order"].browse(state["order"]).picking_ids
            if hasattr(pickings, "action_o2c_control_pass"):
                # the manual point checked, then the control recorded
                pickings.o2c_control_ids.write({"is_done": True})
                pickings.action_o2c_control_pass()
                assert set(pickings.mapped("o2c_control_state")) == {"passed"}

        def deliver(env):
            pickings = env["sale.order"].browse(state["order"]).picking_ids
            pickings.button_validate()
            assert set(pickings.mapped("state")) == {"done"}

        return pick, control, deliver

    def _accounting_steps(self, state):
        """The steps invoice_and_post and pay of the order in ``state``."""

        def invoice_and_post(env):
            invoices = env["sale.order"].browse(state["order"])._create_invoices()
            invoices.action_post()
            state["invoices"] = invoices.ids

        def pay(env):
            invoices = env["account.move"].browse(state["invoices"])
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create({"journal_id": self.journal_id})._create_payments()

        return invoice_and_post, pay

    def _check_done(self, state):
        """In the addons' database, the order is done and its review found
        nothing (a transaction of its own, not measured)."""
        with self.registry.cursor() as cr:
            env = self.api.Environment(cr, self.uid, {})
            order = env["sale.order"].browse(state["order"])
            if "o2c_stage" in order._fields:
                assert order.o2c_stage == "done", order.o2c_stage
                assert order.o2c_check_ids, "the review ran"
                assert set(order.o2c_check_ids.mapped("result")) == {"ok"}


def parse_args():
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=30, help="orders per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-dbs", action="store_true")
    parser.add_argument(
        "--without-customer-mails",
        action="store_true",
        help="switch off the addons' order and shipping confirmation e-mails "
        "(vanilla sends neither), to compare like for like",
    )
    return parser.parse_args()


def run_rounds(runners, rounds, orders):
    """A warm-up order on each database, then ``rounds`` rounds of ``orders``
    orders, interleaved; returns {database name: [run_order() result]}."""
    # warm-up: one order each, not measured
    for runner in runners.values():
        runner.run_order()
    results = {name: [] for name in runners}
    for round_index in range(rounds):
        # interleaved, order by order: A B A B ...
        for _index in range(orders):
            for name in ("vanilla", "o2c"):
                results[name].append(runners[name].run_order())
        print(f"round {round_index + 1}/{rounds} done", flush=True)
    return results


def print_steps(results):
    """Print each step's median time, mean queries and median CPU time."""
    print()
    print("per step: median ms / mean queries / median CPU ms (vanilla | o2c)")
    for step in results["o2c"][0][2]:
        cells = []
        for name in ("vanilla", "o2c"):
            rows = [r[2][step] for r in results[name] if step in r[2]]
            if not rows:
                cells.append("%37s" % "-")
                continue
            cells.append(
                "%8.1f ms %7.1f q %7.1f cpu"
                % (
                    statistics.median(r[0] for r in rows) * 1000,
                    statistics.mean(r[1] for r in rows),
                    statistics.median(r[2] for r in rows) * 1000,
                )
            )
        print(f"  {step:18} {cells[0]} | {cells[1]}")


def print_summary(results):
    """Print each database's figures per order and the ratios o2c/vanilla."""
    print()
    print(
        f"{'database':10} {'orders':>6} {'s/order':>9} {'queries/order':>14}"
        f" {'CPU s/order':>12}"
    )
    summary = {}
    for name, rows in results.items():
        sec = statistics.median(r[0] for r in rows)
        qry = statistics.mean(r[1] for r in rows)
        cpu = statistics.median(r[3] for r in rows)
        summary[name] = (sec, qry, cpu)
        print(f"{name:10} {len(rows):>6} {sec:>9.4f} {qry:>14.1f} {cpu:>12.4f}")
    print()
    print(
        "ratio o2c/vanilla: time %.3fx, queries %.3fx, CPU time of this "
        "process %.3fx"
        % tuple(summary["o2c"][i] / summary["vanilla"][i] for i in range(3))
    )


def main():
    """Install both databases, run the rounds and print the figures."""
    args = parse_args()
    tag = os.getpid()
    dbs = {"vanilla": f"o2c_bench_core_{tag}", "o2c": f"o2c_bench_o2c_{tag}"}
    work, config = write_config("o2c-bench-")
    try:
        install(config, dbs["vanilla"], CORE)
        install(config, dbs["o2c"], OURS)
        load_config(config)
        runners = {
            name: Lifecycle(db, customer_mails=not args.without_customer_mails)
            for name, db in dbs.items()
        }
        results = run_rounds(runners, args.rounds, args.orders)
        print_steps(results)
        print_summary(results)
    finally:
        if not args.keep_dbs:
            clean_up(dbs.values(), work)


if __name__ == "__main__":
    main()
