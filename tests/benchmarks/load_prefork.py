#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load test: the order lifecycle over XML-RPC on Odoo's prefork server,
vanilla Odoo vs the addons.

For each of two fresh databases (Odoo core: sale_management, sale_stock,
account, stock_delivery; and the three addons), starts Odoo's multi-worker
server on it (``--workers 4 --max-cron-threads 2``: the scheduled actions
run beside the load, among them the addons' customer e-mails), then lets N
concurrent XML-RPC clients (8, then 32) each take orders through the whole
lifecycle: create, review (addons), confirm, control (addons), validate the
delivery, invoice, post, pay. Measures the throughput (orders per minute),
the latency of each step (p50, p95) and the errors that reach a client
(Odoo's own retry of a serialization failure is not one). Then checks for
duplicates: one delivery and one invoice per order, one order and one
shipping confirmation per order (addons), every queued customer e-mail sent
within a minute of the end of the load.

    python3 tests/benchmarks/load_prefork.py --clients 8,32 --orders 4

Needs what run-tests.sh needs (an importable Odoo 18, PostgreSQL through the
PG* variables) and free local ports. Not part of CI.
"""

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "install"))

from odoo_db import (
    CORE,
    OURS,
    clean_up,
    customer_vals,
    environment,
    install,
    load_config,
    odoo_command,
    write_config,
)
from odoo_db import query as db_query

STEPS = ("create", "review", "confirm", "control", "validate", "invoice", "pay")
QTY = 3
# the catalogue, and the products of each order (drawn from it): on five
# products shared by every order, Odoo core's own reservation of the same
# stock quants makes concurrent confirmations fail (vanilla too)
PRODUCTS = 50
LINES = 5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(db, customers, customer_mails=True):
    """Products in stock, customers with an address and payment terms, the
    bank journal; in the addons' database a manual control point on
    deliveries. Returns what the clients need."""
    env = environment(db)
    try:
        company = env.company
        products, warehouse = _products_in_stock(env, company)
        partners = _customers(env, customers)
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        if not customer_mails and "o2c_send_confirmation" in company._fields:
            # like for like: vanilla Odoo e-mails no confirmation when staff
            # confirm an order and no shipping confirmation
            company.write(
                {"o2c_send_confirmation": False, "o2c_shipping_confirmation": False}
            )
        if "o2c.control.point" in env:
            env["o2c.control.point"].create(
                {
                    "name": "Packstück und Lieferschein geprüft",
                    "picking_type_ids": [(6, 0, warehouse.out_type_id.ids)],
                }
            )
        env.cr.commit()
        return {
            "products": products.ids,
            "partners": partners.ids,
            "journal": journal.id,
            "o2c": "o2c.control.point" in env,
        }
    finally:
        env.cr.close()


def _products_in_stock(env, company):
    """The catalogue, plenty of each product in stock; returns the products
    and the company's warehouse."""
    products = env["product.product"].create(
        [
            {
                "name": f"Last Artikel {i:02d}",
                "type": "consu",
                "is_storable": True,
                "list_price": 10.0 + i,
                "invoice_policy": "delivery",
            }
            for i in range(PRODUCTS)
        ]
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 1e6
        )
    return products, warehouse


def _customers(env, customers):
    """``customers`` customers with an address and 30 days to pay."""
    return env["res.partner"].create(
        [
            customer_vals(env, f"Last Kunde {i}", f"kunde{i}@example.com")
            for i in range(customers)
        ]
    )


def odoo_script():
    """Odoo's start script: odoo-bin beside the imported package (a source
    folder), else the ``odoo`` command beside this interpreter."""
    import odoo

    source = Path(odoo.__file__).resolve().parents[1] / "odoo-bin"
    if source.exists():
        return str(source)
    command = Path(sys.executable).parent / "odoo"
    if command.exists():
        return str(command)
    raise RuntimeError("no odoo-bin nor odoo command found for this Odoo")


class Server:
    """Odoo's prefork server on one database, started and stopped."""

    def __init__(self, config, db, workers, cron_threads, logfile):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # the prefork server starts its websocket (gevent) process with
        # sys.argv[0]: run by its script (odoo-bin, or the "odoo" command of a
        # pip install), not by "python -m odoo"
        command = [sys.executable, odoo_script(), *odoo_command(config, db)[3:]]
        command += [
            f"--workers={workers}",
            f"--max-cron-threads={cron_threads}",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            f"--db-filter=^{db}$",
            "--limit-time-real=600",
            "--limit-time-cpu=600",
            "--limit-memory-soft=4294967296",
            "--limit-memory-hard=5368709120",
            "--log-level=warn",
            f"--logfile={logfile}",
        ]
        self.process = subprocess.Popen(command, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/web/login", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"Odoo did not answer on {self.url}; see {logfile}")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Client:
    """One XML-RPC client taking orders through the lifecycle."""

    def __init__(self, url, db, data, customer, seed):
        self.db, self.data, self.customer = db, data, customer
        self.random = random.Random(seed)
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
            db, "admin", "admin", {}
        )
        self.models = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True
        )
        self.times = {step: [] for step in STEPS}
        self.errors = []
        self.orders = []

    def call(self, model, method, *args, **kw):
        return self.models.execute_kw(
            self.db, self.uid, "admin", model, method, list(args), kw
        )

    def timed(self, step, func):
        start = time.perf_counter()
        result = func()
        self.times[step].append(time.perf_counter() - start)
        return result

    def lifecycle(self):
        """Take one new order through the steps (review and control in the
        addons' database only); keep its id when all succeed, else the
        error of the step that failed."""
        state = {}
        funcs = {
            **self._sales_steps(state),
            **self._warehouse_steps(state),
            **self._accounting_steps(state),
        }
        for step in STEPS:
            if step in ("review", "control") and not self.data["o2c"]:
                continue
            try:
                self.timed(step, funcs[step])
            except (xmlrpc.client.Fault, OSError) as error:
                message = getattr(error, "faultString", str(error))
                self.errors.append((step, message.strip().splitlines()[-1][:200]))
                return
        self.orders.append(state["order"])

    def _sales_steps(self, state):
        """The steps create, review and confirm of the order in ``state``."""

        def create():
            state["order"] = self.call(
                "sale.order",
                "create",
                {
                    "partner_id": self.customer,
                    "order_line": [
                        (0, 0, {"product_id": pid, "product_uom_qty": QTY})
                        for pid in self.random.sample(self.data["products"], LINES)
                    ],
                },
            )

        def review():
            self.call("sale.order", "action_o2c_review", [state["order"]])

        def confirm():
            self.call("sale.order", "action_confirm", [state["order"]])
            [order] = self.call("sale.order", "read", [state["order"]], ["picking_ids"])
            state["pickings"] = order["picking_ids"]

        return {"create": create, "review": review, "confirm": confirm}

    def _warehouse_steps(self, state):
        """The steps control and validate of the order in ``state``."""

        def control():
            # one read, as the transfer's form: its controls and its moves
            [picking] = self.call(
                "stock.picking",
                "read",
                state["pickings"],
                ["o2c_control_ids", "move_ids"],
            )
            state["moves"] = picking["move_ids"]
            self.call(
                "o2c.picking.control",
                "write",
                picking["o2c_control_ids"],
                {"is_done": True},
            )
            self.call("stock.picking", "action_o2c_control_pass", state["pickings"])

        def validate():
            if "moves" not in state:
                [picking] = self.call(
                    "stock.picking", "read", state["pickings"], ["move_ids"]
                )
                state["moves"] = picking["move_ids"]
            self.call(
                "stock.move",
                "write",
                state["moves"],
                {"quantity": QTY, "picked": True},
            )
            self.call("stock.picking", "button_validate", state["pickings"])

        return {"control": control, "validate": validate}

    def _accounting_steps(self, state):
        """The steps invoice and pay of the order in ``state``."""

        def invoice():
            wizard = self.call(
                "sale.advance.payment.inv",
                "create",
                {"advance_payment_method": "delivered"},
                context={"active_model": "sale.order", "active_ids": [state["order"]]},
            )
            self.call("sale.advance.payment.inv", "create_invoices", [wizard])
            [order] = self.call("sale.order", "read", [state["order"]], ["invoice_ids"])
            state["invoices"] = order["invoice_ids"]
            self.call("account.move", "action_post", state["invoices"])

        def pay():
            wizard = self.call(
                "account.payment.register",
                "create",
                {"journal_id": self.data["journal"]},
                context={
                    "active_model": "account.move",
                    "active_ids": state["invoices"],
                },
            )
            self.call("account.payment.register", "action_create_payments", [wizard])

        return {"invoice": invoice, "pay": pay}

    def run(self, orders, barrier):
        barrier.wait()
        for _index in range(orders):
            self.lifecycle()


class ConnectionSampler(threading.Thread):
    """The most PostgreSQL connections to ``db`` seen while the load runs
    (sampled twice a second)."""

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db, self.most, self.running = db, 0, True

    def run(self):
        while self.running:
            [(count,)] = db_query(
                "postgres",
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '%s'"
                % self.db.replace("'", ""),
            )
            self.most = max(self.most, count)
            time.sleep(0.5)


def load(url, db, data, clients, orders):
    """``clients`` concurrent clients, ``orders`` lifecycles each; returns
    (seconds, clients, most connections to the database)."""
    runners = [
        Client(url, db, data, data["partners"][index % len(data["partners"])], index)
        for index in range(clients)
    ]
    barrier = threading.Barrier(clients + 1)
    threads = [
        threading.Thread(target=runner.run, args=(orders, barrier))
        for runner in runners
    ]
    for thread in threads:
        thread.start()
    sampler = ConnectionSampler(db)
    sampler.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    sampler.running = False
    return seconds, runners, sampler.most


def duplicates(db, order_ids, o2c):
    """Orders with more than one delivery or invoice, or (addons) more than
    one order or shipping confirmation; and the customer e-mails still
    queued."""
    ids = ",".join(str(i) for i in order_ids) or "0"
    found = {}
    found["deliveries"] = db_query(
        db,
        "SELECT sale_id FROM stock_picking WHERE sale_id IN (%s)"
        " GROUP BY sale_id HAVING COUNT(*) > 1" % ids,
    )
    found["invoices"] = db_query(
        db,
        "SELECT sol.order_id FROM sale_order_line sol"
        " JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id"
        " JOIN account_move_line aml ON aml.id = rel.invoice_line_id"
        " WHERE sol.order_id IN (%s)"
        " GROUP BY sol.order_id HAVING COUNT(DISTINCT aml.move_id) > 1" % ids,
    )
    if o2c:
        found["confirmation mails"] = db_query(
            db,
            "SELECT res_id FROM mail_message WHERE model = 'sale.order'"
            " AND res_id IN (%s) AND message_type = 'comment'"
            " AND subject LIKE '%%Order Confirmation%%'"
            " GROUP BY res_id HAVING COUNT(*) > 1" % ids,
        )
        found["shipping mails"] = db_query(
            db,
            "SELECT p.sale_id FROM mail_message m"
            " JOIN stock_picking p ON p.id = m.res_id AND m.model = 'stock.picking'"
            " WHERE p.sale_id IN (%s) AND m.message_type = 'comment'"
            " GROUP BY p.sale_id HAVING COUNT(*) > 1" % ids,
        )
    return {name: len(rows) for name, rows in found.items()}


def wait_for_mail_queue(db, seconds=60):
    """Seconds until the queued customer e-mails are sent (None if they are
    not within ``seconds``)."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if not db_query(db, "SELECT 1 FROM o2c_mail_queue LIMIT 1"):
            return time.monotonic() - start
        time.sleep(1)
    return None


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def report(name, clients, seconds, runners, dups, mail_wait):
    done = sum(len(r.orders) for r in runners)
    errors = [e for r in runners for e in r.errors]
    print(
        f"\n{name}, {clients} clients: {done} orders in {seconds:.1f} s ="
        f" {done / seconds * 60:.1f} orders/min; errors {len(errors)};"
        f" duplicates {dups}"
        + (
            ""
            if mail_wait is False
            else f"; customer e-mails sent {mail_wait:.0f} s after the load"
            if mail_wait is not None
            else "; customer e-mails NOT all sent within 60 s"
        )
    )
    for step in STEPS:
        times = [t for r in runners for t in r.times[step]]
        if times:
            print(
                f"  {step:9} p50 {percentile(times, 0.5) * 1000:7.0f} ms"
                f"  p95 {percentile(times, 0.95) * 1000:7.0f} ms  (n={len(times)})"
            )
    for step, message in errors[:5]:
        print(f"  error at {step}: {message}")
    return done / seconds * 60, len(errors), sum(dups.values())


def parse_args():
    """The command line's options and the concurrency levels."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="8,32", help="concurrency levels")
    parser.add_argument("--orders", type=int, default=4, help="orders per client")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cron-threads", type=int, default=2)
    parser.add_argument("--keep-dbs", action="store_true")
    parser.add_argument(
        "--without-customer-mails",
        action="store_true",
        help="switch off the addons' order and shipping confirmation e-mails "
        "(vanilla sends neither), to compare like for like",
    )
    args = parser.parse_args()
    levels = [int(level) for level in args.clients.split(",")]
    return args, levels


def load_database(name, db, config, work, args, levels):
    """Prepare ``db``, serve it and run the load at each level; returns
    {(name, clients): report()}."""
    summary = {}
    data = prepare(
        db,
        customers=max(levels),
        customer_mails=not args.without_customer_mails,
    )
    server = Server(
        config,
        db,
        args.workers,
        args.cron_threads,
        work / f"{name}.log",
    )
    try:
        # warm-up, not measured: every worker loads the registry
        load(server.url, db, data, args.workers, 1)
        for clients in levels:
            seconds, runners, connections = load(
                server.url, db, data, clients, args.orders
            )
            mail_wait = wait_for_mail_queue(db) if data["o2c"] else False
            order_ids = [o for r in runners for o in r.orders]
            dups = duplicates(db, order_ids, data["o2c"])
            summary[name, clients] = report(
                name, clients, seconds, runners, dups, mail_wait
            )
            print(f"  at most {connections} connections to the database")
    finally:
        server.stop()
    return summary


def compare(summary, levels):
    """Print the addons' throughput against vanilla's, their errors and
    duplicates, at each level."""
    print()
    for clients in levels:
        vanilla, o2c = summary["vanilla", clients], summary["o2c", clients]
        print(
            f"{clients} clients: throughput o2c/vanilla {o2c[0] / vanilla[0]:.2f}x;"
            f" errors {o2c[1]} (vanilla {vanilla[1]}); duplicates {o2c[2]}"
        )


def main():
    """Install both databases, load each in turn and compare."""
    args, levels = parse_args()
    tag = os.getpid()
    dbs = {"vanilla": f"o2c_load_core_{tag}", "o2c": f"o2c_load_o2c_{tag}"}
    work, config = write_config("o2c-load-")
    summary = {}
    try:
        install(config, dbs["vanilla"], CORE)
        install(config, dbs["o2c"], OURS)
        load_config(config)
        for name, db in dbs.items():
            summary.update(load_database(name, db, config, work, args, levels))
        compare(summary, levels)
        print(f"server logs: {work}" if args.keep_dbs else "")
    finally:
        if not args.keep_dbs:
            clean_up(dbs.values(), work)


if __name__ == "__main__":
    main()
