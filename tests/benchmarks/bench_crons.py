#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: cost per record of the scheduled work as the backlog grows.

Creates a fresh database with the three order-to-cash addons (no demo data)
and, for each backlog size (default 1,000 and 10,000), makes that many

- confirmed orders waiting for automatic invoicing,
- overdue posted invoices waiting for a payment reminder,
- after-sales follow-ups due to be sent,

spread over customers of ten records each (templates made through the ORM,
then cloned in bulk with SQL so that 10,000 records take seconds). The
large database is a copy of the small one, grown. It then measures one batch
of each cron (``--sample`` records, default 100) and the review of
``--sample`` quotations, on both databases interleaved (small, large, small,
large ...), each run in a transaction rolled back afterwards, so both sizes
process the very same records: the difference is the cost of the backlog
alone. Prints
seconds and SQL queries per record and the ratio largest/smallest (goal:
at most 1.2, the cost per record stays flat).

    python3 tests/benchmarks/bench_crons.py --sizes 1000,10000 --sample 100

Needs what run-tests.sh needs. Not part of CI.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "install"))

from odoo_db import OURS, clean_up, close, copy, install, load_config, write_config

PER_CUSTOMER = 10


class Backlog:
    STATE = (
        "size",
        "partners",
        "order_template",
        "invoice_template",
        "followup_template",
        "quotations",
    )

    def __init__(self, db, copy_of=None):
        """A backlog on ``db``: set up from scratch, or the state of
        ``copy_of`` when ``db`` was created from its database."""
        import odoo
        from odoo import SUPERUSER_ID, api

        self.registry = odoo.modules.registry.Registry(db)
        self.api = api
        self.uid = SUPERUSER_ID
        if copy_of:
            for name in self.STATE:
                value = getattr(copy_of, name)
                setattr(self, name, list(value) if isinstance(value, list) else value)
            return
        self.size = 0
        self.partners = []
        with self.registry.cursor() as cr:
            self.setup(self.env(cr))

    def env(self, cr):
        return self.api.Environment(cr, self.uid, {})

    # ------------------------------------------------------------------
    def setup(self, env):
        """The automations switched on for the company, the products, the
        first customer, the templates ``grow`` clones and the quotations the
        review benchmark reviews."""
        company = env.company
        company.write(
            {
                "o2c_auto_invoice": True,
                "account_use_credit_limit": True,
                "o2c_followup_delay_days": 0,
                # the backlog is dated in the past: the automations take it
                # (they leave records before their start dates alone)
                "o2c_auto_invoice_start_date": "2000-01-01",
                "o2c_reminder_start_date": "2000-01-01",
                "o2c_followup_start_date": "2000-01-01",
            }
        )
        service, goods = self._create_products(env, company)
        self.add_partners(env, 1)
        partner = env["res.partner"].browse(self.partners[0])
        self.order_template = self._order_template(env, partner, service)
        self.invoice_template = self._invoice_template(env, partner, service)
        self.followup_template = self._followup_template(env, partner, goods)
        # the quotations the review benchmark reviews
        self.quotations = self._create_quotations(env, goods, service)

    @staticmethod
    def _create_products(env, company):
        """A service invoiced on order and goods in stock; returns both."""
        service = env["product.product"].create(
            {
                "name": "Wartungsvertrag",
                "type": "service",
                "list_price": 120.0,
                "invoice_policy": "order",
                "taxes_id": [(5, 0, 0)],
            }
        )
        goods = env["product.product"].create(
            {
                "name": "Ersatzteil",
                "type": "consu",
                "is_storable": True,
                "list_price": 30.0,
                "taxes_id": [(5, 0, 0)],
            }
        )
        stock = (
            env["stock.warehouse"]
            .search([("company_id", "=", company.id)], limit=1)
            .lot_stock_id
        )
        env["stock.quant"]._update_available_quantity(goods, stock, 1e7)
        return service, goods

    @staticmethod
    def _order_template(env, partner, service):
        """Template: a confirmed order to invoice; returns its id."""
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": service.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        return order.id

    @staticmethod
    def _invoice_template(env, partner, service):
        """Template: an invoice overdue for ten days; returns its id."""
        from odoo import fields

        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today() - timedelta(days=10),
                "invoice_payment_term_id": env.ref(
                    "account.account_payment_term_immediate"
                ).id,
                "invoice_line_ids": [
                    (0, 0, {"product_id": service.id, "tax_ids": [(5, 0, 0)]})
                ],
            }
        )
        invoice.action_post()
        return invoice.id

    @staticmethod
    def _followup_template(env, partner, goods):
        """Template: a follow-up due to be sent, of an order delivered and
        committed; returns its id."""
        delivered = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": goods.id, "product_uom_qty": 1})],
            }
        )
        delivered.action_confirm()
        for move in delivered.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        delivered.picking_ids.button_validate()
        env.cr.commit()  # the follow-up is scheduled when the delivery commits
        followup = env["o2c.followup"].search([("order_id", "=", delivered.id)])
        assert followup, "no follow-up scheduled"
        return followup.id

    def _create_quotations(self, env, goods, service):
        """``sample`` quotations of the first customer; returns their ids."""
        return (
            env["sale.order"]
            .create(
                [
                    {
                        "partner_id": self.partners[0],
                        "order_line": [
                            (0, 0, {"product_id": goods.id, "product_uom_qty": 2}),
                            (
                                0,
                                0,
                                {"product_id": service.id, "product_uom_qty": 1},
                            ),
                        ],
                    }
                    for _index in range(self.sample)
                ]
            )
            .ids
        )

    def add_partners(self, env, count):
        start = len(self.partners)
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Kunde {start + index:05d}",
                    "email": f"kunde{start + index:05d}@example.com",
                    "street": "Hauptstr. 1",
                    "city": "Köln",
                    "country_id": env.ref("base.de").id,
                }
                for index in range(count)
            ]
        )
        partners.with_company(env.company).write(
            {"use_partner_credit_limit": True, "credit_limit": 1e9}
        )
        self.partners += partners.ids

    # ------------------------------------------------------------------
    @staticmethod
    def columns(cr, table):
        cr.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND column_name <> 'id'",
            [table],
        )
        return [row[0] for row in cr.fetchall()]

    def clone(self, cr, table, template_id, parents, fk, overrides):
        """One copy of the template row per parent (id, partner, n) tuple;
        ``overrides`` maps columns to SQL expressions over ``t`` (the
        template row) and ``p`` (parent ``id``, ``partner``, ``n``)."""
        cols = self.columns(cr, table)
        exprs = [overrides.get(col, f"t.{col}") for col in cols]
        ids, partners, numbers = zip(*parents, strict=True)
        cr.execute(
            f"INSERT INTO {table} ({', '.join(cols)})"
            f" SELECT {', '.join(exprs)}"
            f" FROM {table} t,"
            " unnest(%s::int[], %s::int[], %s::int[]) AS p(id, partner, n)"
            f" WHERE t.{fk} = %s ORDER BY p.n, t.id RETURNING id",
            [list(ids), list(partners), list(numbers), template_id],
        )
        return [row[0] for row in cr.fetchall()]

    def grow(self, size):
        """Bring each backlog to ``size`` records."""
        count = size - self.size
        if count <= 0:
            return
        with self.registry.cursor() as cr:
            env = self.env(cr)
            needed = -(-size // PER_CUSTOMER) - len(self.partners)
            if needed > 0:
                self.add_partners(env, needed)
            env.flush_all()
            numbers = list(range(self.size + 1, size + 1))
            partners = [self.partners[(n - 1) // PER_CUSTOMER] for n in numbers]
            parents = [
                (0, partner, n) for partner, n in zip(partners, numbers, strict=True)
            ]
            orders = self._clone_orders(cr, parents, partners, numbers)
            self._clone_invoices(cr, parents, partners, numbers)
            self._clone_followups(env, orders, partners, numbers)
            cr.execute("ANALYZE")
        self.size = size

    def _clone_orders(self, cr, parents, partners, numbers):
        """Orders to invoice, with their lines, one per parent; returns
        their ids."""
        orders = self.clone(
            cr,
            "sale_order",
            self.order_template,
            parents,
            "id",
            {
                "name": "t.name || '-' || p.n",
                "partner_id": "p.partner",
                "partner_invoice_id": "p.partner",
                "partner_shipping_id": "p.partner",
                "access_token": "NULL",
            },
        )
        self.clone(
            cr,
            "sale_order_line",
            self.order_template,
            list(zip(orders, partners, numbers, strict=True)),
            "order_id",
            {"order_id": "p.id", "order_partner_id": "p.partner"},
        )
        return orders

    def _clone_invoices(self, cr, parents, partners, numbers):
        """Overdue invoices, with their journal items, one per parent."""
        moves = self.clone(
            cr,
            "account_move",
            self.invoice_template,
            parents,
            "id",
            {
                "name": "t.name || '-' || p.n",
                "partner_id": "p.partner",
                "commercial_partner_id": "p.partner",
                "partner_shipping_id": "p.partner",
                "access_token": "NULL",
                "inalterable_hash": "NULL",
                "secure_sequence_number": "NULL",
            },
        )
        self.clone(
            cr,
            "account_move_line",
            self.invoice_template,
            list(zip(moves, partners, numbers, strict=True)),
            "move_id",
            {"move_id": "p.id", "partner_id": "p.partner"},
        )

    def _clone_followups(self, env, orders, partners, numbers):
        """Follow-ups due, one per order, with their products."""
        cr = env.cr
        followups = self.clone(
            cr,
            "o2c_followup",
            self.followup_template,
            list(zip(orders, partners, numbers, strict=True)),
            "id",
            {
                "order_id": "p.id",
                "partner_id": "p.partner",
                "access_token": "NULL",
                "date_due": "CURRENT_DATE - 1",
            },
        )
        rel = env["o2c.followup"]._fields["product_ids"]
        cr.execute(
            f"INSERT INTO {rel.relation} ({rel.column1}, {rel.column2})"
            f" SELECT f.id, r.{rel.column2} FROM {rel.relation} r,"
            " unnest(%s::int[]) AS f(id)"
            f" WHERE r.{rel.column1} = %s",
            [followups, self.followup_template],
        )

    # ------------------------------------------------------------------
    def measure_once(self, name):
        """Seconds and queries per record processed by one run of the
        benchmark ``name``, rolled back afterwards."""
        with self.registry.cursor() as cr:
            env = self.env(cr)
            env.flush_all()
            count0 = cr.sql_log_count
            start = time.perf_counter()
            processed = getattr(self, name)(env)
            env.flush_all()
            seconds = time.perf_counter() - start
            queries = cr.sql_log_count - count0
            cr.rollback()
        # a batch is the sample; the reminders' may hold more: one letter
        # per customer names every overdue invoice of the customer
        assert processed >= self.sample, (name, processed)
        return seconds / processed, queries / processed

    def review(self, env):
        orders = env["sale.order"].browse(self.quotations)
        orders.action_o2c_review()
        return len(orders)

    def invoicing(self, env):
        invoices = env["sale.order"]._o2c_cron_auto_invoice(batch_size=self.sample)
        return len(invoices)

    def reminders(self, env):
        sent = env["account.move"]._o2c_cron_send_reminders(batch_size=self.sample)
        return len(sent)

    def followups(self, env):
        before = env["o2c.followup"].search_count([("state", "=", "sent")])
        env["o2c.followup"]._cron_process_followups(batch_size=self.sample)
        return env["o2c.followup"].search_count([("state", "=", "sent")]) - before


def parse_args():
    """The command line's options; ``sizes`` the two sizes, the smaller first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="measured runs each")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if len(sizes) != 2 or sizes[0] >= sizes[1]:
        parser.error("--sizes takes two sizes, the smaller first")
    return args, sizes


def make_backlogs(dbs, small, large):
    """The backlog of ``small`` records on its database, then a copy of it
    grown to ``large``; returns {size: Backlog}."""
    db = dbs[small]
    backlogs = {small: Backlog(db)}
    backlogs[small].grow(small)
    # the large database starts as a copy of the small one (same
    # templates and records), then grows
    close(db)
    copy(db, dbs[large])
    backlogs = {
        small: Backlog(db, copy_of=backlogs[small]),
        large: Backlog(dbs[large], copy_of=backlogs[small]),
    }
    start = time.perf_counter()
    backlogs[large].grow(large)
    print(
        f"grew a copy from {small} to {large} records per cron in "
        f"{time.perf_counter() - start:.1f}s",
        flush=True,
    )
    return backlogs


def measure(backlogs, runs, small, large):
    """Each benchmark ``runs`` times on both sizes, interleaved; returns
    {(name, size): (median seconds, median queries) per record}."""
    results = {}
    for name in ("review", "invoicing", "reminders", "followups"):
        samples = {small: [], large: []}
        # interleaved, small large small large ..., after a warm-up each
        for run in range(runs + 1):
            for size in (small, large):
                sample = backlogs[size].measure_once(name)
                if run:
                    samples[size].append(sample)
        for size in (small, large):
            results[name, size] = (
                statistics.median(s for s, _q in samples[size]),
                statistics.median(q for _s, q in samples[size]),
            )
        print(f"  {name} measured", flush=True)
    return results


def print_results(results, small, large):
    """Print the time and queries per record at both sizes and their ratios."""
    print()
    print(
        f"{'cron':10} {'ms/rec @' + str(small):>14} {'ms/rec @' + str(large):>14}"
        f" {'time x':>7} {'q/rec @' + str(small):>13}"
        f" {'q/rec @' + str(large):>13} {'q x':>6}"
    )
    for name in ("review", "invoicing", "reminders", "followups"):
        (s_low, q_low), (s_high, q_high) = (
            results[name, small],
            results[name, large],
        )
        print(
            f"{name:10} {s_low * 1000:14.2f} {s_high * 1000:14.2f}"
            f" {s_high / s_low:7.2f} {q_low:13.2f} {q_high:13.2f}"
            f" {q_high / q_low:6.2f}"
        )


def main():
    """Install the database, make both backlogs, measure and print."""
    args, sizes = parse_args()
    db = f"o2c_bench_crons_{os.getpid()}"
    work, config = write_config("o2c-bench-")
    small, large = sizes
    dbs = {small: db, large: f"{db}_large"}
    try:
        install(config, db, OURS)
        load_config(config)
        Backlog.sample = args.sample
        backlogs = make_backlogs(dbs, small, large)
        results = measure(backlogs, args.runs, small, large)
        print_results(results, small, large)
    finally:
        if not args.keep_db:
            clean_up(dbs.values(), work)


if __name__ == "__main__":
    main()
