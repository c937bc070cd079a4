#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark: installing the addons into a company with a long history.

Creates a database with Odoo's core sales, delivery and invoicing modules (no
demo data), builds ``--orders`` orders over the past years with core methods
(``tests/install/history.py``: quotations, cancelled, waiting, delivered and
not invoiced, invoiced and not paid, paid), then installs the three addons
and measures the install: wall time, the peak memory of the Odoo process,
and what it derived (orders per stage, stage history rows). The database is
dropped at the end unless ``--keep-db``.

    python3 tests/benchmarks/bench_install.py --orders 100000

Needs what run-tests.sh needs. Not part of CI (the install check of CI runs
the same history, smaller: tests/install/check_install.py).
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "install"))

from history import HistoryBuilder, grow
from odoo_db import (
    CORE,
    OURS,
    clean_up,
    close,
    copy,
    load_config,
    odoo_command,
    query,
    write_config,
)


def run_measured(command):
    """Run ``command``; return (seconds, peak RSS in MiB of its process)."""
    import psutil

    started = time.monotonic()
    process = subprocess.Popen(command)
    peak = 0
    handle = psutil.Process(process.pid)
    stop = threading.Event()

    def watch():
        nonlocal peak
        while not stop.is_set():
            try:
                peak = max(peak, handle.memory_info().rss)
            except psutil.Error:
                return
            stop.wait(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    rc = process.wait()
    stop.set()
    watcher.join()
    if rc:
        raise SystemExit(f"command failed ({rc}): {' '.join(command)}")
    return time.monotonic() - started, peak / 2**20


def parse_args():
    """The command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument(
        "--seed",
        type=int,
        help="build this many orders with core methods and copy them in SQL "
        "up to --orders (core methods build about 3-5 orders a second)",
    )
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--db", help="use this database (built by an earlier --keep-db run)"
    )
    return parser.parse_args()


def build_history(args, config, history):
    """The database ``history``: the core modules and ``--seed`` (else
    ``--orders``) orders built with core methods, copied in SQL up to
    ``--orders``."""
    print(f"core modules into {history} ...", flush=True)
    run_measured(
        odoo_command(
            config,
            history,
            "-i",
            CORE,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        )
    )
    import odoo as odoo_module

    load_config(config)
    registry = odoo_module.modules.registry.Registry(history)
    builder = HistoryBuilder(registry, customers=args.customers, batch=args.batch)
    built = args.seed or args.orders
    seconds = builder.build(built)
    print(
        f"history: {built} orders built with core methods in"
        f" {seconds:.0f} s ({built / seconds:.1f} orders/s)",
        flush=True,
    )
    if built < args.orders:
        started = time.monotonic()
        with registry.cursor() as cr:
            grow(cr, -(-args.orders // built))
        print(
            f"history: copied in SQL up to {args.orders} orders in"
            f" {time.monotonic() - started:.0f} s",
            flush=True,
        )
    close(history)


def history_sizes(db):
    """{what: count} of the documents and messages of ``db``."""
    return dict(
        query(
            db,
            "SELECT 'orders', COUNT(*) FROM sale_order UNION ALL"
            " SELECT 'order lines', COUNT(*) FROM sale_order_line UNION ALL"
            " SELECT 'transfers', COUNT(*) FROM stock_picking UNION ALL"
            " SELECT 'invoices', COUNT(*) FROM account_move"
            " WHERE move_type = 'out_invoice' UNION ALL"
            " SELECT 'messages', COUNT(*) FROM mail_message",
        )
    )


def install_addons(config, db, work):
    """Install the three addons into ``db``, logging to ``work``/install.log;
    returns (seconds, peak RSS in MiB of the Odoo process)."""
    return run_measured(
        odoo_command(
            config,
            db,
            "-i",
            OURS,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=info",
            f"--logfile={work}/install.log",
        )
    )


def report(db, work, sizes, seconds, peak):
    """Print the install's time and memory and what it derived and wrote."""
    stages = query(
        db, "SELECT o2c_stage, COUNT(*) FROM sale_order GROUP BY 1 ORDER BY 2 DESC"
    )
    [(logs, open_rows, orders_logged)] = query(
        db,
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE date_end IS NULL),"
        " COUNT(DISTINCT order_id) FROM o2c_stage_log",
    )
    [(messages,)] = query(db, "SELECT COUNT(*) FROM mail_message")
    hooks = [
        line.split(" INFO ", 1)[-1].strip()
        for line in Path(f"{work}/install.log").read_text().splitlines()
        if "order_to_cash: " in line
    ]
    print()
    print(
        f"install of the three addons into {sizes['orders']} orders:"
        f" {seconds:.0f} s, peak memory of the Odoo process {peak:.0f} MiB"
    )
    print("orders per stage:", ", ".join(f"{s} {n}" for s, n in stages))
    print(f"stage history: {logs} rows for {orders_logged} orders ({open_rows} open)")
    print(f"messages written by the install: {messages - sizes['messages']}")
    for line in hooks:
        print("  log:", line)


def main():
    """Build (or take) the history, install the addons and report."""
    args = parse_args()
    work, config = write_config("o2c-bench-install-")
    db = args.db or f"o2c_bench_install_{os.getpid()}"
    history = f"{db}_history"
    reported = False
    try:
        if not args.db:
            build_history(args, config, history)
            copy(history, db)
        sizes = history_sizes(db)
        print("before the install:", sizes, flush=True)
        seconds, peak = install_addons(config, db, work)
        report(db, work, sizes, seconds, peak)
        reported = True
    finally:
        if not args.keep_db:
            # the work folder (configuration, install log) stays on a failure
            clean_up((db, history), work if reported else None)
        else:
            print(f"kept databases {history} and {db}; config {config}")


if __name__ == "__main__":
    main()
