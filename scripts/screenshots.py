#!/usr/bin/env python3
# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the main order-to-cash screens, in English and German.

Starts an Odoo server on a free loopback port against a database that has
the three addons installed WITH demo data, installs German (de_DE) if
needed, logs in as admin/admin with headless Chromium (Playwright) and saves
1280x800 PNGs under docs/screenshots/ (<screen>_<lang>.png).

    python3 scripts/screenshots.py -c odoo.conf -d o2c_demo

Needs: an importable Odoo 18, Playwright for Python and a Chromium
(``--chromium`` to choose its executable; default /usr/bin/chromium).
"""

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# screen name -> (path in the web client, CSS selector to wait for)
SCREENS = {
    "dashboard": (
        "/odoo/action-order_to_cash.action_o2c_dashboard",
        ".o_kanban_record .o2c_kpi_value",
    ),
    "orders_kanban": (
        "/odoo/action-order_to_cash.action_o2c_orders",
        ".o_kanban_group .o_kanban_record",
    ),
    "held_order": (
        "/odoo/action-order_to_cash.action_o2c_orders/{hold}",
        ".o_form_view .alert-danger",
    ),
    "control_failed": (
        "/odoo/action-order_to_cash.action_o2c_queue_controls/{control}",
        ".o_form_view .alert-danger",
    ),
    "queue_controls": (
        "/odoo/action-order_to_cash.action_o2c_queue_controls",
        ".o_list_view .o_data_row",
    ),
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the server did not answer at {url}")


def parse_args():
    """Return the command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True, help="demo database")
    parser.add_argument("--password", default="admin", help="admin's password")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    return parser.parse_args()


def start_server(args, port):
    """Start Odoo's server on the database, on the loopback port; return it."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            args.config,
            "-d",
            args.database,
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--max-cron-threads=0",
            "--workers=0",
            "--log-level=warn",
        ]
    )


def connect(base, args):
    """Log in as admin over XML-RPC; return admin's uid and a call function."""
    rpc = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/object", allow_none=True)
    common = xmlrpc.client.ServerProxy(f"{base}/xmlrpc/2/common")
    uid = common.authenticate(args.database, "admin", args.password, {})
    if not uid:
        raise SystemExit("admin/--password do not log in")

    def call(model, method, *params, **kw):
        return rpc.execute_kw(
            args.database, uid, args.password, model, method, list(params), kw
        )

    return uid, call


def install_german(call):
    """Install German (de_DE) unless it is active already."""
    de = call(
        "res.lang",
        "search",
        [("code", "=", "de_DE"), ("active", "in", (True, False))],
    )
    if not call("res.lang", "search", [("code", "=", "de_DE")]):
        wizard = call("base.language.install", "create", {"lang_ids": [(6, 0, de)]})
        call("base.language.install", "lang_install", [wizard])


def find_demo_records(call):
    """Return the ids (at most one each) of the held order and failed control."""
    return {
        "hold": call(
            "sale.order", "search", [("client_order_ref", "=", "O2C-DEMO-HOLD")]
        )[:1],
        "control": call(
            "stock.picking",
            "search",
            [("o2c_control_state", "=", "failed"), ("state", "=", "assigned")],
        )[:1],
    }


def log_in(page, base, password):
    """Log in to the web client as admin in the browser page."""
    page.goto(f"{base}/web/login")
    page.fill("input[name=login]", "admin")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_navbar")


def screen_path(path, ids):
    """Return the screen's path with its record id, or None without a record."""
    if "{" in path:
        key = path.split("{")[1].rstrip("}")
        if not ids[key]:
            return None
        path = path.format(**{key: ids[key][0]})
    return path


def shoot_screens(page, base, ids, out, lang):
    """Save a screenshot of every screen in the language given."""
    for name, (path, selector) in SCREENS.items():
        path = screen_path(path, ids)
        if path is None:
            continue
        page.goto(base + path)
        page.wait_for_selector(selector, timeout=30000)
        page.wait_for_timeout(800)
        target = out / f"{name}_{lang.split('_')[0]}.png"
        page.screenshot(path=str(target))
        print(f"saved {target}")


def take_screenshots(args, base, uid, call, ids, out):
    """Log in with headless Chromium and shoot the screens in English and German."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        log_in(page, base, args.password)
        for lang in ("en_US", "de_DE"):
            call("res.users", "write", [uid], {"lang": lang})
            shoot_screens(page, base, ids, out, lang)
        call("res.users", "write", [uid], {"lang": "en_US"})
        browser.close()


def main():
    """Serve the database and save the screenshots of its screens."""
    args = parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args, port)
    try:
        wait_for(f"{base}/web/login")
        uid, call = connect(base, args)
        install_german(call)
        ids = find_demo_records(call)
        take_screenshots(args, base, uid, call, ids, out)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
