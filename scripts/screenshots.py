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

from pathlib import Path

from o2c_demo_server import (
    connect,
    free_port,
    install_german,
    parse_args,
    start_server,
    wait_for,
)
from playwright.sync_api import sync_playwright

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
    args = parse_args(__doc__.splitlines()[0])
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
